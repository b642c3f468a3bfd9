"""Readable audit entries on the audit page (#19): a translated title for every action of
kiosk.hub.audit.ACTIONS, and the details as translated names with values formatted in the
reader's locale (dates and times as on the other pages), never raw ids or key=value text.
tests/hub/staff/test_audit_labels.py checks that every action has a title.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime

from kiosk.hub.i18n import N_, Translator

#: A title for every audit action.
ACTION_LABELS: dict[str, str] = {
    "login.ok": N_("Logged in"),
    "login.failed": N_("Login failed"),
    "logout": N_("Logged out"),
    "export": N_("Export"),
    "kiosk.enrolled": N_("Kiosk enrolled"),
    "kiosk.revoked": N_("Kiosk access revoked"),
    "enroll_code.created": N_("Enrollment code made"),
    "volunteer.added": N_("Volunteer added"),
    "volunteer.removed": N_("Volunteer removed"),
    "volunteer.pin_set": N_("Volunteer chose a first PIN"),
    "volunteer.pin_reset": N_("Volunteer's PIN cleared"),
    "volunteer.invited": N_("Invitation code for a volunteer made"),
    "volunteer.pin_refused": N_("First PIN refused at a kiosk"),
    "location.admin_pin_set": N_("Location's admin PIN set"),
    "kiosk.too_many_codes": N_("Too many wrong codes from a kiosk"),
    "user.added": N_("Staff account added"),
    "user.role_changed": N_("Role changed"),
    "user.disabled": N_("Staff account disabled"),
    "user.enabled": N_("Staff account enabled again"),
    "user.removed": N_("Staff account removed"),
    "user.password_changed": N_("Password changed"),
    "user.password_reset": N_("Password reset forced"),
    "user.scope_changed": N_("Organisations and locations changed"),
    "organisation.added": N_("Organisation added"),
    "location.added": N_("Location added"),
    "location.moved": N_("Location moved to another organisation"),
    "location.updated": N_("Location settings changed"),
    "location.guides_hidden": N_("Guides hidden or shown on a location"),
    "admin_token.issued": N_("Publishing token issued"),
    "admin_token.revoked": N_("Publishing token revoked"),
    "guides.initialised": N_("Guide repository set up"),
    "guides.published": N_("Guides published"),
    "records.purged": N_("Old records deleted"),
    "audit.purged": N_("Old audit entries deleted"),
    "audit.exported": N_("Audit log downloaded"),
    "user.language_changed": N_("Language changed"),
}
#: A name for each detail the hub records (others are shown by their key).
DETAIL_LABELS: dict[str, str] = {
    "changed": N_("changed"),
    "code": N_("code"),
    "deleted": N_("deleted"),
    "before": N_("before"),
    "expires": N_("expires"),
    "filters": N_("filters"),
    "from": N_("from"),
    "to": N_("to"),
    "role": N_("role"),
    "reason": N_("reason"),
    "tokens_revoked": N_("tokens revoked"),
    "valid_hours": N_("valid (hours)"),
    "with": N_("with"),
    "format": N_("format"),
    "location": N_("location"),
    "waited_s": N_("waited (seconds)"),
    "targets_version": N_("version"),
    "bundles": N_("bundles"),
    "text": N_("text"),
}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def action_label(t: Translator, action: str) -> str:
    """The action's title in the reader's language (the id only for an action no longer known)."""
    label = ACTION_LABELS.get(action)
    return t.gettext(label) if label else action


def _value(t: Translator, value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return t.number(value)
    if isinstance(value, list):
        return ", ".join(_value(t, item) for item in value)
    text = str(value)
    if _DAY.match(text):
        return t.day(date.fromisoformat(text))
    if _MOMENT.match(text):
        try:
            return t.moment(datetime.fromisoformat(text.replace("Z", "+00:00")))
        except ValueError:
            return text
    return text


def detail_text(t: Translator, details: Mapping[str, object]) -> str:
    """The details as `name: value; ...` with translated names and formatted values."""
    order = list(DETAIL_LABELS)
    parts = []
    for key in sorted(details, key=lambda key: order.index(key) if key in order else len(order)):
        label = DETAIL_LABELS.get(key)
        name = t.gettext(label) if label else key
        value = details[key]
        if key == "location" and value == "all":
            text = t.gettext(N_("All locations"))
        else:
            text = _value(t, value)
        parts.append(f"{name}: {text}")
    return "; ".join(parts)
