"""Characters a person cannot see, made visible: direction controls (U+202E turns "exe.txt"
into "txt.exe" on screen), control characters and escape sequences (a terminal would obey
them), and invisible format characters. They are shown as `<U+202E>`, so a scanned code or a
file says what it really holds (`kiosk qr decode`, #23 round 6).

Line breaks and tabs in multi-line text are kept when `keep_lines` is true; the joiners real
scripts need (U+200C, U+200D) are never hidden characters (`kiosk.domain.names`).
"""

from __future__ import annotations

from kiosk.domain.names import refused_reason


def hidden_in(text: str, *, keep_lines: bool = False) -> list[str]:
    """The hidden characters of `text`, each once, in order, as `U+202E`."""
    found: dict[str, None] = {}
    for char in text:
        if keep_lines and char in "\n\t":
            continue
        if refused_reason(char) is not None:
            found[f"U+{ord(char):04X}"] = None
    return list(found)


def show_hidden(text: str, *, keep_lines: bool = False) -> str:
    """`text` with every hidden character written as `<U+XXXX>`."""
    return "".join(
        char
        if (keep_lines and char in "\n\t") or refused_reason(char) is None
        else f"<U+{ord(char):04X}>"
        for char in text
    )
