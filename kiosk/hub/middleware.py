"""ASGI middleware of the hub: security headers on every answer, body caps, and an access log
without client addresses (the hub keeps no IP addresses; uvicorn's own access log is off).

- Every answer carries `SECURITY_HEADERS`, errors included: an exception that no handler took
  becomes a 500 here (logged), rather than in Starlette's outer error middleware, which would
  answer without them.
- Every request body is capped before anything parses it: `body_caps` names the routes that
  take more than `default_cap` bytes (the records batch, the guide repository's publish). A
  `Content-Length` over the cap is answered 413 before anything reads it; a longer body sent
  without it gets 413 as soon as the cap is passed, so a hostile body never sits in memory.
  The rest of the body (up to `DRAIN_LIMIT`) is read and dropped first: closing a socket with
  unread data resets the connection, and the client would never see the 413.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("kiosk.hub.access")
errors = logging.getLogger("kiosk.hub")

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
#: The body cap of every route not in `body_caps`: forms, enrollment, logins, bookings, PINs.
DEFAULT_BODY_CAP = 64 * 1024
#: How much of an oversized body is read and dropped before the 413, so the client sees it.
DRAIN_LIMIT = 64 * 1024 * 1024


class BodyTooLarge(HTTPException):
    """Raised from `receive` once a body passes its cap; FastAPI and the handlers let an
    HTTPException through, so the client gets a 413 wherever the body was being read."""

    def __init__(self, cap: int) -> None:
        super().__init__(413, detail=f"the request body is over {cap} bytes")


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None
    return None


class HubMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        body_caps: Mapping[str, int] | None = None,
        default_cap: int = DEFAULT_BODY_CAP,
    ) -> None:
        self.app = app
        self.body_caps = dict(body_caps or {})
        self.default_cap = default_cap

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status: dict[str, int] = {"code": 0}
        path: str = scope.get("path", "")
        cap = self.body_caps.get(path.rstrip("/") or "/", self.default_cap)
        received = 0

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = list(message.get("headers", []))
                headers.extend(SECURITY_HEADERS)
                if not path.startswith("/static/"):
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        async def capped_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > cap:
                    if message.get("more_body", False):
                        await _drain(receive)
                    raise BodyTooLarge(cap)
            return message

        try:
            declared = _declared_length(scope)
            if declared is not None and declared > cap:
                await _drain(receive)
                await _answer(send_with_headers, 413, f"the request body is over {cap} bytes")
            else:
                await self.app(scope, capped_receive, send_with_headers)
        except BodyTooLarge as exc:
            if status["code"]:
                raise
            await _answer(send_with_headers, 413, str(exc.detail))
        except Exception:
            errors.exception("%s %s failed", scope.get("method", "?"), path)
            if status["code"]:
                raise
            await _answer(send_with_headers, 500, "the hub failed; the error is in its log")
        finally:
            log.info(
                "%s %s %s %.0fms",
                scope.get("method", "?"),
                path,
                status["code"] or "-",
                (time.perf_counter() - started) * 1000,
            )


async def _drain(receive: Receive) -> None:
    """Read and drop the rest of a request body, up to DRAIN_LIMIT bytes."""
    dropped = 0
    while dropped <= DRAIN_LIMIT:
        message = await receive()
        if message["type"] != "http.request":
            return
        dropped += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


async def _answer(send: Send, code: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": code,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
