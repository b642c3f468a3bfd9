"""Plural rules in the catalogs (issue #30): each catalog's `Plural-Forms` agrees with CLDR's
plural rules for its language, every count in a message goes through `ngettext`, and a plural
form may leave out the number only where the language says "one" or "two" in words.

The checks read the catalogs as they are in the checkout; `catalog_problems()` takes any file,
so the same checks can be run against an older catalog (`git show HEAD~n:...`) to see that
they would have caught what they are meant to catch."""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("nl", "fr", "en", "ar", "tr", "pl", "uk")
CLDR_ORDER = ("zero", "one", "two", "few", "many", "other")
NUMBERS = range(201)
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
#: Placeholder names that hold a count of something.
COUNT_NAMES = frozenset({"n", "count", "minutes", "seconds", "decimals", "found", "bad"})
#: A count followed by a word ("{minutes} minutes", "{n} records"): the word agrees with it.
COUNTED_NOUN = re.compile(r"\{(" + "|".join(sorted(COUNT_NAMES)) + r")\} (?!of\b)[^\W\d_]")
#: Singular messages with a counted noun that are left as they are, with the reason.
COUNT_EXCEPTIONS: dict[str, str] = {}


def po_path(language: str) -> Path:
    return ROOT / "translations" / language / "LC_MESSAGES" / "kiosk.po"


