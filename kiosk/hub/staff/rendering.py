"""Rendering the staff pages: the Jinja2 templates, their gettext and filters, and `Page`.

Templates are server-rendered, no build step. Every page gets the logged-in user, the CSRF token
its forms send back, and the current path; routes get a `Page` through `kiosk.hub.deps.PageDep`.
A hub admin's pages also get `review`: the users the upgrade of issue #18 gave a broad scope
(kiosk.hub.organisations.users_to_review), shown in a banner until dismissed.

Times are shown in the location's time zone where a page knows the location (`local_time`,
`local_when` take the zone); elsewhere in UTC, and say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment

from kiosk.domain.labels import outcome_label, topic_label
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.helpdesk.slots import DEFAULT_TIMEZONE
from kiosk.hub.organisations import BroadUser, users_to_review
from kiosk.hub.staff.auth import StaffUser, csrf_for
from kiosk.i18n import _, ngettext
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


def install(env: Environment) -> None:
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_, ngettext=ngettext, newstyle=True
    )
    env.filters["when"] = when
    env.filters["topic"] = topic_label
    env.filters["outcome"] = outcome_label
    env.filters["local_time"] = local_time
    env.filters["local_when"] = local_when


templates = Jinja2Templates(directory=str(TEMPLATES))
install(templates.env)
# The idle-timeout range the kiosk accepts (kiosk.protocol), for the location form's limits.
templates.env.globals["idle_timeout_min"] = IDLE_TIMEOUT_MIN_S
templates.env.globals["idle_timeout_max"] = IDLE_TIMEOUT_MAX_S


@dataclass(frozen=True)
class Page:
    """Renders templates for one request: the user (None before login) and the forms' token."""

    request: Request
    user: StaffUser | None
    csrf: str
    review: tuple[BroadUser, ...] = ()

    def render(self, name: str, status_code: int = 200, **context: object) -> HTMLResponse:
        context.update(
            user=self.user, csrf=self.csrf, path=self.request.url.path, review=self.review
        )
        return templates.TemplateResponse(self.request, name, context, status_code=status_code)


def page_for(request: Request, db: HubDatabase, user: StaffUser | None) -> Page:
    """A Page for `user`, with the CSRF token bound to their session (or pre-login cookie)."""
    review = tuple(users_to_review(db)) if user is not None and user.is_admin else ()
    return Page(request, user, csrf_for(request, db, user), review)
