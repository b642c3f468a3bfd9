"""Loading one guide: a bundle folder, its guide.yaml, or a zipped bundle -> a checked `Guide`.

`load_guide(path)` returns the guide or raises `GuideError` with every problem found. A zip is
unpacked safely (`kiosk.guides.bundle`) into a staging folder first, which becomes the guide's
`source`. `parse_guide_text()` checks a guide.yaml text without a bundle (pictures unchecked).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from kiosk.domain.guide import Guide
from kiosk.guides import rules
from kiosk.guides.build import build_guide
from kiosk.guides.bundle import extract_zip
from kiosk.guides.errors import GuideError, Problem
from kiosk.guides.reader import Reader
from kiosk.guides.tree import SyntaxProblem, parse

GUIDE_FILE = "guide.yaml"
#: A guide.yaml larger than this is refused before parsing.
MAX_GUIDE_BYTES = 1024 * 1024


def check_text(
    text: str | bytes, file: str, bundle: Path | None
) -> tuple[Guide | None, list[Problem]]:
    """Every problem of one guide.yaml text, and the guide when there are none."""
    reader = Reader(file)
    if isinstance(text, bytes):
        if len(text) > MAX_GUIDE_BYTES:
            return None, [Problem(file, 0, "the file is too big for a guide (over 1 MB)")]
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = exc.object[: exc.start].count(b"\n") + 1
            return None, [Problem(file, line, "the file is not UTF-8 text")]
    if text.startswith("\ufeff"):
        text = text[1:]
    duplicates: list[SyntaxProblem] = []
    tree = parse(text, duplicates)
    if isinstance(tree, SyntaxProblem):
        return None, [Problem(file, tree.line, tree.message)]
    if tree is None:
        return None, [Problem(file, 1, "the file is empty")]
    for duplicate in duplicates:  # noted, and every other problem is still looked for
        reader.problem(duplicate.line, duplicate.message)
    built = build_guide(reader, tree, bundle)
    if built is not None:
        rules.check(reader, built)
    problems = sorted(reader.problems, key=lambda p: p.line)
    if problems or built is None:
        return None, problems
    return built.guide, []


def parse_guide_text(
    text: str | bytes, file: str = GUIDE_FILE, bundle: Path | None = None
) -> Guide:
    """The guide in `text`, or GuideError with every problem."""
    guide, problems = check_text(text, file, bundle)
    if guide is None:
        raise GuideError(problems)
    return guide


def display_name(path: Path) -> str:
    return str(path)


def load_folder(folder: Path, display: str | None = None) -> Guide:
    """The guide in the bundle folder `folder`."""
    shown = display or display_name(folder / GUIDE_FILE)
    file = folder / GUIDE_FILE
    try:
        if file.stat().st_size > MAX_GUIDE_BYTES:
            raise GuideError([Problem(shown, 0, "the file is too big for a guide (over 1 MB)")])
        data = file.read_bytes()
    except FileNotFoundError:
        raise GuideError([Problem(shown, 0, "no guide.yaml in this folder")]) from None
    except OSError as exc:
        raise GuideError([Problem(shown, 0, f"cannot read the file ({exc.strerror})")]) from None
    return parse_guide_text(data, shown, folder.resolve())


def load_zip(archive: Path, staging: Path | None = None) -> Guide:
    """The guide in a zipped bundle, unpacked into `staging` (a new temporary folder if None)."""
    folder = staging or Path(tempfile.mkdtemp(prefix="kiosk-guide-"))
    extract_zip(archive, folder)
    return load_folder(folder, f"{archive}/{GUIDE_FILE}")


def load_guide(path: Path, staging: Path | None = None) -> Guide:
    """The checked guide at `path`: a bundle folder, a guide.yaml, or a .zip bundle.

    Raises GuideError (a KioskError) whose `.problems` lists everything wrong. For a zip,
    the bundle is unpacked into `staging` (default: a new temporary folder), the guide's source.
    """
    path = Path(path)
    if path.is_dir():
        return load_folder(path)
    if path.name == GUIDE_FILE and path.is_file():
        return load_folder(path.parent, str(path))
    if path.is_file() and path.suffix.lower() in (".yaml", ".yml"):
        raise GuideError(
            [
                Problem(
                    str(path),
                    0,
                    f"a guide is a folder with a file named {GUIDE_FILE}, not '{path.name}': "
                    f"put this file in its own folder as {GUIDE_FILE} and give that folder",
                )
            ]
        )
    if path.is_file():
        return load_zip(path, staging)
    raise GuideError([Problem(str(path), 0, "no such guide folder or bundle")])
