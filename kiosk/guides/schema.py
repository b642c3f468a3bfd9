"""The JSON Schema (draft-07) of guide.yaml, for editors such as VS Code's YAML extension.

Built from the same constants the checker uses (`kiosk.domain.guide`, `kiosk.guides.build`),
so it cannot drift from them. The schema covers keys, types, patterns and enumerations; the
rules that need the whole guide (reachability, placeholders, pictures on disk, allowed sites)
are only checked by `kiosk guide check`.
"""

from __future__ import annotations

from kiosk.domain.guide import (
    CATEGORIES,
    FIELD_PATTERN,
    FORMATS,
    HANDOFF_REASONS,
    ID_PATTERN,
    INPUT_KINDS,
    LANGUAGE_PATTERN,
    PAYLOAD_KINDS,
    REFERRAL_ID_PATTERN,
    VARIANT_PATTERN,
)
from kiosk.domain.jsontypes import JsonObject
from kiosk.guides.build import STEP_EXTRA, STEP_REQUIRED

SCHEMA_ID = "https://kiosk.example/schemas/guide-1.json"


def _pattern(regex: str) -> str:
    return f"^{regex}$"


TEXTS: JsonObject = {
    "type": "object",
    "description": "A text per language: {nl: ..., fr: ..., en: ...} (Markdown subset, no links);"
    " a key such as nl_NL is that language's text for locations in that country",
    "propertyNames": {"pattern": f"^(?:{LANGUAGE_PATTERN.pattern}|{VARIANT_PATTERN.pattern})$"},
    "additionalProperties": {"type": "string", "minLength": 1},
    "minProperties": 1,
}
ID: JsonObject = {"type": "string", "pattern": _pattern(ID_PATTERN.pattern)}
FIELD: JsonObject = {"type": "string", "pattern": _pattern(FIELD_PATTERN.pattern)}
IMAGE: JsonObject = {
    "type": "string",
    "pattern": r"^(?!/)(?!.*\.\.)(?!.*\\)[^:]*\.(png|jpe?g|svg|PNG|JPE?G|SVG)$",
    "description": "a picture inside the bundle, e.g. images/meter.svg (under 2 MB)",
}
TARGET: JsonObject = {
    "type": "string",
    "description": "a step id, or end",
    "anyOf": [{"const": "end"}, {"const": "stop"}, {"pattern": _pattern(ID_PATTERN.pattern)}],
}

_EXTRA_PROPERTIES: dict[str, JsonObject] = {
    "options": {
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "properties": {"label": {"$ref": "#/definitions/texts"}, "goto": TARGET},
            "required": ["label"],
            "additionalProperties": False,
        },
    },
    "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/texts"}},
    "field": FIELD,
    "kind": {"enum": list(INPUT_KINDS)},
    "unit": {"type": "string"},
    "min": {"type": "number"},
    "max": {"type": "number"},
    "decimals": {"type": "integer", "minimum": 0, "maximum": 6},
    "required": {"type": "boolean"},
    "hint": {"$ref": "#/definitions/texts"},
    "expect": {"type": "array", "uniqueItems": True, "items": {"enum": list(PAYLOAD_KINDS)}},
    "url": {"type": "string", "pattern": "^https://", "format": "uri"},
    "service": ID,
    "reason": {"enum": list(HANDOFF_REASONS)},
    "to": {"type": "string", "pattern": _pattern(REFERRAL_ID_PATTERN.pattern)},
    "show": {"type": "array", "minItems": 1, "items": FIELD},
    "print": {"type": "boolean"},
    "qr": {"type": "boolean"},
}


def _step(kind: str) -> JsonObject:
    properties: JsonObject = {
        "id": ID,
        "type": {"const": kind},
        "text": {"$ref": "#/definitions/texts"},
        "image": IMAGE,
        "alt": {"$ref": "#/definitions/texts"},
        "next": TARGET,
    }
    for key in STEP_EXTRA[kind]:
        properties[key] = _EXTRA_PROPERTIES[key]
    return {
        "title": f"{kind} step",
        "type": "object",
        "properties": properties,
        "required": ["id", "type", "text", *STEP_REQUIRED.get(kind, ())],
        "additionalProperties": False,
    }


def json_schema() -> JsonObject:
    """The schema as a JSON-ready dict."""
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "Kiosk task guide (guide.yaml, format 1)",
        "type": "object",
        "definitions": {
            "texts": TEXTS,
            "step": {
                "type": "object",
                "required": ["type"],
                "properties": {"type": {"enum": list(STEP_EXTRA)}},
                "allOf": [
                    {"if": {"properties": {"type": {"const": kind}}}, "then": _step(kind)}
                    for kind in STEP_EXTRA
                ],
            },
        },
        "properties": {
            "format": {"enum": list(FORMATS)},
            "id": ID,
            "version": {"type": "integer", "minimum": 1},
            "category": {"enum": list(CATEGORIES)},
            "languages": {
                "type": "array",
                "minItems": 1,
                "uniqueItems": True,
                "items": {"type": "string", "pattern": _pattern(LANGUAGE_PATTERN.pattern)},
            },
            "title": {"$ref": "#/definitions/texts"},
            "summary": {"$ref": "#/definitions/texts"},
            "duration_minutes": {"type": "integer", "minimum": 1, "maximum": 600},
            "icon": IMAGE,
            "scope_limit": {"$ref": "#/definitions/texts"},
            "allowed_sites": {
                "type": "array",
                "items": {"type": "string", "pattern": r"^[a-z0-9.-]+\.[a-z0-9-]+(:[0-9]{1,5})?$"},
            },
            "steps": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/step"}},
        },
        "required": [
            "format",
            "id",
            "version",
            "category",
            "languages",
            "title",
            "summary",
            "steps",
        ],
        "additionalProperties": False,
    }
