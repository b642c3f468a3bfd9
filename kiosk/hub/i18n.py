"""The hub's own texts (the gettext domain `hub`), translated per request, never per process.

Staff pages, the hub's error pages and the `kiosk hub ...` messages staff read live in
`translations/<lang>/LC_MESSAGES/hub.po` (nl, fr, en; the template is `translations/hub.pot`),
compiled to `.mo` by `make compile-translations` like the kiosk's own catalog. The kiosk's
domain (kiosk.i18n) switches one language for the whole process, which a kiosk can do and a
server cannot: two staff members ask at the same moment, one in Dutch and one in French.

So every request gets its own `Translator` (`translator_for(language, country)`): the language
is the user's `language` preference (Users page, `kiosk hub user language`), else the first
hub language the browser asks for (`Accept-Language`), else English. A page gets it through
`kiosk.hub.staff.rendering.Page.t`; templates call `_()` and `ngettext()`, which read the
translator of the page being rendered. Dates and numbers are formatted by babel in the locale
of the language at the location's country (nl_BE, fr_BE; kiosk.i18n.locale_name), times in the
location's zone.

Code that is not a request (the CLI) uses `cli_translator()`: the language of the environment
(`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`), else English.
"""

from __future__ import annotations

import gettext
import io
import logging
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_decimal, format_percent

from kiosk import resources
from kiosk.hub.errors import HubError
from kiosk.i18n import locale_name

log = logging.getLogger(__name__)

DOMAIN = "hub"
#: The languages staff pages are complete in, named in their own language.
HUB_LANGUAGES: dict[str, str] = {"nl": "Nederlands", "fr": "Français", "en": "English"}
FALLBACK_LANGUAGE = "en"
#: The most Accept-Language entries read (the header is the client's, its length is not).
MAX_ACCEPT_ENTRIES = 20


def N_(message: str) -> str:
    """Mark `message` for extraction into the hub domain; translated where it is shown."""
    return message


def Np_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural message for extraction; both forms, translated where they are shown
    (`Translator.ngettext`, or `HubError(singular, plural=plural, n=...)`)."""
    return singular, plural


@dataclass(frozen=True)
class Translator:
    """The hub's texts and formats in one language, for one request (or one CLI run)."""

    language: str
    country: str = "BE"
    catalog: gettext.NullTranslations = field(
        default_factory=gettext.NullTranslations, compare=False, repr=False
    )

    @property
    def locale(self) -> str:
        """The babel locale of dates and numbers: nl_BE, fr_BE, en_GB (kiosk.i18n.locale_name)."""
        return locale_name(self.language, self.country)

    def gettext(self, message: str) -> str:
        return self.catalog.gettext(message)

    def _(self, message: str, **params: object) -> str:
        """`message` translated, its `{placeholders}` filled in from `params`."""
        text = self.catalog.gettext(message)
        return text.format(**params) if params else text

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.catalog.ngettext(singular, plural, n)

    def n_(self, singular: str, plural: str, n: int, **params: object) -> str:
        """The plural form for `n`, filled in with `n` and `params` ("{n} runs")."""
        return self.catalog.ngettext(singular, plural, n).format(n=self.number(n), **params)

    def error(self, exc: HubError) -> str:
        """A hub error's sentence in this language (its English text if it has no template)."""
        # a parameter that is itself a message ("the weekday") is translated too; names and
        # values typed by people are not in the catalogs and stay as they are
        # a date is written as this locale writes it ("1 nov 2026", "1 nov. 2026")
        params = {
            key: self.catalog.gettext(value)
            if isinstance(value, str)
            else self.day(value)
            if isinstance(value, date) and not isinstance(value, datetime)
            else value
            for key, value in exc.params.items()
        }
        if exc.plural is not None:
            return self.n_(exc.message, exc.plural, exc.n, **params)
        return self._(exc.message, **params)

    def number(self, value: float) -> str:
        """A number as this locale writes it: 1.234 in nl_BE, 1 234 in fr_BE."""
        return format_decimal(value, locale=self.locale)

    def percent(self, fraction: float) -> str:
        """A fraction (0.5) as a percentage ("50%", "50 %")."""
        return format_percent(fraction, locale=self.locale)

    def day(self, value: date, style: str = "medium") -> str:
        """A date as this locale writes it ("3 dec 2026", "3 déc. 2026")."""
        return format_date(value, format=style, locale=self.locale)

    def moment(self, value: datetime | None, zone: str | None = None, style: str = "short") -> str:
        """An aware moment in the location's `zone` (UTC when None, and it says so), or a dash."""
        if value is None:
            return "—"
        local = value.astimezone(ZoneInfo(zone or "UTC"))
        if style == "short":  # "3 dec 2026 14:05": the day unambiguous, the time 24-hour
            text = f"{self.day(local.date())} {format_time(local, 'HH:mm', locale=self.locale)}"
        else:
            text = format_datetime(local, format=style, locale=self.locale)
        return text if zone else f"{text} UTC"


