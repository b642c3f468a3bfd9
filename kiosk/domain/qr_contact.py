"""Wi-Fi codes (`WIFI:T:WPA;S:name;P:secret;H:true;;`), vCards (3.0 and 4.0) and MECARDs.

The Wi-Fi and MECARD formats share one escaping rule: a backslash makes the next character
(`;`, `,`, `:` or `\\`) literal. vCard lines may be folded (a line break followed by a space or
tab continues the line) and escape `\\,`, `\\;`, `\\n` and `\\\\`.
"""

from __future__ import annotations

import re

WifiDetails = dict[str, str | bool | None]
ContactDetails = dict[str, str | list[str] | None]


def is_wifi(text: str) -> bool:
    return text.lstrip()[:5].upper() == "WIFI:"


def is_mecard(text: str) -> bool:
    return text.lstrip()[:7].upper() == "MECARD:"


def is_vcard(text: str) -> bool:
    return text.lstrip()[:11].upper() == "BEGIN:VCARD"


def split_fields(body: str) -> list[tuple[str, str]]:
    """`T:WPA;S:a\\;b;;` -> [("T", "WPA"), ("S", "a;b")]: key/value pairs, escapes resolved."""
    fields: list[tuple[str, str]] = []
    current: list[str] = []
    escaped = False
    for char in body:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
            current.append("\\")  # keep the escape until the key is split off
        elif char == ";":
            _add_field(fields, "".join(current))
            current = []
        else:
            current.append(char)
    if current:
        _add_field(fields, "".join(current))
    return fields


def _add_field(fields: list[tuple[str, str]], raw: str) -> None:
    if not raw:
        return
    key, sep, value = _split_unescaped(raw, ":")
    if sep:
        fields.append((key.strip().upper(), _unescape(value)))


def _split_unescaped(raw: str, separator: str) -> tuple[str, str, str]:
    index = 0
    while index < len(raw):
        if raw[index] == "\\":
            index += 2
            continue
        if raw[index] == separator:
            return raw[:index], separator, raw[index + 1 :]
        index += 1
    return raw, "", ""


def _unescape(value: str) -> str:
    return re.sub(r"\\(.)", r"\1", value, flags=re.DOTALL)


def parse_wifi(text: str) -> WifiDetails:
    """ssid, security (`WPA`, `WEP`, `nopass`, or the code's own word), hidden, password."""
    fields = dict(split_fields(text.lstrip()[5:]))
    kind = fields.get("T", "").strip()
    upper = kind.upper()
    if upper in ("", "NOPASS", "NONE", "OPEN"):
        security = "nopass"
    elif upper.startswith("WPA") or upper == "SAE":
        security = "WPA"
    elif upper == "WEP":
        security = "WEP"
    else:
        security = kind
    password = fields.get("P") or None
    return {
        "ssid": fields.get("S", ""),
        "security": security,
        "hidden": fields.get("H", "").strip().lower() == "true",
        "password": None if security == "nopass" else password,
    }


def parse_mecard(text: str) -> ContactDetails:
    """name ("Given Family" from `N:Family,Given`), phones, emails."""
    name: str | None = None
    phones: list[str] = []
    emails: list[str] = []
    for key, value in split_fields(text.lstrip()[7:]):
        if key == "N" and name is None:
            family, _, given = value.partition(",")
            name = " ".join(part.strip() for part in (given, family) if part.strip()) or None
        elif key == "TEL" and value.strip():
            phones.append(value.strip())
        elif key == "EMAIL" and value.strip():
            emails.append(value.strip())
    return {"name": name, "phones": phones, "emails": emails}


def parse_vcard(text: str) -> ContactDetails:
    """name (FN, else N), phones (TEL), emails (EMAIL) of a vCard 2.1, 3.0 or 4.0."""
    unfolded = re.sub(r"\r?\n[ \t]", "", text.replace("\r\n", "\n").replace("\r", "\n"))
    formatted: str | None = None
    structured: str | None = None
    phones: list[str] = []
    emails: list[str] = []
    for line in unfolded.split("\n"):
        head, sep, value = line.partition(":")
        if not sep:
            continue
        prop = head.split(";", 1)[0].split(".")[-1].strip().upper()
        if prop == "FN" and formatted is None:
            formatted = _vcard_unescape(value).strip() or None
        elif prop == "N" and structured is None:
            parts = [_vcard_unescape(p).strip() for p in _split_vcard(value)]
            parts += [""] * (5 - len(parts))
            family, given, additional, prefix, suffix = parts[:5]
            words = [prefix, given, additional, family, suffix]
            structured = " ".join(word for word in words if word) or None
        elif prop == "TEL":
            phone = _vcard_unescape(value).strip()
            if phone.lower().startswith("tel:"):
                phone = phone[4:]
            if phone:
                phones.append(phone)
        elif prop == "EMAIL":
            email = _vcard_unescape(value).strip()
            if email.lower().startswith("mailto:"):
                email = email[7:]
            if email:
                emails.append(email)
    return {"name": formatted or structured, "phones": phones, "emails": emails}


def _split_vcard(value: str) -> list[str]:
    return re.split(r"(?<!\\);", value)


def _vcard_unescape(value: str) -> str:
    return re.sub(
        r"\\(.)",
        lambda m: "\n" if m.group(1) in "nN" else m.group(1),
        value,
        flags=re.DOTALL,
    )
