"""The help point's request and answer bodies (issue #8), as the OpenAPI document shows them.

Request bodies refuse unknown fields and replace lone surrogates (a JSON escape such as
\\ud800) with U+FFFD, so that neither the database nor a 422 answer that echoes the input
fails on them.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, AwareDatetime, Field, field_validator, model_validator

from kiosk.domain import pins
from kiosk.domain.pins import is_pin_hash
from kiosk.hub.helpdesk.volunteers import PIN_HASH
from kiosk.hub.names import FirstName
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


def _kiosk_accepts(pin_hash: str) -> str:
    """The hash as kiosks check it (kiosk.domain.pins.is_pin_hash): a hash with other scrypt
    parameters would be stored, sent to every kiosk and never match, locking the volunteer out."""
    if not is_pin_hash(pin_hash):
        raise ValueError(
            f"kiosks accept only scrypt PIN hashes with N={pins.N}, r={pins.R}, p={pins.P}, "
            f"a {pins.SALT_BYTES}-byte salt and a {pins.DKLEN}-byte hash"
        )
    return pin_hash


class PinUpload(Body):
    pin_hash: Annotated[
        str, Field(max_length=255, pattern=PIN_HASH.pattern), AfterValidator(_kiosk_accepts)
    ]
    #: The volunteer's invitation code the PIN was chosen with (12 digits; kiosks since #21).
    #: Without it the hub refuses a first PIN (409 invitation_required).
    invitation_code: Annotated[str, Field(pattern=r"^[0-9]{12}$")] | None = None


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


#: Empty, or at least 6 digits with + - . / ( ) and spaces between them.
PHONE_PATTERN = r"^([ +()./-]*([0-9][ +()./-]*){6,})?$"


class BookingRequest(Body):
    """`phone` may be null or empty; everything the schema allows is accepted."""

    slot_id: Annotated[str, Field(min_length=1, max_length=64)]
    first_name: FirstName
    phone: Annotated[str | None, Field(max_length=32, pattern=PHONE_PATTERN)] = None

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
