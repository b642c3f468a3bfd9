"""`kiosk qr decode` never prints a code's hidden characters raw (#23, stranger round 6: a
U+202E in a code reached the terminal and turned the text around): they are shown as
`<U+202E>`, with a warning; `--json` writes them as \\u escapes."""

from __future__ import annotations

import json
from pathlib import Path

import segno

from kiosk.domain.hidden_chars import hidden_in, show_hidden
from tests.qr.images import on_paper, qr_image, save
from tests.qr.test_cli import run

TRICK = "Pay to: ACME \u202efdp.exe\u202c and \x1b[2Jclear"


def test_hidden_characters_are_shown_not_obeyed(kiosk_cmd: list[str], tmp_path: Path) -> None:
    image = save(on_paper(qr_image(segno.make_qr(TRICK, error="m"))), tmp_path / "trick.png")
    result = run(kiosk_cmd, str(image))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for raw in ("\u202e", "\u202c", "\x1b"):
        assert raw not in out
    assert "<U+202E>fdp.exe<U+202C>" in out
    assert "[2Jclear" in out  # the decoder drops the escape itself; never raw in any case
    assert "! This code holds characters you cannot see." in out
    assert "(U+202E, U+202C, shown as <U+...>)" in out

    result = run(kiosk_cmd, "--json", str(image))
    assert result.returncode == 0, result.stderr
    assert "\u202e" not in result.stdout
    assert "\x1b" not in result.stdout
    assert "\\u202e" in result.stdout
    codes = json.loads(result.stdout)[0]["codes"]
    assert "\u202efdp.exe\u202c" in codes[0]["text"]  # the JSON still holds the exact text


def test_the_rule() -> None:
    assert show_hidden("a\u202eb\u200dc\n", keep_lines=True) == "a<U+202E>b\u200dc\n"
    assert show_hidden("a\nb") == "a<U+000A>b"
    assert hidden_in("x\u2066y\u2066") == ["U+2066"]
    assert hidden_in("plain, ordinary text: é ü ع") == []
