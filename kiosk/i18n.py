"""Translation of the kiosk's own texts (gettext), and the locale rules for formatting.

Import `_` (and `N_` for texts translated later, `ngettext` for plurals) explicitly from here;
nothing is injected into builtins. `set_language()` switches the catalog for the whole process;
the UI then redraws itself on its `language_changed` signal. Guide texts are translated inside
the guides themselves (docs/guide-format.md), not here.

Catalogs are `translations/<lang>/LC_MESSAGES/kiosk.po`, compiled to `.mo` by
`make translations`. A checkout where the `.mo` is missing compiles the `.po` in memory.
"""

from __future__ import annotations

import gettext
import io
import logging
import re
from collections.abc import Mapping
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_time

from kiosk import resources

log = logging.getLogger(__name__)

DOMAIN = "kiosk"
DEFAULT_LANGUAGE = "nl"

#: Every language the kiosk knows, named in its own language and script.
LANGUAGE_NAMES: dict[str, str] = {
    "nl": "Nederlands",
    "fr": "Français",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "pl": "Polski",
    "uk": "Українська",
}
RTL_LANGUAGES = frozenset({"ar"})

_NONE = gettext.NullTranslations()
_translations: gettext.NullTranslations = _NONE
_language = DEFAULT_LANGUAGE
_country = "BE"

#: The zone of a location's country, used until the hub's config names the location's own.
COUNTRY_ZONES = {"BE": "Europe/Brussels", "NL": "Europe/Amsterdam"}
DEFAULT_ZONE = "Europe/Brussels"
_zone: tzinfo = ZoneInfo(DEFAULT_ZONE)
_zone_from_config = False
_cache: dict[str, gettext.NullTranslations] = {}


def _(message: str) -> str:
    """The current language's translation of `message`."""
    return _translations.gettext(message)


def N_(message: str) -> str:
    """Mark `message` for extraction; it is translated later, where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


#: Plural messages marked with `Np_`: plural message id -> (singular id, counting parameter).
_PLURALS: dict[str, tuple[str, str]] = {}


def Np_(singular: str, plural: str, count: str) -> str:
    """Mark a plural message that is translated later (`N_` for counts): returns `plural`, the
    id a lower layer keeps, and remembers the singular and which parameter counts."""
    _PLURALS[plural] = (singular, count)
    return plural


def message_text(message: str, params: Mapping[str, object]) -> str:
    """A message id kept by a lower layer (`N_` or `Np_`) translated and filled in."""
    if message in _PLURALS:
        singular, count = _PLURALS[message]
        number = params.get(count)
        if isinstance(number, int):
            return ngettext(singular, message, number).format(**params)
    return _(message).format(**params)


def current_language() -> str:
    return _language


def is_rtl(language: str | None = None) -> bool:
    return (language or _language) in RTL_LANGUAGES


def locale_name(language: str | None = None, country: str = "BE") -> str:
    """The babel/CLDR locale for formatting in `language` at a location in `country`.

    nl and fr follow the location's country (nl_BE vs nl_NL formats differ); the other
    languages use their own main locale. The same name is used for QLocale (kiosk.ui.shell.qt_i18n).

    Digits are Latin (0-9) in every language, because IBANs, codes and amounts on the screen
    must match the letter in the resident's hand. This is the one place that rule lives:
    Arabic is "ar_001" (Modern Standard Arabic), whose CLDR numbering system is Latin for
    babel and QLocale alike ("ar_EG" and "ar_SA" would give Arabic-Indic digits in QLocale).
    """
    language = language or _language
    if language in ("nl", "fr"):
        return "fr_FR" if (language, country) == ("fr", "NL") else f"{language}_{country}"
    return {"en": "en_GB", "ar": "ar_001", "tr": "tr_TR", "pl": "pl_PL", "uk": "uk_UA"}.get(
        language, language
    )


#: Unicode isolates: LEFT-TO-RIGHT ISOLATE, FIRST STRONG ISOLATE, POP DIRECTIONAL ISOLATE.
LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"


def ltr(value: str, language: str | None = None) -> str:
    """`value` kept left to right inside right-to-left text: the one function for phone
    numbers, postcodes, IBANs, codes, host names and web addresses.

    In a right-to-left language (Arabic) the value is wrapped in LRI ... PDI, so that
    "0470 12 34 56" does not show as "56 34 12 0470" and "1234 AB" not as "AB 1234"; in a
    left-to-right language it is returned as it is.
    """
    if not value or not is_rtl(language):
        return value
    return f"{LRI}{value}{PDI}"


#: WORD JOINER: no line break on either side of it.
WJ = "\u2060"
#: NO-BREAK SPACE
NBSP = "\u00a0"


def unbroken(value: str) -> str:
    """`value` that never breaks over two lines: a WORD JOINER between every two characters
    (a Belgian structured communication "+++090/9337/55493+++" otherwise breaks after "++"
    or a "/"). Its spaces become no-break spaces."""
    return WJ.join(value.replace(" ", NBSP))


#: ZERO WIDTH SPACE: a place where a line may break, invisible when it does not.
ZWSP = "\u200b"
#: The longest run of characters without a break opportunity that `breakable()` leaves.
BREAK_EVERY = 20


def breakable(value: str, every: int = BREAK_EVERY) -> str:
    """`value` with a ZERO WIDTH SPACE after every `every` characters of a long unbroken run (a
    web address, a token): a word-wrapped label then wraps it anywhere instead of growing
    wider than the screen. Runs joined by `unbroken()` (word joiners) are left whole; text
    with spaces every few characters is returned unchanged."""
    return re.sub(
        rf"[^\s{WJ}{ZWSP}]{{{every + 1},}}",
        lambda match: ZWSP.join(
            match.group(0)[start : start + every] for start in range(0, len(match.group(0)), every)
        ),
        value,
    )


def zone_for(name: str | None, country: str = "BE") -> tzinfo:
    """The zone `name` (an IANA name such as "Europe/Brussels"), or the country's when `name` is
    empty or unknown. Never the PC's own zone: a kiosk PC set to UTC shows the location's time."""
    for candidate in (name, COUNTRY_ZONES.get(country, DEFAULT_ZONE)):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                log.warning("unknown time zone %r; using the country's", candidate)
    return ZoneInfo(DEFAULT_ZONE)


def set_time_zone(name: str | None) -> None:
    """The location's own zone, from the hub's config (`timezone`); empty keeps the country's."""
    global _zone, _zone_from_config
    _zone = zone_for(name, _country)
    _zone_from_config = bool(name)


