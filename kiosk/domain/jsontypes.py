"""Types for JSON documents, so that no module needs to leave them untyped.

`JsonValue` is what `json.dumps` writes: a tree of dicts with text keys, lists, texts, numbers,
booleans and None. `JsonObject` is such a document's top-level object. What `json.loads` gives
back is only trusted after a check, so a decoded document is first an `object` (or a
`Mapping[str, object]` once it is known to be an object) and each value is checked with
`isinstance` before use.
"""

from __future__ import annotations

from typing import TypeAlias

JsonScalar: TypeAlias = str | int | float | bool | None
JsonValue: TypeAlias = "JsonScalar | list[JsonValue] | dict[str, JsonValue]"
JsonObject: TypeAlias = "dict[str, JsonValue]"
