"""Jinja2 glue for the staff pages: gettext (through kiosk.i18n) and display filters."""

from __future__ import annotations

from datetime import datetime

from jinja2 import Environment

from kiosk.domain.labels import outcome_label, topic_label
from kiosk.i18n import _, ngettext


def when(moment: datetime | None) -> str:
    """A UTC moment as 'YYYY-MM-DD HH:MM UTC', or a dash."""
    if moment is None:
        return "—"
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def install(env: Environment) -> None:
    env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_, ngettext=ngettext, newstyle=True
    )
    env.filters["when"] = when
    env.filters["topic"] = topic_label
    env.filters["outcome"] = outcome_label