def location_zone() -> tzinfo:
    """The zone every time on screen and on paper is shown in: the location's."""
    return _zone


def local(moment: datetime) -> datetime:
    """`moment` in the location's zone (a naive moment is taken as UTC, as the store keeps it)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("UTC"))
    return moment.astimezone(_zone)


def moment_text(value: object) -> str:
    """An ISO time from the store ("2026-12-03T13:57:47+00:00") as staff read it everywhere
    (`kiosk status`, the admin screen): "2026-12-03 14:57 CET", the location's local time.
    Anything that is not such a time is given back as it is ("" for None)."""
    if not isinstance(value, str) or not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    return local(moment).strftime("%Y-%m-%d %H:%M %Z")


def clock_time(moment: datetime, locale: str) -> str:
    """The time of day as every screen shows it: 24-hour "14:30" in every language (Arabic
    CLDR would give "2:30 م"), the same form as the booking's slot buttons. An aware `moment`
    is shown in the location's zone (`local()`); a naive one is taken as already local."""
    if moment.tzinfo is not None:
        moment = local(moment)
    return format_time(moment, format="HH:mm", locale=locale)


def time_range(start: datetime, end: datetime, locale: str) -> str:
    """ "14:30 – 15:00" that never splits between the two times (no-break spaces)."""
    return f"{clock_time(start, locale)}{NBSP}\u2013{NBSP}{clock_time(end, locale)}"


def translations_for(language: str, country: str | None = None) -> gettext.NullTranslations:
    """The catalog of `language` at a location in `country` (default: the one set).

    A country variant (`translations/nl_NL/`) holds only the few messages whose word differs
    in that country ("betalingskenmerk" for the Belgian "mededeling"); every other message
    falls back to the language's own catalog.
    """
    variant = f"{language}_{country or _country}"
    if variant not in _cache:
        base = _cache.get(language) or _load(language)
        _cache[language] = base
        if (resources.translations_dir() / variant / "LC_MESSAGES" / f"{DOMAIN}.po").exists():
            overrides = _load(variant)
            overrides.add_fallback(base)
            _cache[variant] = overrides
        else:
            _cache[variant] = base
    return _cache[variant]


def set_country(country: str) -> None:
    """The location's country (`BE`, `NL`): picks the country variant of a catalog."""
    global _country, _translations, _zone
    _country = country
    if not _zone_from_config:
        _zone = zone_for(None, country)
    if _translations is not _NONE:  # a language is set: switch to its variant now
        _translations = translations_for(_language)


def current_country() -> str:
    return _country


def set_language(language: str) -> None:
    """Switch every `_()` call in the process to `language`."""
    global _translations, _language
    if language not in LANGUAGE_NAMES:
        raise ValueError(f"unknown language {language!r}")
    _translations = translations_for(language)
    _language = language


def _load(language: str) -> gettext.NullTranslations:
    folder = resources.translations_dir() / language / "LC_MESSAGES"
    mo_file = folder / f"{DOMAIN}.mo"
    po_file = folder / f"{DOMAIN}.po"
    if mo_file.exists() and (
        not po_file.exists() or mo_file.stat().st_mtime >= po_file.stat().st_mtime
    ):
        with mo_file.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if po_file.exists():
        return _compile_in_memory(po_file)
    if language != "en":
        log.warning("no translation catalog for %r; showing the source texts", language)
    return gettext.NullTranslations()


def _compile_in_memory(po_file: Path) -> gettext.NullTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)
