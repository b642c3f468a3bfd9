"""The name rule (kiosk.domain.names) as the hub applies it, to every name it stores.

`stored_name()` is for the hub's services (CLI and staff forms): a refused name is a HubError
with the rule's plain message, which the CLI prints and a staff form shows again. `KioskName`
and `FirstName` are the same rule in a request body: a refused name is a 422 whose `msg` says
why.
`check_email()` is the e-mail form of it: printable, no control characters, at most 254.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field

from kiosk.domain.names import FIRST_NAME_MAX, NAME_MAX, NameRefused, check_name, refused_reason
from kiosk.hub.errors import HubError
from kiosk.hub.i18n import N_

EMAIL_MAX = 254
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def stored_name(value: str, what: str, limit: int = NAME_MAX) -> str:
    """`value` normalised by the name rule, or HubError with the rule's message."""
    try:
        return check_name(value, what, limit)
    except NameRefused as exc:
        raise HubError(exc.message) from None


def stored_text(value: str, what: str, limit: int) -> str:
    """Short free text shown with a name (a referral's address or hours): empty, or one line of
    printable text under the name rule's characters and `limit`; HubError otherwise."""
    if not value.split():
        return ""
    try:
        return check_name(value, what, limit)
    except NameRefused as exc:
        if exc.reason == "too_long":
            raise HubError(
                N_("the {what} is longer than {limit} characters"), what=what, limit=limit
            ) from None
        raise HubError(
            N_(
                "the {what} may contain only printable text on one line (no control, invisible "
                "or direction-changing characters)"
            ),
            what=what,
        ) from None


def name_check(what: str, limit: int = NAME_MAX) -> AfterValidator:
    """A pydantic validator applying the name rule (a refusal is a ValueError, so a 422)."""

    def check(value: str) -> str:
        return check_name(value, what, limit)

    return AfterValidator(check)


#: What the OpenAPI document promises is always accepted: letters, digits, spaces and common
#: signs, with at least one letter or digit. The rule accepts more (emoji, other signs);
#: schemathesis generates "valid" names from this, so it must never promise what the rule refuses.
SAFE_NAME_PATTERN = r"^[\w ,.'()&/+:-]*[^\W_][\w ,.'()&/+:-]*$"


def _name_field(what: str, limit: int) -> object:
    return Field(
        min_length=1,
        max_length=limit,
        description=(
            f"a {what} name under the hub's name rule: at most {limit} characters of printable "
            "text on one line, without control, invisible or direction-changing characters"
        ),
        json_schema_extra={"pattern": SAFE_NAME_PATTERN},
    )


#: Names in request bodies: a 422 (with the rule's message) when refused.
KioskName = Annotated[str, _name_field("kiosk", NAME_MAX), name_check("kiosk")]
FirstName = Annotated[
    str, _name_field("first", FIRST_NAME_MAX), name_check("booking", FIRST_NAME_MAX)
]


def check_email(value: str) -> str:
    """`value` trimmed and lower-cased, or HubError: one address, printable, at most 254."""
    email = value.strip().lower()
    if len(email) > EMAIL_MAX or any(refused_reason(char) for char in email):
        raise HubError(
            N_(
                "an e-mail address has at most {limit} printable characters, without control "
                "or invisible ones"
            ),
            limit=EMAIL_MAX,
        )
    if not _EMAIL.match(email):
        raise HubError(N_("{email} is not an e-mail address"), email=repr(email))
    return email
