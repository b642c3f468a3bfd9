"""Sync protocol version 1: the JSON a kiosk sends and gets back (see docs/protocol.md).

Every model refuses unknown fields. A record's `data` is validated per `kind` against a versioned
schema (`GuideRunV1`, `AssistedSessionV1`), which accepts exactly what
`kiosk.domain.records.GuideRun.to_payload()` and `AssistedSession.to_payload()` produce. Ids are
short slugs without spaces, so no name or free text fits in them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    model_validator,
)

from kiosk.domain.records import AGE_BANDS, TOPICS
from kiosk.hub.names import KioskName
from kiosk.protocol import PROTOCOL_VERSION

#: A uuid in canonical lower-case form (as `str(uuid.uuid4())` writes it).
Uuid = Annotated[
    str, Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
]
Id = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")]
Language = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]


def _in_utc_range(moment: datetime) -> datetime:
    """A time whose UTC form exists (years 1-9999): "0001-01-01T00:30:00+01:00" does not."""
    try:
        moment.astimezone(UTC)
    except OverflowError:
        raise ValueError("the time in UTC is outside years 1-9999") from None
    return moment


#: A time with a UTC offset, whose UTC form is a real date (years 1-9999).
Moment = Annotated[AwareDatetime, AfterValidator(_in_utc_range)]
Topic = Literal[TOPICS]  # type: ignore[valid-type]
AgeBand = Literal[AGE_BANDS]  # type: ignore[valid-type]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Timed(Strict):
    started_at: Moment
    ended_at: Moment

    @model_validator(mode="after")
    def _ends_after_start(self) -> _Timed:
        if self.ended_at < self.started_at:
            raise ValueError("ended_at is before started_at")
        return self


class GuideRunV1(_Timed):
    """`data` of a `guide_run` record: where a resident's run went, never what was typed."""

    guide_id: Id
    guide_version: Annotated[int, Field(ge=0, le=2**31 - 1)]
    language: Language
    steps: Annotated[list[Id], Field(max_length=500)]
    ended: Literal["completed", "abandoned", "handed_off", "not_done"]
    last_step: Id
    assisted_session: Uuid | None = None


class AssistedSessionV1(_Timed):
    """`data` of an `assisted_session` record: topics and outcome, never names or notes."""

    topics: Annotated[list[Topic], Field(max_length=len(TOPICS))]
    outcome: Literal["helped", "partly", "not_helped", "referred"]
    referral: Id | None = None
    language: Language | None = None
    age_band: AgeBand | None = None
    first_visit: bool | None = None
    volunteer: Id

    @model_validator(mode="after")
    def _referral_when_referred(self) -> AssistedSessionV1:
        if (self.outcome == "referred") != (self.referral is not None):
            raise ValueError("referral is given exactly when the outcome is 'referred'")
        return self


class _Envelope(Strict):
    uuid: Uuid
    revision: Annotated[int, Field(ge=1, le=2**31 - 1)]
    created_at: Moment


class GuideRunRecord(_Envelope):
    """One revision of a guide run."""

    kind: Literal["guide_run"]
    data: GuideRunV1


class AssistedSessionRecord(_Envelope):
    """One revision of an assisted session."""

    kind: Literal["assisted_session"]
    data: AssistedSessionV1


RecordEnvelope = Annotated[GuideRunRecord | AssistedSessionRecord, Field(discriminator="kind")]
#: Validates one record, or (the fast path) a whole list of valid records in one call.
RECORD = TypeAdapter(RecordEnvelope)
RECORDS = TypeAdapter(list[RecordEnvelope])


class RecordBatch(Strict):
    """The body of `POST /api/v1/records` (documented shape; the hub judges each record)."""

    records: list[RecordEnvelope]


class Rejected(Strict):
    uuid: str | None
    reason: Literal["invalid", "conflict"]
    detail: str = ""


class BatchResult(Strict):
    ok: Literal[True] = True
    accepted: list[str]
    duplicates: list[str]
    rejected: list[Rejected]


class EnrollRequest(Strict):
    code: Annotated[str, Field(min_length=1, max_length=64)]
    name: KioskName


class EnrollResponse(Strict):
    kiosk_id: str
    token: str
    location: str
    location_id: str
    protocol: int = PROTOCOL_VERSION


class Referral(Strict):
    """A place the location refers residents to; `address` and `hours` are null when not set
    (kiosks older than these fields ignore them)."""

    id: Id
    label: str
    address: str | None = None
    hours: str | None = None


class ConfigVolunteer(Strict):
    """A volunteer of the location (issue #8); `pin_hash` is null until a kiosk set one."""

    id: str
    name: str
    role: Literal["volunteer", "coordinator"]
    pin_hash: str | None


class ConfigService(Strict):
    """A service residents can book at the location (issue #8)."""

    id: str
    name: str
    minutes: int


class KioskConfig(Strict):
    """What `GET /api/v1/kiosk/config` returns: the location's settings for this kiosk."""

    protocol: int = PROTOCOL_VERSION
    kiosk_id: str
    kiosk_name: str
    location_id: str
    location: str
    idle_timeout: int
    allowed_sites: list[str]
    referrals: list[Referral]
    services: list[ConfigService]
    volunteers: list[ConfigVolunteer]
    #: Since issue #18 (optional, so kiosks and hubs of before keep working): the location's
    #: IANA time zone, street address and phone number ("" when staff have not set them).
    timezone: str | None = None
    address: str | None = None
    phone: str | None = None


class ErrorBody(Strict):
    detail: Any  # Any: a sentence, or the list of validation errors of a 422


class Health(Strict):
    status: Literal["ok"]
    protocol: int
    database: str


def utc_iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")