def _catalog_file(language: str) -> Path:
    return resources.translations_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@lru_cache(maxsize=16)
def _catalog(language: str) -> gettext.NullTranslations:
    """The compiled catalog of `language` (read once; immutable afterwards, so shared)."""
    po_file = _catalog_file(language)
    mo_file = po_file.with_suffix(".mo")
    if mo_file.exists() and (
        not po_file.exists() or mo_file.stat().st_mtime >= po_file.stat().st_mtime
    ):
        with mo_file.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    if po_file.exists():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po_file.open("rb") as handle:
            catalog = read_po(handle)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    log.warning("no hub catalog for %r; showing the source texts", language)
    return gettext.NullTranslations()


def translator_for(language: str | None, country: str = "BE") -> Translator:
    """The translator of `language` (a hub language; anything else gives English)."""
    chosen = language if language in HUB_LANGUAGES else FALLBACK_LANGUAGE
    assert chosen is not None
    return Translator(chosen, country, _catalog(chosen))


def known_message(message: str) -> bool:
    """Whether `message` is one of the hub's messages (a text of the catalogs)."""
    return message in _message_ids()


@lru_cache(maxsize=1)
def _message_ids() -> frozenset[str]:
    """The message ids of the English catalog (which holds every message of the domain)."""
    from babel.messages.pofile import read_po

    path = _catalog_file(FALLBACK_LANGUAGE)
    if not path.exists():
        return frozenset()
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return frozenset(m.id for m in catalog if isinstance(m.id, str) and m.id)


def language_from_accept(header: str | None) -> str | None:
    """The hub language the browser prefers most (`Accept-Language`), or None.

    "fr-BE,fr;q=0.9,en;q=0.5" gives "fr"; "de,nl;q=0.3" gives "nl"; "de" gives None. Entries
    with q=0 are refused, as the header means.
    """
    if not header:
        return None
    ranked: list[tuple[float, int, str]] = []
    for index, entry in enumerate(header[:2000].split(",")[:MAX_ACCEPT_ENTRIES]):
        parts = entry.strip().split(";")
        tag = parts[0].strip().lower()
        weight = 1.0
        for param in parts[1:]:
            name, _sep, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        language = tag.split("-")[0].split("_")[0]
        if language in HUB_LANGUAGES and weight > 0:
            ranked.append((-weight, index, language))
    return min(ranked)[2] if ranked else None


def choose_language(preference: str | None, accept_language: str | None) -> str:
    """The language of a page: the user's preference, else the browser's, else English."""
    if preference in HUB_LANGUAGES:
        assert preference is not None
        return preference
    return language_from_accept(accept_language) or FALLBACK_LANGUAGE


def cli_translator(environ: dict[str, str] | None = None) -> Translator:
    """The translator of a `kiosk hub ...` command: the environment's language, else English."""
    env = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        for candidate in value.split(":"):
            language = candidate.split("_")[0].split(".")[0].lower()
            if language in HUB_LANGUAGES:
                return translator_for(language)
        if value:
            break
    return translator_for(FALLBACK_LANGUAGE)
