"""The repository explains itself: its Markdown links lead somewhere, and nothing it holds points
at design notes that a clone does not contain.

- Every relative link and picture in README.md and docs/ names a file or folder that exists,
  and a `#fragment` names a heading of the page it points to (GitHub's heading ids).
- No tracked file mentions the design notes kept outside the repository (by name, or by a path
  that climbs out of the checkout to them): what the code relies on is written in docs/.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_CODE = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")

#: Names of the design notes that live outside the repository (case-sensitive: the repository's
#: own docs/architecture.md is fine), and paths that reach out to where they were kept.
OUTSIDE = re.compile(
    r"GUIDE_FORMAT|PLATFORM_NOTES|\bROUND2\.md|\bCONVENTIONS\.md|\bARCHITECTURE\.md"
    r"|\bDEVELOPERS\.md|\.\./shared\b|/work/shared\b"
)
#: Files that may name them: this test, which has to.
ALLOWED = {Path(__file__).resolve()}


def _prose(text: str) -> str:
    """The page without fenced code blocks and inline code (links there are examples)."""
    return _CODE.sub("", _FENCE.sub("", text))


def slug(heading: str) -> str:
    """GitHub's id of a heading: lowercase, punctuation dropped, spaces become hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its label
    text = re.sub(r"[^\w\- ]", "", text.lower())
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = _FENCE.sub("", page.read_text(encoding="utf-8"))
    found: set[str] = set()
    for match in _HEADING.finditer(text):
        base = slug(match.group(1))
        name, count = base, 1
        while name in found:
            name, count = f"{base}-{count}", count + 1
        found.add(name)
    return found


def links(page: Path) -> list[str]:
    return _LINK.findall(_prose(page.read_text(encoding="utf-8")))


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_relative_links_lead_to_existing_files(page: Path) -> None:
    broken: list[str] = []
    for target in links(page):
        if _SCHEME.match(target):
            continue  # a web address or mailto: not ours to check here
        path_part, _, fragment = target.partition("#")
        destination = (page.parent / path_part).resolve() if path_part else page
        if not destination.exists():
            broken.append(f"{target}: no such file")
        elif not destination.resolve().is_relative_to(ROOT):
            broken.append(f"{target}: outside the repository")
        elif fragment and destination.suffix == ".md" and fragment not in anchors(destination):
            broken.append(f"{target}: no heading #{fragment} in {destination.name}")
    assert broken == [], f"{page.relative_to(ROOT)}: " + "; ".join(broken)


def test_the_link_checker_sees_links() -> None:
    """The checker really reads links: README links to the docs and the licence."""
    readme = links(ROOT / "README.md")
    assert "LICENSE" in readme
    assert "docs/guide-format.md" in readme
    assert "docs/conventions.md" in readme
    assert "docs/development.md" in readme
    assert slug("The `qr_scan` step on the kiosk") == "the-qr_scan-step-on-the-kiosk"
    assert slug("guide.yaml") == "guideyaml"


def tracked_files() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
        ).stdout.decode()
    except (OSError, subprocess.SubprocessError):
        pytest.fail("git ls-files failed: run the suite from a git checkout", pytrace=False)
    return [ROOT / name for name in listed.split("\0") if name]


def test_no_file_points_outside_the_repository() -> None:
    offenders: list[str] = []
    for path in tracked_files():
        if path.resolve() in ALLOWED or not path.is_file():
            continue
        data = path.read_bytes()
        if b"\0" in data[:8192]:
            continue  # binary
        text = data.decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            match = OUTSIDE.search(line)
            if match:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)}")
    assert offenders == [], "\n".join(offenders)


#: A path into the repository named in text: `kiosk/...`, `tests/...`, `docs/...` and so on.
_REPO_PATH = re.compile(
    r"(?<![\w/.$~-])((?:kiosk|tests|docs|bench|scripts|resources|installer|translations|\.ci)"
    r"/[\w.*/-]*[\w*/])(\S*)"
)
#: Paths that exist only elsewhere: inside a built wheel (pyproject.toml's force-include).
_NOT_IN_A_CHECKOUT = ("kiosk/_data",)
_TEXT_SUFFIXES = (".md", ".py", ".toml", ".yml", ".yaml", ".cfg", ".sh", ".in", ".spec", ".iss")


def named_paths(text: str) -> list[str]:
    """The repository paths `text` names, without globs of braces or regular expressions."""
    found: list[str] = []
    for match in _REPO_PATH.finditer(text):
        path, rest = match.group(1).rstrip("/."), match.group(2)
        if "{" in rest or ".*" in path or path.startswith(_NOT_IN_A_CHECKOUT):
            continue
        found.append(path)
    return found


def stale_paths(name: str, text: str) -> list[str]:
    """`name:line: path` for every repository path in `text` that does not exist."""
    stale: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for named in named_paths(line):
            if not (ROOT / named).exists() and not any(ROOT.glob(named)):
                stale.append(f"{name}:{number}: {named}")
    return stale


def test_named_repository_paths_exist() -> None:
    """Every `kiosk/...`, `tests/...` or `docs/...` path that a tracked text names (docs,
    docstrings, comments) exists, so a move cannot leave a stale pointer behind."""
    stale: list[str] = []
    for path in tracked_files():
        if path.suffix not in _TEXT_SUFFIXES and path.name != "Makefile":
            continue
        if path == Path(__file__).resolve():
            continue  # its examples name paths that must not exist
        text = path.read_text(encoding="utf-8", errors="replace")
        stale += stale_paths(str(path.relative_to(ROOT)), text)
    assert stale == []


def test_named_paths_are_found_and_a_stale_one_is_reported() -> None:
    text = "see `tests/project/test_layers.py` and docs/guide-format.md.\nor tests/unit/x.py"
    assert named_paths(text.splitlines()[0]) == [
        "tests/project/test_layers.py",
        "docs/guide-format.md",
    ]
    assert named_paths("docs/screens/a11y-home-{ar,uk}.png; files: ^kiosk/.*$") == []
    assert stale_paths("page.md", text) == ["page.md:2: tests/unit/x.py"]
