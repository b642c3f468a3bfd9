"""Sync protocol v1 from the kiosk's side: making a request and judging the hub's answer.

Only the hub's own JSON envelope counts as an answer. Everything else is a `HubFailure`:
transport errors and timeouts, a redirect (any 3xx; redirects are never followed), 5xx, a
captive portal's 200 HTML page, a truncated or undecodable body, an envelope that does not
account for every record sent. `Unauthorized` (401) and `TooLarge` (413) are failures the
caller treats specially. A failure never marks anything as sent.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

import httpx

from kiosk.errors import KioskError
from kiosk.i18n import _

log = logging.getLogger(__name__)

MAX_ANSWER_BYTES = 4 * 1024 * 1024


class HubFailure(KioskError):
    """The hub did not give a protocol answer; str() is the reason (a translated sentence),
    kept as the sync's last_error and shown as it is (kiosk.ui.shell.errors)."""


class Unauthorized(HubFailure):
    """401: the token is unknown or the kiosk was revoked."""


class TooLarge(HubFailure):
    """413: the batch is over the hub's cap."""


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes
    location: str


@dataclass
class Verdicts:
    """The hub's judgement of one batch, by uuid."""

    accepted: set[str] = field(default_factory=set)
    duplicates: set[str] = field(default_factory=set)
    rejected: dict[str, str] = field(default_factory=dict)


def call(
    client: httpx.Client,
    method: str,
    path: str,
    *,
    token: str | None = None,
    body: object = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    """One request; its body read up to MAX_ANSWER_BYTES. Transport trouble is a HubFailure."""
    all_headers = dict(headers or {})
    if token is not None:
        all_headers["Authorization"] = f"Bearer {token}"
    content = None
    if body is not None:
        content = json.dumps(body, separators=(",", ":")).encode()
        all_headers["Content-Type"] = "application/json"
    try:
        request = client.build_request(method, path, content=content, headers=all_headers)
        response = client.send(request, stream=True)
        try:
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_ANSWER_BYTES:
                    raise HubFailure(_("the hub's answer is too large to be a hub answer"))
                chunks.append(chunk)
        finally:
            response.close()
    except httpx.TimeoutException:
        raise HubFailure(_("the hub did not answer in time")) from None
    except httpx.ConnectError as exc:
        log.info("cannot reach the hub: %s", _reason(exc))
        raise HubFailure(
            _("cannot reach the hub; check the network cable or Wi-Fi, or ask if the hub is up")
        ) from None
    except httpx.HTTPError as exc:
        log.info("the connection to the hub broke off: %s", _reason(exc))
        raise HubFailure(
            _("the connection to the hub broke off; the next sync tries again")
        ) from None
    return Answer(
        status=response.status_code,
        content_type=response.headers.get("content-type", ""),
        body=b"".join(chunks),
        location=response.headers.get("location", ""),
    )


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]


def expect_json(answer: Answer, expected: int) -> dict[str, object]:
    """The decoded JSON object of a protocol answer with status `expected`, else HubFailure."""
    if answer.status == 401:
        raise Unauthorized(
            _("the hub no longer accepts this kiosk's token (revoked?); enroll the kiosk again")
        )
    if answer.status == 413:
        raise TooLarge(_("the hub refused a batch as too large"))
    if 300 <= answer.status < 400:
        raise HubFailure(
            _("the network redirected the request to {where} (a Wi-Fi login page?)").format(
                where=answer.location or "?"
            )
        )
    if answer.status >= 500:
        raise HubFailure(_("the hub had an error (HTTP {status})").format(status=answer.status))
    if answer.status != expected:
        raise HubFailure(_("the hub answered HTTP {status}").format(status=answer.status))
    if answer.content_type.split(";")[0].strip().lower() != "application/json":
        raise HubFailure(
            _("the network answered with a web page instead of the hub (a Wi-Fi login page?)")
        )
    try:
        decoded = json.loads(answer.body)
    except ValueError:
        raise HubFailure(_("the hub's answer was cut off or garbled")) from None
    if not isinstance(decoded, dict):
        raise HubFailure(_("the hub's answer is not a protocol answer"))
    return decoded


def _strings(value: object) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    return None


def batch_verdicts(decoded: Mapping[str, object], sent: set[str]) -> Verdicts:
    """Judge a `POST /records` answer; every uuid sent must be accounted for."""
    bad = HubFailure(_("the hub's answer is not a protocol answer"))
    if decoded.get("ok") is not True:
        raise bad
    accepted = _strings(decoded.get("accepted"))
    duplicates = _strings(decoded.get("duplicates"))
    rejected = decoded.get("rejected")
    if accepted is None or duplicates is None or not isinstance(rejected, list):
        raise bad
    verdicts = Verdicts(accepted=set(accepted), duplicates=set(duplicates))
    for item in rejected:
        if not isinstance(item, dict) or not isinstance(item.get("reason"), str):
            raise bad
        uuid = item.get("uuid")
        if isinstance(uuid, str):
            detail = item.get("detail")
            reason = str(item["reason"])
            if isinstance(detail, str) and detail:
                reason = f"{reason}: {detail}"
            verdicts.rejected[uuid] = reason
    answered = verdicts.accepted | verdicts.duplicates | set(verdicts.rejected)
    if not sent <= answered:
        raise HubFailure(_("the hub's answer does not cover every record sent"))
    return verdicts
