"""The name rule: what a stored name may contain, one function for every name the hub keeps.

A name (of a kiosk, location, organisation, user, volunteer, service, a booking's first name, a
referral's label) is shown to people on pages, tickets and the kiosk screen, and written to
exports. So it is printable text in one line: `check_name()` normalises it (Unicode NFC, runs of
white space become one space, none at the ends) and refuses it when it is empty, longer than its
cap, or holds a character that is not printable text:

- control characters: C0 (including NUL, which PostgreSQL cannot store), DEL and C1; only tab,
  line feed and carriage return are taken as white space (a name pasted over two lines);
- characters that change the direction of the text around them (U+202A-U+202E, U+2066-U+2069,
  U+200E, U+200F, U+061C): "kiosk\\u202eexe.txt" would show as another name;
- other invisible format characters, lone surrogates, private-use and unassigned code points.

The zero-width joiner and non-joiner (U+200C, U+200D) stay allowed: Persian, Indic scripts and
emoji need them. Accents, Arabic, Cyrillic, CJK and emoji are all fine.

`clean_text()` is the forgiving form for text a machine sends (a kiosk's last error): it drops
what `check_name()` would refuse and shortens the rest, instead of refusing.

Pure Python: callers turn `NameRefused` into their own error with `NameRefused.message`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

#: Usual caps, in characters (code points after normalising).
NAME_MAX = 120
FIRST_NAME_MAX = 60

#: Direction-changing characters (all of category Cf, listed for the message and the tests).
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
#: Format characters that real text needs.
ALLOWED_FORMAT = frozenset("\u200c\u200d")
#: Categories never allowed: control, surrogate, private use, unassigned.
REFUSED_CATEGORIES = frozenset({"Cc", "Cs", "Co", "Cn"})


@dataclass(frozen=True)
class NameRefused(ValueError):
    """A name that breaks the rule; `reason` is one of empty, too_long, control, bidi, invisible."""

    what: str
    reason: str
    limit: int

    def __str__(self) -> str:
        return self.message

    @property
    def message(self) -> str:
        thing = ("an " if self.what[:1].lower() in "aeiou" else "a ") + self.what
        if self.reason == "empty":
            return f"{thing} needs a name of at least one letter, digit or sign"
        if self.reason == "too_long":
            return f"{thing} name may have at most {self.limit} characters"
        if self.reason == "bidi":
            return f"{thing} name may not contain characters that change the direction of the text"
        return (
            f"{thing} name may contain only printable text on one line "
            "(no control or invisible characters)"
        )


def refused_reason(char: str) -> str | None:
    """Why `char` may not be in a name ("control", "bidi", "invisible"), or None when it may."""
    if char in BIDI_CONTROLS:
        return "bidi"
    category = unicodedata.category(char)
    if category == "Cc":
        return "control"
    if category in REFUSED_CATEGORIES or (category == "Cf" and char not in ALLOWED_FORMAT):
        return "invisible"
    return None


def _normalise(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split())


#: Control characters that are line breaks or tabs in typed text: they become one space.
LAYOUT_CONTROLS = frozenset("\t\n\r")


def check_name(value: str, what: str = "name", limit: int = NAME_MAX) -> str:
    """`value` normalised, or NameRefused. `what` names the thing in the message ("kiosk")."""
    # str.split() would also turn U+001C-U+001F and U+0085 into spaces; they are controls.
    if any(unicodedata.category(c) == "Cc" and c not in LAYOUT_CONTROLS for c in value):
        raise NameRefused(what, "control", limit)
    clean = _normalise(value)
    for char in clean:
        reason = refused_reason(char)
        if reason is not None:
            raise NameRefused(what, reason, limit)
    if not any(char.isalnum() or unicodedata.category(char)[0] in "LNS" for char in clean):
        raise NameRefused(what, "empty", limit)
    if len(clean) > limit:
        raise NameRefused(what, "too_long", limit)
    return clean


def name_ok(value: str, limit: int = NAME_MAX) -> bool:
    try:
        check_name(value, limit=limit)
    except NameRefused:
        return False
    return True


def clean_text(value: str, limit: int) -> str:
    """`value` without the characters a name may not hold, on one line, at most `limit` long."""
    kept = "".join(" " if unicodedata.category(c) == "Cc" else c for c in value)
    kept = "".join(c for c in kept if refused_reason(c) is None)
    clean = _normalise(kept)
    if len(clean) > limit:
        clean = clean[: max(limit - 1, 0)].rstrip() + "…"
    return clean
