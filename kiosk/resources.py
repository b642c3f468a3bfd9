"""The one way to reach the kiosk's bundled files (pictures, style sheets, built-in guides,
translations).

In an installed wheel they live inside the package (`kiosk/_data/`, see pyproject.toml) and are
found through importlib.resources; in a source checkout they are the top-level `resources/` and
`translations/` folders. Paths that climb out of the resource tree are refused.
"""

from __future__ import annotations

import importlib.resources
from functools import cache
from pathlib import Path, PurePosixPath


@cache
def data_root() -> Path:
    packaged = importlib.resources.files("kiosk") / "_data"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent


def resource_path(relative: str) -> Path:
    """`resources/<relative>`; refuses absolute paths and `..`."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts:
        raise ValueError(f"resource path must stay inside resources/: {relative!r}")
    return data_root() / "resources" / pure


def translations_dir() -> Path:
    return data_root() / "translations"


def builtin_guides_dir() -> Path:
    return resource_path("guides")
