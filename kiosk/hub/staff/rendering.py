"""Rendering the staff pages: the Jinja2 templates, their gettext and filters, and `Page`.

Templates are server-rendered, no build step. Every page gets the logged-in user, the CSRF token
its forms send back, and the current path; routes get a `Page` through `kiosk.hub.deps.PageDep`.
A hub admin's pages also get `review`: the users the upgrade of issue #18 gave a broad scope
(kiosk.hub.organisations.users_to_review), shown in a banner until dismissed.

Times are shown in the location's time zone where a page knows the location (`local_time`,
`local_when` take the zone); elsewhere in UTC, and say so.

Texts are in the hub's own gettext domain (kiosk.hub.i18n), in the language of the request:
`Page.t` is its translator, and the templates' `_()` and `ngettext()` read the translator of
the page being rendered (the `t` in its context), so two pages rendered at the same moment in
two languages never meet. Dates and numbers in the templates go through the filters `day`,
`number` and `moment`, which format them in that translator's locale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

from kiosk.domain.labels import OUTCOME_LABELS, TOPIC_LABELS
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.helpdesk.slots import DEFAULT_TIMEZONE
from kiosk.hub.i18n import HUB_LANGUAGES, N_, Translator, choose_language, translator_for
from kiosk.hub.organisations import BroadUser, users_to_review
from kiosk.hub.staff.auth import StaffUser, csrf_for
from kiosk.protocol import IDLE_TIMEOUT_MAX_S, IDLE_TIMEOUT_MIN_S

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"


def when(moment: datetime | None) -> str:
    """A UTC moment as 'YYYY-MM-DD HH:MM UTC', or a dash."""
    if moment is None:
        return "—"
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def local_time(moment: datetime, timezone: str = DEFAULT_TIMEZONE) -> str:
    """An aware moment as local 'HH:MM'."""
    return moment.astimezone(ZoneInfo(timezone)).strftime("%H:%M")


def local_when(moment: datetime | None, timezone: str = DEFAULT_TIMEZONE) -> str:
    """An aware moment as 'YYYY-MM-DD HH:MM' in `timezone`, or a dash."""
    if moment is None:
        return "—"
    return moment.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M")


def context_translator(context: Context) -> Translator:
    """The translator of the page being rendered (English for a template rendered bare)."""
    found = context.get("t")
    return found if isinstance(found, Translator) else translator_for(None)


@pass_context
def _gettext(context: Context, message: str) -> str:
    return context_translator(context).gettext(message)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return context_translator(context).ngettext(singular, plural, n)


@pass_context
def _topic(context: Context, topic: str) -> str:
    label = TOPIC_LABELS.get(topic)
    return context_translator(context).gettext(label) if label else topic


@pass_context
def _outcome(context: Context, outcome: str) -> str:
    label = OUTCOME_LABELS.get(outcome)
    return context_translator(context).gettext(label) if label else outcome


@pass_context
def _number(context: Context, value: float) -> str:
    return context_translator(context).number(value)


@pass_context
def _day(context: Context, value: object) -> str:
    if not isinstance(value, (date, datetime)):
        return "—"
    return context_translator(context).day(value)


@pass_context
def _moment(context: Context, value: datetime | None, zone: str | None = None) -> str:
    return context_translator(context).moment(value, zone)


def install(env: Environment) -> None:
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_gettext, ngettext=_ngettext, newstyle=True
    )
    env.filters["when"] = when
    env.filters["topic"] = _topic
    env.filters["outcome"] = _outcome
    env.filters["number"] = _number
    env.filters["day"] = _day
    env.filters["moment"] = _moment
    env.filters["local_time"] = local_time
    env.filters["local_when"] = local_when


templates = Jinja2Templates(directory=str(TEMPLATES))
install(templates.env)
# The idle-timeout range the kiosk accepts (kiosk.protocol), for the location form's limits.
templates.env.globals["idle_timeout_min"] = IDLE_TIMEOUT_MIN_S
templates.env.globals["idle_timeout_max"] = IDLE_TIMEOUT_MAX_S
# The languages of the hub's pages, named in their own language (the account page's choice).
templates.env.globals["languages"] = HUB_LANGUAGES
#: The roles as people read them (kiosk.hub.scope.ROLES), translated where shown.
ROLE_NAMES = {
    "hub_admin": N_("hub admin"),
    "coordinator": N_("coordinator"),
    "staff": N_("staff"),
}
templates.env.globals["role_names"] = ROLE_NAMES


@dataclass(frozen=True)
class Page:
    """Renders templates for one request: the user (None before login) and the forms' token."""

    request: Request
    user: StaffUser | None
    csrf: str
    review: tuple[BroadUser, ...] = ()
    #: The hub's texts in this request's language (kiosk.hub.i18n).
    t: Translator = field(default_factory=lambda: translator_for(None))

    def render(self, name: str, status_code: int = 200, **context: object) -> HTMLResponse:
        context.update(
            user=self.user,
            csrf=self.csrf,
            path=self.request.url.path,
            review=self.review,
            t=self.t,
            lang=self.t.language,
        )
        return templates.TemplateResponse(self.request, name, context, status_code=status_code)


def page_for(request: Request, db: HubDatabase, user: StaffUser | None) -> Page:
    """A Page for `user`, with the CSRF token bound to their session (or pre-login cookie)."""
    review = tuple(users_to_review(db)) if user is not None and user.is_admin else ()
    return Page(
        request, user, csrf_for(request, db, user), review, request_translator(request, user)
    )


def request_translator(request: Request, user: StaffUser | None) -> Translator:
    """The translator of this request: the user's language, else the browser's, else English."""
    preference = user.language if user is not None else None
    return translator_for(choose_language(preference, request.headers.get("accept-language")))
