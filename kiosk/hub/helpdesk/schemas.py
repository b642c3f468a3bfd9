"""The help point's request and answer bodies (issue #8), as the OpenAPI document shows them.

Request bodies refuse unknown fields and replace lone surrogates (a JSON escape such as
\\ud800) with U+FFFD, so that neither the database nor a 422 answer that echoes the input
fails on them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, field_validator, model_validator

from kiosk.hub.helpdesk.volunteers import PIN_HASH
from kiosk.hub.records.schemas import Strict

ServiceId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")]


def _no_lone_surrogates(value: object) -> object:
    """Strings with lone surrogates (a JSON escape such as \\ud800) get U+FFFD instead, so
    that neither the database nor a 422 answer that echoes the input fails on them."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {key: _no_lone_surrogates(item) for key, item in value.items()}
    return value


class Body(Strict):
    """A request body of this API."""

    @model_validator(mode="before")
    @classmethod
    def _clean(cls, data: object) -> object:
        return _no_lone_surrogates(data)


class PinUpload(Body):
    pin_hash: Annotated[str, Field(max_length=255, pattern=PIN_HASH.pattern)]


class Refusal(Strict):
    """A 409: `reason` is a stable id for programs, `detail` a sentence for people."""

    reason: str
    detail: str


class Slot(Strict):
    id: str
    service: str
    start: AwareDatetime
    end: AwareDatetime


class SlotList(Strict):
    slots: list[Slot]


#: At least one character that is not a space, and no control characters (no newlines).
NAME_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
#: Empty, or at least 6 digits with + - . / ( ) and spaces between them.
PHONE_PATTERN = r"^([ +()./-]*([0-9][ +()./-]*){6,})?$"


class BookingRequest(Body):
    """`phone` may be null or empty; everything the schema allows is accepted."""

    slot_id: Annotated[str, Field(min_length=1, max_length=64)]
    first_name: Annotated[str, Field(min_length=1, max_length=60, pattern=NAME_PATTERN)]
    phone: Annotated[str | None, Field(max_length=32, pattern=PHONE_PATTERN)] = None

    @field_validator("first_name")
    @classmethod
    def _first_name(cls, value: str) -> str:
        return " ".join(value.split()) or value.strip() or value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        return " ".join(value.split()) or None if value is not None else None


class Ticket(Strict):
    code: str
    service: str
    service_name: str
    start: AwareDatetime
    end: AwareDatetime
    location: str


class CancelRequest(Body):
    code: Annotated[str, Field(min_length=1, max_length=32)]


class Cancelled(Strict):
    cancelled: Literal[True] = True
