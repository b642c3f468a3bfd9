"""The plain-language check for guide authors (`kiosk guide check --lint`).

Guides are read by residents with little reading skill, often in their second language, so
texts should stay at B1 level. This module warns (it never refuses a guide) about:

- a sentence of more than `MAX_SENTENCE_WORDS` words;
- a word of more than `MAX_SYLLABLES` (4) syllables; Turkish, Polish and Ukrainian build
  longer words by grammar (suffixes, case endings), so they get a higher limit
  (`SYLLABLE_LIMITS`: tr 6, pl and uk 5);
- a long step (more than `LONG_STEP_WORDS` words in one language) without a picture.

Warnings are `Problem`s whose message starts with "warning:", printed like the checker's lines:
`FILE:LINE: step 'ID': warning: ...`. The lint reads the YAML tree itself (with every text's
line), so it also runs on a guide that has errors.

Syllables are estimated per language by counting vowel groups (`count_syllables`):

- nl, en, fr, pl and other Latin-script languages: each run of vowels is one syllable
  (Dutch "ee", "oe", "ij"/"ei", French "eau", Polish "ie" count once); a silent final "e"
  is not counted in English and French (nor French "-es"/"-ent" endings after a consonant);
- tr: Turkish has no diphthongs, so every vowel letter is a syllable;
- uk (and other Cyrillic): every vowel letter (а е є и і ї о у ю я) is a syllable;
- ar: Arabic script does not write short vowels, so syllables cannot be counted from the
  letters. The lint approximates with letters: a word of more than 9 letters (after removing
  the prefixed article "ال" and the conjunction "و") counts as too long.

Words in **bold** are not checked for length: by convention they are the words the resident
sees on the website or the letter, which the author cannot change. Placeholders (`{field}`),
numbers, codes with digits and all-capital abbreviations are skipped as well.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kiosk.guides.check import expand
from kiosk.guides.errors import Problem
from kiosk.guides.loader import GUIDE_FILE, MAX_GUIDE_BYTES
from kiosk.guides.tree import YMap, YNode, YScalar, YSeq, parse

MAX_SENTENCE_WORDS = 20
MAX_SYLLABLES = 4
#: Languages whose grammar adds syllables to every word (Turkish suffixes, Slavic case endings):
#: at 4, every second plain Turkish sentence warned (40 warnings over the five shipped guides).
SYLLABLE_LIMITS: dict[str, int] = {"tr": 6, "pl": 5, "uk": 5}
LONG_STEP_WORDS = 60
#: Arabic approximation: a word with more letters than this is "too long".
MAX_ARABIC_LETTERS = 9

_GUIDE_TEXT_KEYS = ("title", "summary", "scope_limit")
_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_LIST_MARK = re.compile(r"^\s*(?:[-*]|\d+[.)])\s+", re.MULTILINE)
#: A sentence ends at . ! ? (also Arabic ؟ and the ellipsis) followed by a space or the end,
#: and at every line break (list items, lines).
_SENTENCE_END = re.compile(r"(?<=[.!?؟…])\s+|\n+")
_WORD = re.compile(r"[^\W\d_](?:[\w'’\-]*\w)?", re.UNICODE)

_LATIN_VOWELS = "aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœąęó"
_TURKISH_VOWELS = "aeıioöuüâîû"
_CYRILLIC_VOWELS = "аеєиіїоуюяёыэ"
_ARABIC_LETTER = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")


@dataclass(frozen=True)
class _Text:
    language: str
    text: str
    line: int


def _vowel_groups(word: str, vowels: str) -> int:
    count = 0
    previous = False
    for char in word:
        is_vowel = char in vowels
        if is_vowel and not previous:
            count += 1
        previous = is_vowel
    return count


def count_syllables(word: str, language: str) -> int:
    """An estimate of the syllables of `word` in `language` (see the module docstring).

    For Arabic the result is not syllables: it is one over the limit for a word longer than
    `MAX_ARABIC_LETTERS` letters and 1 otherwise, so that one limit serves every language.
    """
    lowered = word.lower().replace("’", "'")
    if language == "ar":
        letters = "".join(_ARABIC_LETTER.findall(lowered))
        for prefix in ("وال", "ال", "و"):
            if letters.startswith(prefix) and len(letters) - len(prefix) >= 3:
                letters = letters[len(prefix) :]
                break
        return syllable_limit("ar") + 1 if len(letters) > MAX_ARABIC_LETTERS else 1
    if language == "tr":
        return sum(1 for char in lowered if char in _TURKISH_VOWELS)
    if any(char in _CYRILLIC_VOWELS for char in lowered):
        return sum(1 for char in lowered if char in _CYRILLIC_VOWELS)
    count = sum(_vowel_groups(part, _LATIN_VOWELS) for part in re.split(r"[-']", lowered))
    if count > 1 and _silent_ending(lowered, language):
        count -= 1
    return max(count, 1)


def _silent_ending(word: str, language: str) -> bool:
    """English "phone", French "facture", "factures", "lisent": the last "e" is not spoken."""
    if language == "en":
        return word.endswith("e") and not word.endswith(("le", "ee"))
    if language == "fr":
        return re.search(r"[^aeiouyéèê](?:e|es|ent)$", word) is not None
    return False


def syllable_limit(language: str) -> int:
    """The most syllables a word in `language` may have before the lint warns."""
    return SYLLABLE_LIMITS.get(language, MAX_SYLLABLES)


def _plain(text: str) -> str:
    """The text without placeholders, bold markers and list marks."""
    text = _PLACEHOLDER.sub(" ", text)
    text = _LIST_MARK.sub("", text)
    return text.replace("**", "")


def words(text: str) -> list[str]:
    """The words of `text` (no numbers, placeholders or Markdown marks)."""
    return _WORD.findall(_plain(text))


def sentences(text: str) -> list[str]:
    """The sentences of `text`: split at . ! ? ؟ and at every line break."""
    return [part.strip() for part in _SENTENCE_END.split(_plain(text)) if part.strip()]


def _long_words(text: str, language: str) -> list[str]:
    bold = {word for match in _BOLD.finditer(text) for word in words(match.group(1))}
    found: list[str] = []
    for word in words(_BOLD.sub(" ", text)):
        if word in bold or word in found or (word.isupper() and len(word) > 1):
            continue
        if count_syllables(word, language) > syllable_limit(language):
            found.append(word)
    return found


def lint_text(text: str, language: str) -> list[str]:
    """Warnings (without the "warning:" prefix) for one text in one language."""
    warnings: list[str] = []
    for sentence in sentences(text):
        count = len(words(sentence))
        if count > MAX_SENTENCE_WORDS:
            start = " ".join(sentence.split()[:6])
            warnings.append(
                f"[{language}] sentence of {count} words (over {MAX_SENTENCE_WORDS}): "
                f"'{start} ...'; split it"
            )
    long_words = _long_words(text, language)
    if long_words:
        what = "letters" if language == "ar" else "syllables"
        limit = MAX_ARABIC_LETTERS if language == "ar" else syllable_limit(language)
        warnings.append(
            f"[{language}] word{'s' if len(long_words) > 1 else ''} over {limit} {what}: "
            f"{', '.join(long_words)}; use a shorter word if there is one"
        )
    return warnings


def _texts(node: YNode | None) -> list[_Text]:
    if not isinstance(node, YMap):
        return []
    return [
        _Text(str(key.value), value.value, value.line)
        for key, value in node.items
        if isinstance(value, YScalar) and isinstance(value.value, str)
    ]


def _step_texts(step: YMap) -> list[_Text]:
    found = _texts(step.get("text")) + _texts(step.get("hint")) + _texts(step.get("alt"))
    for key in ("options", "items"):
        entries = step.get(key)
        if not isinstance(entries, YSeq):
            continue
        for entry in entries.items:
            if key == "options" and isinstance(entry, YMap):
                found += _texts(entry.get("label"))
            else:
                found += _texts(entry)
    return found


def lint_tree(tree: YNode, file: str) -> list[Problem]:
    """Every plain-language warning of one parsed guide.yaml."""
    if not isinstance(tree, YMap):
        return []
    problems: list[Problem] = []
    for key in _GUIDE_TEXT_KEYS:
        for text in _texts(tree.get(key)):
            for message in lint_text(text.text, text.language):
                problems.append(Problem(file, text.line, f"warning: {message}", key=key))
    steps = tree.get("steps")
    for step in steps.items if isinstance(steps, YSeq) else []:
        if not isinstance(step, YMap):
            continue
        step_id_node = step.get("id")
        step_id = str(step_id_node.value) if isinstance(step_id_node, YScalar) else "?"
        texts = _step_texts(step)
        for text in texts:
            for message in lint_text(text.text, text.language):
                problems.append(Problem(file, text.line, f"warning: {message}", step_id))
        if step.get("image") is not None and step.get("alt") is None:
            problems.append(
                Problem(
                    file,
                    step.line,
                    "warning: a picture without 'alt'; say in a sentence what it shows, for a "
                    "resident who cannot see it",
                    step_id,
                )
            )
        if step.get("image") is None:
            counts: dict[str, int] = {}
            for text in texts:
                counts[text.language] = counts.get(text.language, 0) + len(words(text.text))
            longest = max(counts.items(), key=lambda item: item[1], default=("", 0))
            if longest[1] > LONG_STEP_WORDS:
                problems.append(
                    Problem(
                        file,
                        step.line,
                        f"warning: long step ({longest[1]} words in [{longest[0]}], over "
                        f"{LONG_STEP_WORDS}) without a picture; add an 'image' or split the step",
                        step_id,
                    )
                )
    return sorted(problems, key=lambda problem: problem.line)


def lint_guide_text(text: str | bytes, file: str = GUIDE_FILE) -> list[Problem]:
    """Plain-language warnings of a guide.yaml text; nothing for a file that does not parse
    (the checker reports that)."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return []
    tree = parse(text.removeprefix("\ufeff"), [])  # a duplicate key: the checker says it
    return lint_tree(tree, file) if isinstance(tree, YMap) else []


def _read_source(source: Path) -> tuple[str, bytes] | None:
    """The display name (as the checker prints it) and the guide.yaml bytes of one source."""
    try:
        if source.is_dir():
            file = source / GUIDE_FILE
            if file.stat().st_size <= MAX_GUIDE_BYTES:
                return str(file), file.read_bytes()
        elif source.name == GUIDE_FILE and source.is_file():
            if source.stat().st_size <= MAX_GUIDE_BYTES:
                return str(source), source.read_bytes()
        elif source.is_file() and zipfile.is_zipfile(source):
            with zipfile.ZipFile(source) as archive:
                info = archive.getinfo(GUIDE_FILE)
                if info.file_size <= MAX_GUIDE_BYTES:
                    return f"{source}/{GUIDE_FILE}", archive.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, NotImplementedError):
        return None
    return None


def lint_paths(paths: Iterable[Path]) -> Iterator[Problem]:
    """Plain-language warnings for every guide under `paths` (the same paths as the checker)."""
    for path in paths:
        for source in expand(Path(path)):
            found = _read_source(source)
            if found is not None:
                yield from lint_guide_text(found[1], found[0])
