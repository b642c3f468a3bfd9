"""The one way to reach the kiosk's bundled files (pictures, style sheets, built-in guides,
translations).

In an installed wheel they live inside the package (`kiosk/_data/`, see pyproject.toml); in a
source checkout they are the top-level `resources/` and `translations/` folders. Paths that climb
out of the resource tree are refused.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path, PurePosixPath


@cache
def data_root() -> Path:
    package = Path(__file__).resolve().parent
    if package.is_dir():
        # A package on the file system (a wheel, a checkout, a PyInstaller folder): this is
        # what importlib.resources would find, without importing it at start-up.
        packaged = package / "_data"
        return packaged if packaged.is_dir() else package.parent
    import importlib.resources  # a package inside an archive

    in_archive = importlib.resources.files("kiosk") / "_data"
    if in_archive.is_dir():
        return Path(str(in_archive))
    return package.parent


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
