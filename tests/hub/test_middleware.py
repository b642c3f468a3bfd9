"""Body caps before parsing, and security headers on error answers too (#17)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from starlette.types import Message, Receive, Scope, Send

from kiosk.hub.middleware import DEFAULT_BODY_CAP, HubMiddleware
from tests.hub.conftest import LiveHub

UNAUTHENTICATED = ("/api/v1/enroll", "/api/v1/admin/tokens", "/login")
BIG = b"x" * (3 * 1024 * 1024)


def _chunks() -> Iterator[bytes]:
    for _ in range(3):
        yield b"x" * (1024 * 1024)


@pytest.mark.parametrize("path", UNAUTHENTICATED)
def test_an_oversized_body_is_a_413_before_parsing(sqlite_hub: LiveHub, path: str) -> None:
    headers = {"Content-Type": "application/json"}
    declared = sqlite_hub.client.post(path, content=BIG, headers=headers)
    assert declared.status_code == 413
    assert str(DEFAULT_BODY_CAP) in declared.json()["detail"]
    assert declared.headers["x-frame-options"] == "DENY"
    if path != "/login":  # a form of another content type is never read
        streamed = sqlite_hub.client.post(path, content=_chunks(), headers=headers)
        assert streamed.status_code == 413


def test_error_answers_carry_the_security_headers(sqlite_hub: LiveHub) -> None:
    client = sqlite_hub.client
    answers = [
        client.get("/no-such-page"),
        client.put("/healthz"),
        client.post("/api/v1/enroll", json={"code": 1}),
    ]
    assert [a.status_code for a in answers] == [404, 405, 422]
    for answer in answers:
        assert answer.headers["x-content-type-options"] == "nosniff"


def test_an_unhandled_exception_is_a_500_with_the_security_headers() -> None:
    async def failing(scope: Scope, receive: Receive, send: Send) -> None:
        raise RuntimeError("a bug")

    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    scope: Scope = {"type": "http", "method": "GET", "path": "/boom", "headers": []}
    asyncio.run(HubMiddleware(failing)(scope, receive, send))

    assert sent[0]["status"] == 500
    assert (b"x-frame-options", b"DENY") in sent[0]["headers"]
