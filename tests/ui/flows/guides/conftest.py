"""Fixtures for the guide-screen tests: local web servers on 127.0.0.1, and no way out.

Web pages come from a real `http.server` on 127.0.0.1. A guide's real site (the meter-reading
guide opens https://www.fluvius.be) must never be contacted from a test, so before QtWebEngine
starts, Chromium is pointed at a "proxy" on 127.0.0.1 that answers every request with 502 and
records which host was asked for (Chromium never sends loopback addresses through a proxy, so
the test servers are reached directly). A web step for a real site therefore shows the kiosk's
"cannot be reached" page, and the test can check which site it tried to open.
"""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest


class _BlackholeProxy(http.server.BaseHTTPRequestHandler):
    asked: list[str] = []  # noqa: RUF012 - shared record of the hosts Chromium asked for

    def _refuse(self) -> None:
        self.asked.append(self.path)
        self.send_response(502)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_CONNECT = do_GET = do_POST = do_HEAD = _refuse

    def log_message(self, format: str, *args: object) -> None:
        pass


def _start_proxy() -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _BlackholeProxy)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="blackhole-proxy", daemon=True).start()
    return server


PROXY = _start_proxy()
os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (
    os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    + f" --proxy-server=http://127.0.0.1:{PROXY.server_address[1]}"
).strip()


#: What QtWebEngine says on a machine without a GPU (offscreen, software rendering), and what
#: QtMultimedia (under QtTextToSpeech) says without PipeWire; not ours. (The suite-wide pattern
#: in pyproject.toml does not match "pipewire-0.3": its character class has no dot.)
PLATFORM_NOISE = pytest.mark.qt_log_ignore(
    r"^Couldn't (load|resolve) pipewire-0\.3 (library|symbols)$",
    r"^QRhiGles2: Failed to create (temporary )?context$",
    r"^Failed to create RHI for backend: OpenGL$",
    r"^GPUInfo not initialized on GpuInfoUpdate$",
)


@pytest.fixture
def proxy_requests() -> list[str]:
    """What Chromium asked the blackhole proxy for during the test ("host:443" for https)."""
    _BlackholeProxy.asked.clear()
    return _BlackholeProxy.asked


@dataclass
class Site:
    """A local web site: `pages` maps a path to its HTML; `hits` records every request path."""

    pages: dict[str, str]
    hits: list[str] = field(default_factory=list)
    server: http.server.ThreadingHTTPServer | None = None

    @property
    def host(self) -> str:
        assert self.server is not None
        return f"127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str = "/") -> str:
        return f"http://{self.host}{path}"


def _serve(site: Site) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.hits.append(self.path)
            body = site.pages.get(self.path)
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def serve() -> Iterator[Callable[[dict[str, str]], Site]]:
    """Start local sites on 127.0.0.1 for one test."""
    started: list[Site] = []

    def start(pages: dict[str, str]) -> Site:
        site = Site(pages)
        site.server = _serve(site)
        started.append(site)
        return site

    yield start
    for site in started:
        assert site.server is not None
        site.server.shutdown()
        site.server.server_close()


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Kiosk texts in English (the source language) unless a test switches; restored after."""
    from kiosk import i18n

    i18n.set_language("en")
    yield
    i18n.set_language(i18n.DEFAULT_LANGUAGE)
