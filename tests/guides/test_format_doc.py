"""docs/guide-format.md describes what the checker accepts: every key, step type, input kind,
payload kind, category and handoff reason the code knows is named there, and the JSON Schema
(`kiosk guide schema`) knows no key the page leaves out."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.domain.guide import CATEGORIES, HANDOFF_REASONS, INPUT_KINDS, PAYLOAD_KINDS
from kiosk.guides.build import GUIDE_KEYS, STEP_COMMON, STEP_EXTRA
from kiosk.guides.schema import json_schema

PAGE = Path(__file__).resolve().parents[2] / "docs" / "guide-format.md"


def named() -> set[str]:
    """Every `code` word of the page."""
    return set(re.findall(r"`([^`\s]+)`", PAGE.read_text(encoding="utf-8")))


def test_every_name_the_code_knows_is_on_the_page() -> None:
    words = named()
    known = {
        *GUIDE_KEYS,
        *STEP_COMMON,
        *STEP_EXTRA,
        *(key for keys in STEP_EXTRA.values() for key in keys),
        *INPUT_KINDS,
        *PAYLOAD_KINDS,
        *CATEGORIES,
        *HANDOFF_REASONS,
    }
    assert sorted(known - words) == []


def test_the_schema_has_no_key_the_page_leaves_out() -> None:
    schema = json_schema()
    keys = set(schema["properties"])
    for rule in schema["definitions"]["step"]["allOf"]:
        keys |= set(rule["then"]["properties"])
    assert sorted(keys - named()) == []