def read(path: Path, language: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def integer_categories(language: str) -> list[str]:
    """CLDR's plural categories that whole numbers reach, in CLDR's order (gettext's too)."""
    rule = Locale.parse(language).plural_form
    reached = {rule(n) for n in range(1001)}
    return [tag for tag in CLDR_ORDER if tag in reached]


def header_rule(catalog: Catalog) -> tuple[int, Callable[[int], int]]:
    forms = catalog.mime_headers
    header = dict(forms).get("Plural-Forms", "")
    match = re.fullmatch(r"\s*nplurals=(\d+);\s*plural=(.+?);?\s*", header)
    assert match, f"no Plural-Forms header: {header!r}"
    return int(match.group(1)), gettext.c2py(match.group(2))


def plural_problems(catalog: Catalog, language: str) -> list[str]:
    """Where the catalog's Plural-Forms disagrees with CLDR for `language`."""
    categories = integer_categories(language)
    nplurals, rule = header_rule(catalog)
    if nplurals != len(categories):
        return [f"nplurals={nplurals}, CLDR has {len(categories)} ({', '.join(categories)})"]
    cldr = Locale.parse(language).plural_form
    wrong = [n for n in NUMBERS if categories[rule(n)] != cldr(n)]
    return [f"form for n={n} is not CLDR's '{cldr(n)}'" for n in wrong[:5]]


def single_number_forms(language: str) -> set[int]:
    """Forms used for exactly one number ("one" = 1, "two" = 2): the word may replace {n}."""
    rule = Locale.parse(language).plural_form
    categories = integer_categories(language)
    users: dict[int, set[int]] = {}
    for n in range(1001):
        users.setdefault(categories.index(rule(n)), set()).add(n)
    return {form for form, numbers in users.items() if len(numbers) == 1}


def form_placeholder_problems(catalog: Catalog, language: str) -> list[str]:
    """Each plural form keeps every placeholder, except {n} in a single-number form."""
    optional = single_number_forms(language)
    problems = []
    for message in catalog:
        if not message.pluralizable or not message.id:
            continue
        wanted = set(PLACEHOLDER.findall(message.id[1]))
        for index, string in enumerate(message.string):
            found = set(PLACEHOLDER.findall(string))
            if found == wanted or (index in optional and found == wanted - {"n"}):
                continue
            problems.append(f"{message.id[0]!r} form {index}: {string!r}")
    return problems


def count_problems(catalog: Catalog) -> list[str]:
    """Singular messages that count something ("About {minutes} minutes")."""
    return [
        message.id
        for message in catalog
        if message.id
        and not message.pluralizable
        and COUNTED_NOUN.search(message.id)
        and message.id not in COUNT_EXCEPTIONS
    ]


def catalog_problems(path: Path, language: str) -> list[str]:
    catalog = read(path, language)
    return (
        plural_problems(catalog, language)
        + form_placeholder_problems(catalog, language)
        + count_problems(catalog)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_follow_cldr(language: str) -> None:
    assert plural_problems(read(po_path(language), language), language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_forms_keep_their_placeholders(language: str) -> None:
    catalog = read(po_path(language), language)
    assert form_placeholder_problems(catalog, language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_count_is_a_plural_message(language: str) -> None:
    assert count_problems(read(po_path(language), language)) == []


def test_arabic_eleven_to_ninety_nine_take_the_many_form() -> None:
    _n, rule = header_rule(read(po_path("ar"), "ar"))
    assert [rule(n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111)] == [
        0,
        1,
        2,
        3,
        3,
        4,
        4,
        5,
        5,
        3,
        4,
    ]


def test_a_bad_header_is_caught(tmp_path: Path) -> None:
    """The header Arabic had before #30 (forms 4 and 5 swapped) is refused."""
    text = po_path("ar").read_text(encoding="utf-8")
    swapped = re.sub(
        r'"Plural-Forms: [^"]*"(\n"[^"]*")*',
        '"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : '
        'n%100>=3 && n%100<=10 ? 3 : n%100>=0 && n%100<=2 ? 4 : 5);\\n"',
        text,
        count=1,
    )
    bad = tmp_path / "kiosk.po"
    bad.write_text(swapped, encoding="utf-8")
    assert plural_problems(read(bad, "ar"), "ar")


def test_single_number_forms() -> None:
    assert single_number_forms("ar") == {0, 1, 2}
    assert single_number_forms("pl") == {0}
    assert single_number_forms("uk") == set()
    assert single_number_forms("tr") == {0}


def test_counts_kept_by_lower_layers_are_plural_too() -> None:
    """`Np_` marks a plural message a domain object keeps as its plural id."""
    from kiosk import i18n
    from kiosk.domain.validators import _AT_MOST_DECIMALS

    assert i18n.message_text(_AT_MOST_DECIMALS, {"decimals": 1}) == (
        "Type at most 1 digit after the comma."
    )
    i18n.set_language("pl")
    assert [i18n.message_text(_AT_MOST_DECIMALS, {"decimals": n}) for n in (1, 2, 5)] == [
        "Wpisz najwyżej 1 cyfrę po przecinku.",
        "Wpisz najwyżej 2 cyfry po przecinku.",
        "Wpisz najwyżej 5 cyfr po przecinku.",
    ]
    assert i18n.message_text("Type a whole number, without a comma.", {}) == (
        "Wpisz liczbę całkowitą, bez przecinka."
    )


#: Arabic plural messages whose "one"/"two" forms keep the number, with the reason.
ARABIC_NUMBER_KEPT: dict[str, str] = {
    "this row has {found} cell; the header has {expected}": (
        "a neutral 'number of cells: {found}' beside {expected}; no counted noun"
    ),
    "Type at most {decimals} digit after the comma.": (
        "a neutral 'maximum number of digits: {decimals}'; no counted noun"
    ),
}


def arabic_number_word_problems(catalog: Catalog) -> list[str]:
    """Arabic says "one" and "two" with the noun alone ("ثانيتان", "ثانية واحدة"): a count
    placeholder in form 1 or 2 reads "بعد 2 ثانيتين" (issue #30)."""
    problems = []
    for message in catalog:
        if not message.pluralizable or not message.id or message.id[0] in ARABIC_NUMBER_KEPT:
            continue
        for index in (1, 2):
            names = set(PLACEHOLDER.findall(message.string[index])) & COUNT_NAMES
            if names:
                problems.append(f"{message.id[0]!r} form {index}: {message.string[index]!r}")
    return problems


def test_arabic_one_and_two_say_the_number_in_words() -> None:
    assert arabic_number_word_problems(read(po_path("ar"), "ar")) == []


def test_arabic_countdown_reads_naturally() -> None:
    from kiosk import i18n

    catalog = i18n.translations_for("ar")
    message = "The screen will start over in {n} second. Everything you did will be wiped."
    plural = "The screen will start over in {n} seconds. Everything you did will be wiped."
    two = catalog.ngettext(message, plural, 2).format(n=2)
    one = catalog.ngettext(message, plural, 1).format(n=1)
    assert "بعد ثانيتين" in two
    assert "2" not in two
    assert "ثانية واحدة" in one
    assert "1" not in one


def test_command_line_counts_agree_with_their_number() -> None:
    """`kiosk sync` said "1 registraties wachten nog" (issue #30)."""
    from kiosk import i18n

    nl = i18n.translations_for("nl")
    single = "{n} record is still waiting to be sent; run again"
    plural = "{n} records are still waiting to be sent; run again"
    assert nl.ngettext(single, plural, 1).format(n=1).startswith("1 registratie wacht")
    assert nl.ngettext(single, plural, 3).format(n=3).startswith("3 registraties wachten")
    uk = i18n.translations_for("uk")
    assert uk.ngettext("{n} already there", "{n} already there", 1) == "{n} вже був"
