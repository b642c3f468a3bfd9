"""The glossary (docs/translations.md): a catalog uses one word per concept. For each term, a
message whose English source matches the term's pattern must not use a word of the term's
"not" column in that language (the second name a term had, or a word that means something
else to a resident, such as Arabic "مسح" for both scanning and wiping)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "translations.md"
LANGUAGES = ("nl", "fr", "ar", "tr", "pl", "uk")
ROW = re.compile(r"^\|(.+)\|\s*$")


def _rows(section: str) -> list[list[str]]:
    rows = []
    for line in section.splitlines():
        match = ROW.match(line)
        if not match:
            continue
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", match.group(1))]
        if cells[0] in ("term", "---") or set(cells[0]) <= {"-"}:
            continue
        rows.append(cells)
    return rows


def glossary() -> tuple[dict[str, re.Pattern[str]], dict[str, dict[str, list[str]]]]:
    """(term -> English pattern, language -> term -> words to avoid)."""
    text = DOC.read_text(encoding="utf-8").split("## Glossary", 1)[1]
    parts = re.split(r"^### (\w+)\s*$", text, flags=re.MULTILINE)
    sources = {
        term: re.compile(source.strip("`").replace("\\|", "|"), re.IGNORECASE)
        for term, source in _rows(parts[0])
    }
    avoid: dict[str, dict[str, list[str]]] = {}
    for language, section in zip(parts[1::2], parts[2::2], strict=True):
        avoid[language] = {
            term: [word.strip() for word in not_words.split(",") if word.strip()]
            for term, _use, not_words in _rows(section)
        }
    return sources, avoid


def word_pattern(word: str) -> re.Pattern[str]:
    """A whole word (or, ending in `*`, a word start), ignoring case."""
    stem = word.removesuffix("*")
    end = "" if word.endswith("*") else r"(?!\w)"
    return re.compile(r"(?<!\w)" + re.escape(stem.casefold()) + end)


def read(path: Path, language: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def glossary_problems(catalog: Catalog, language: str) -> list[str]:
    sources, avoid = glossary()
    problems = []
    for message in catalog:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, str) else message.id[0]
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        text = " ".join(strings).casefold()
        for term, pattern in sources.items():
            if not pattern.search(english):
                continue
            for word in avoid[language].get(term, []):
                if word_pattern(word).search(text):
                    problems.append(f"{term}: {word!r} in {strings[0]!r}")
    return problems


def test_the_glossary_covers_every_term_in_every_language() -> None:
    sources, avoid = glossary()
    assert len(sources) >= 15
    assert set(avoid) == set(LANGUAGES)
    for language, terms in avoid.items():
        assert set(terms) == set(sources), language


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_uses_one_word_per_term(language: str) -> None:
    path = ROOT / "translations" / language / "LC_MESSAGES" / "kiosk.po"
    assert glossary_problems(read(path, language), language) == []


#: English words that were left behind in translations ("nl or fr"); French is left out
#: because "or" is a French word.
ENGLISH_LEFT = re.compile(r"(?<![\w'{-])(or|and|the|with|please)(?![\w'}-])")


@pytest.mark.parametrize("language", ["nl", "ar", "tr", "pl", "uk"])
def test_no_english_words_left_behind(language: str) -> None:
    path = ROOT / "translations" / language / "LC_MESSAGES" / "kiosk.po"
    left = []
    for message in read(path, language):
        strings = [message.string] if isinstance(message.string, str) else message.string
        left += [string for string in strings if message.id and ENGLISH_LEFT.search(string)]
    assert left == []


POLISH_FORMAL = re.compile(r"\bPan(a|u|ią)?/Pani(ą)?\b|\b[Pp]roszę [a-ząćęłńóśźż]+(ć|c)\b")


def test_polish_has_one_register() -> None:
    """Polish speaks to the resident in one plain register (the imperative, as on gov.pl):
    no "Pan/Pani" with a slash (read aloud as "slash") and no "Proszę" + infinitive."""
    path = ROOT / "translations" / "pl" / "LC_MESSAGES" / "kiosk.po"
    found = []
    for message in read(path, "pl"):
        strings = [message.string] if isinstance(message.string, str) else message.string
        found += [string for string in strings if message.id and POLISH_FORMAL.search(string)]
    assert found == []


def guide_problems(language: str) -> list[str]:
    """The same check over the shipped guides: the English text of each text is the source."""
    from kiosk.guides import load_guide
    from kiosk.resources import builtin_guides_dir

    sources, avoid = glossary()
    problems = []
    for folder in sorted(builtin_guides_dir().iterdir()):
        if not (folder / "guide.yaml").exists():
            continue
        guide = load_guide(folder)
        texts = [guide.title, guide.summary, *([guide.scope_limit] if guide.scope_limit else [])]
        texts += [t for step in guide.steps for t in step.texts()]
        for text in texts:
            english = text.get("en", "")
            translated = " ".join(v for k, v in text.items() if k.split("_")[0] == language)
            for term, pattern in sources.items():
                if not pattern.search(english):
                    continue
                for word in avoid[language].get(term, []):
                    if word_pattern(word).search(translated.casefold()):
                        problems.append(f"{folder.name}: {term}: {word!r} in {translated[:60]!r}")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_shipped_guides_use_one_word_per_term(language: str) -> None:
    assert guide_problems(language) == []


#: Turkish verb stems that, standing alone, are the bare "sen" imperative ("Başla", "Bileti
#: yazdır"); the polite "siz" form adds -(y)in ("Başlayın", "Bileti yazdırın"). Words that
#: are also nouns in other senses ("yaz" summer, "ara" gap, "al" red) are left out, and so is
#: "tara": the guides name a phone app's own "Tara" (Scan) button.
TURKISH_BARE_IMPERATIVES = [
    *("başla", "başlat", "durdur", "yazdır", "aç", "dene", "kullan", "kapat", "dön"),
    *("sakla", "bitir", "oku", "okut", "göster", "atla", "çağır", "düzelt", "temizle"),
    *("çık", "eşleştir", "eşitle", "sor", "seç", "gir", "bas", "kaydet", "tıkla"),
    *("dokun", "git", "bekle", "yükle", "indir", "gönder", "ekle", "sil", "dinle"),
]
TURKISH_BARE = re.compile(
    r"(?<!\w)(" + "|".join(TURKISH_BARE_IMPERATIVES) + r")(?![\w'’])", re.IGNORECASE
)
#: What a text quotes: a label in quotes or a gloss in brackets ("**Versturen** (gönder)").
QUOTED = re.compile(r"“[^”]*”|\([^)]*\)")


def turkish_register_problems(texts: list[str]) -> list[str]:
    return [text for text in texts if TURKISH_BARE.search(QUOTED.sub("", text))]


def test_turkish_buttons_use_the_polite_register() -> None:
    """Turkish speaks to everyone with "siz", on buttons too (issue #30): "Baştan başlayın",
    not "Baştan başla" beside "Yardım isteyin"."""
    path = ROOT / "translations" / "tr" / "LC_MESSAGES" / "kiosk.po"
    texts = []
    for message in read(path, "tr"):
        if message.id:
            texts += [message.string] if isinstance(message.string, str) else message.string
    assert turkish_register_problems(texts) == []
    assert turkish_register_problems(["Bileti yazdır", "Baştan başla"]) == [
        "Bileti yazdır",
        "Baştan başla",
    ]
    assert turkish_register_problems(["Bileti yazdırın", "Yardım isteyin"]) == []


def test_turkish_guides_use_the_polite_register() -> None:
    from kiosk.guides import load_guide
    from kiosk.resources import builtin_guides_dir

    texts = []
    for folder in sorted(builtin_guides_dir().iterdir()):
        if (folder / "guide.yaml").exists():
            guide = load_guide(folder)
            for text in [guide.title, guide.summary, *(t for s in guide.steps for t in s.texts())]:
                texts += [v for k, v in text.items() if k == "tr"]
    assert turkish_register_problems(texts) == []
