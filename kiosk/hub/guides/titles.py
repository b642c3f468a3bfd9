"""Guide and step titles in a language, for staff pages and exports that would show ids.

Records carry ids (`meter-reading`, `ask-ean`); people read titles. The titles come from the
guides the hub knows: the bundles published to its TUF repository (`tuf/targets/*.zip`, the
highest version of each guide wins) and the guides shipped with the kiosk (resources/guides),
a published bundle before a shipped guide of the same id.

A guide's title is its `title` in the language (else its first language). A step has no title
of its own in the guide format, so its title is the first line of its text in the language,
without Markdown, cut at the end of the first sentence (at most `STEP_TITLE_MAX` characters).
Only when the hub knows no guide of that id (or no step of that id in it) is the id shown.

    titles = guide_titles(settings.tuf_dir)
    titles.guide_title("meter-reading", "nl")           # "Meterstand doorgeven"
    titles.step_title("meter-reading", "ask-ean", "fr")

`guide_titles` re-reads the repository only when its bundles changed (names and times), so a
page may call it on every request.
"""

from __future__ import annotations

import logging
import re
import threading
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kiosk import resources
from kiosk.domain.guide import Guide
from kiosk.guides.loader import GUIDE_FILE, MAX_GUIDE_BYTES, check_text

log = logging.getLogger(__name__)

STEP_TITLE_MAX = 60
_MARKUP = re.compile(r"(\*\*|__|`|^#+\s*|^[-*]\s+|^\d+\.\s+)", re.MULTILINE)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_SENTENCE_END = re.compile(r"(?<=[.?!:])\s")


def _first_line(text: str) -> str:
    for line in text.splitlines():
        plain = _MARKUP.sub("", _LINK.sub(r"\1", line)).strip()
        if plain:
            return plain
    return ""


def step_title_from_text(text: str) -> str:
    """The title of a step whose text is `text`: its first sentence, plain, not too long."""
    line = _first_line(text)
    sentence = _SENTENCE_END.split(line, maxsplit=1)[0].rstrip(".:").strip()
    if len(sentence) > STEP_TITLE_MAX:
        cut = sentence[: STEP_TITLE_MAX - 1].rsplit(" ", 1)[0]
        sentence = f"{cut}…"
    return sentence


@dataclass(frozen=True)
class GuideTitles:
    """The titles of the guides the hub knows (guide id -> guide)."""

    guides: dict[str, Guide] = field(default_factory=dict)

    def knows(self, guide_id: str) -> bool:
        return guide_id in self.guides

    def guide_title(self, guide_id: str, language: str) -> str:
        """The guide's title in `language` (else its first language); the id if unknown."""
        guide = self.guides.get(guide_id)
        if guide is None:
            return guide_id
        return guide.text(guide.title, language) or guide_id

    def step_title(self, guide_id: str, step_id: str, language: str) -> str:
        """The step's title in `language` (its text's first sentence); the id if unknown."""
        guide = self.guides.get(guide_id)
        if guide is None or not guide.has_step(step_id):
            return step_id
        return step_title_from_text(guide.text(guide.step(step_id).text, language)) or step_id


def _bundle_guide(archive: Path) -> Guide | None:
    """The guide in a published bundle, read without unpacking (its pictures are not needed)."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            info = bundle.getinfo(GUIDE_FILE)
            if info.file_size > MAX_GUIDE_BYTES:
                return None
            data = bundle.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError) as exc:
        log.warning("cannot read the guide in %s: %s", archive.name, exc)
        return None
    guide, problems = check_text(data, f"{archive.name}/{GUIDE_FILE}", None)
    if guide is None:
        log.warning(
            "the guide in %s has %d problem(s); its titles are not used",
            archive.name,
            len(problems),
        )
    return guide


def _shipped_guides() -> Iterable[Guide]:
    folder = resources.builtin_guides_dir()
    for path in sorted(folder.glob(f"*/{GUIDE_FILE}")) if folder.is_dir() else ():
        guide, _problems = check_text(path.read_bytes(), str(path), None)
        if guide is not None:
            yield guide


def load_titles(tuf_dir: Path | None) -> GuideTitles:
    """The titles of the shipped guides and of the bundles published under `tuf_dir`."""
    guides: dict[str, Guide] = {guide.id: guide for guide in _shipped_guides()}
    published: dict[str, Guide] = {}
    for archive in _bundles(tuf_dir):
        guide = _bundle_guide(archive)
        if guide is not None and (
            guide.id not in published or guide.version > published[guide.id].version
        ):
            published[guide.id] = guide
    guides.update(published)
    return GuideTitles(guides)


def _bundles(tuf_dir: Path | None) -> list[Path]:
    folder = tuf_dir / "targets" if tuf_dir is not None else None
    if folder is None or not folder.is_dir():
        return []
    return sorted(folder.glob("*.zip"))


_lock = threading.Lock()
_cache: dict[Path | None, tuple[tuple[tuple[str, int], ...], GuideTitles]] = {}


def guide_titles(tuf_dir: Path | None) -> GuideTitles:
    """`load_titles(tuf_dir)`, read again only when the published bundles changed."""
    key = tuple((path.name, path.stat().st_mtime_ns) for path in _bundles(tuf_dir))
    with _lock:
        cached = _cache.get(tuf_dir)
        if cached is not None and cached[0] == key:
            return cached[1]
    titles = load_titles(tuf_dir)
    with _lock:
        _cache[tuf_dir] = (key, titles)
    return titles


def guide_title(guide_id: str, language: str, tuf_dir: Path | None = None) -> str:
    """The title of guide `guide_id` in `language` (published bundles under `tuf_dir`, then the
    shipped guides); the id only when neither knows the guide."""
    return guide_titles(tuf_dir).guide_title(guide_id, language)


def step_title(guide_id: str, step_id: str, language: str, tuf_dir: Path | None = None) -> str:
    """The title of step `step_id` of guide `guide_id` in `language`; the id when unknown."""
    return guide_titles(tuf_dir).step_title(guide_id, step_id, language)
