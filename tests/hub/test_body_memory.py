"""A 30 MB body to each route of a hub process, without credentials, grows the hub's peak
memory by less than 20 MB (#17). The review saw /api/v1/enroll take a hub from 98 MB to a
335 MB peak.

The hub runs as `kiosk hub serve` in a child process; its peak resident size (VmHWM in
/proc/PID/status, which only grows) is read after a warm-up and again after the bodies. Each
route gets the body twice: with a Content-Length (refused before reading) and chunked without
one (refused once the cap is passed). This is a test on memory, not on time.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kiosk.hub.settings import sqlite_url
from tests.support.testing_pg import free_port

BODY_MB = 30
GROWTH_LIMIT_KB = 20 * 1024
CHUNK = b"[" * (1024 * 1024)


def _kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} for {pid}")


@pytest.fixture
def hub_process(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    port = free_port()
    db_url = sqlite_url(tmp_path / "hub" / "hub.sqlite3")
    env = {**os.environ, "KIOSK_HOME": str(tmp_path / "home")}
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "hub", "serve", "--db", db_url, "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(300):
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, "the hub did not start"
            time.sleep(0.1)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=15)


def _chunks() -> Iterator[bytes]:
    for _ in range(BODY_MB):
        yield CHUNK


def _routes(client: httpx.Client) -> list[tuple[str, str]]:
    document = client.get("/openapi.json").json()
    routes = [
        (method.upper(), path.replace("{", "").replace("}", ""))
        for path, item in document["paths"].items()
        for method in item
        if method in ("post", "put", "delete", "patch")
    ]
    return [*routes, ("POST", "/login"), ("POST", "/locations"), ("POST", "/kiosks/x/revoke")]


def _send(client: httpx.Client, method: str, path: str, chunked: bool) -> int | None:
    content: bytes | Iterator[bytes] = _chunks() if chunked else CHUNK * BODY_MB
    try:
        response = client.request(
            method, path, content=content, headers={"Content-Type": "application/json"}
        )
    except httpx.TransportError:
        return None  # the hub closed the connection while the body was still being sent
    return response.status_code


def test_30_mb_bodies_do_not_grow_the_hub(
    hub_process: tuple[str, subprocess.Popen[bytes]],
) -> None:
    url, process = hub_process
    with httpx.Client(base_url=url, timeout=60) as client:
        routes = _routes(client)
        assert ("POST", "/api/v1/enroll") in routes
        assert ("POST", "/api/v1/admin/tokens") in routes
        for method, path in routes:  # warm-up: every route once, with a small body
            client.request(method, path, content=b"{}")
        before = _kb(process.pid, "VmHWM")
        answers: dict[tuple[str, str, bool], int | None] = {}
        for method, path in routes:
            for chunked in (False, True):
                answers[(method, path, chunked)] = _send(client, method, path, chunked)
        after = _kb(process.pid, "VmHWM")
    assert process.poll() is None, "the hub died"
    assert all(status is None or status < 500 for status in answers.values()), answers
    assert after - before < GROWTH_LIMIT_KB, f"peak RSS grew by {(after - before) // 1024} MB"
