"""A fault-injecting HTTP/1.1 proxy on 127.0.0.1, between a kiosk and a real hub.

    with FaultProxy("http://127.0.0.1:8000", seed=7, rates={Fault.STALL: 0.1, ...}) as proxy:
        ...  # point the kiosk at proxy.url
        proxy.counts  # how often each fault was applied

It speaks just enough HTTP to find where each request and response ends (Content-Length or
chunked), so that it can do, per request, chosen by a seeded random generator (or forced with
`proxy.script.append(fault)`):

- `DROP_REQUEST`: close the connection before forwarding (the hub never sees the request);
- `DROP_RESPONSE`: forward, let the hub commit, then close without answering;
- `CAPTIVE`: answer a captive portal's 200 HTML login page (not forwarded);
- `REDIRECT`: answer 302 to a login page on another host (not forwarded);
- `TRUNCATE`: forward, then send only part of the answer's body and close (with the original
  Content-Length, or with one that matches the cut body, alternately);
- `ERROR_500`, `ERROR_503`: answer the error without forwarding;
- `STALL`: forward (the hub commits), then never answer, until the client gives up;
- `PASS`: forward faithfully.
"""

from __future__ import annotations

import random
import socket
import socketserver
import threading
from collections import Counter, deque
from enum import StrEnum
from types import TracebackType
from urllib.parse import urlsplit

CAPTIVE_PAGE = (
    b"<!DOCTYPE html><html><head><title>Welcome to Library Wi-Fi</title></head>"
    b"<body><h1>Please log in</h1><form action='/login'><input name='ticket'>"
    b"<button>Connect</button></form></body></html>"
)


class Fault(StrEnum):
    PASS = "pass"
    DROP_REQUEST = "drop_request"
    DROP_RESPONSE = "drop_response"
    CAPTIVE = "captive"
    REDIRECT = "redirect"
    TRUNCATE = "truncate"
    ERROR_500 = "error_500"
    ERROR_503 = "error_503"
    STALL = "stall"


class _Closed(Exception):
    """The peer closed the connection."""


class _Reader:
    """Buffered reading of HTTP messages from a socket."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.buffer = b""

    def _more(self) -> None:
        data = self.sock.recv(65536)
        if not data:
            raise _Closed
        self.buffer += data

    def until(self, marker: bytes) -> bytes:
        while marker not in self.buffer:
            self._more()
        head, self.buffer = self.buffer.split(marker, 1)
        return head + marker

    def exactly(self, size: int) -> bytes:
        while len(self.buffer) < size:
            self._more()
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def message(self) -> tuple[bytes, bytes]:
        """(head, body) of the next request or response."""
        head = self.until(b"\r\n\r\n")
        headers = _headers(head)
        if headers.get(b"transfer-encoding", b"").lower() == b"chunked":
            body = b""
            while True:
                line = self.until(b"\r\n")
                size = int(line.split(b";")[0].strip(), 16)
                chunk = self.exactly(size + 2)
                body += line + chunk
                if size == 0:
                    return head, body
        length = int(headers.get(b"content-length", b"0") or 0)
        return head, self.exactly(length)


def _headers(head: bytes) -> dict[bytes, bytes]:
    found: dict[bytes, bytes] = {}
    for line in head.split(b"\r\n")[1:]:
        if b":" in line:
            name, value = line.split(b":", 1)
            found[name.strip().lower()] = value.strip()
    return found


def _response(status: str, content_type: bytes, body: bytes, extra: bytes = b"") -> bytes:
    return (
        f"HTTP/1.1 {status}\r\n".encode()
        + b"Content-Type: "
        + content_type
        + b"\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\n"
        + extra
        + b"\r\n"
        + body
    )


class FaultProxy:
    """The proxy; a context manager that starts it on a free port and stops it."""

    def __init__(
        self,
        upstream: str,
        seed: int = 0,
        rates: dict[Fault, float] | None = None,
        *,
        stall_limit: float = 60.0,
    ) -> None:
        parts = urlsplit(upstream)
        self.upstream = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.rng = random.Random(seed)
        self.rates = dict(rates or {})
        self.stall_limit = stall_limit
        self.script: deque[Fault] = deque()
        self.counts: Counter[Fault] = Counter()
        self.forwarded = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        proxy = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                proxy._serve(self.request)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self._server = Server(("127.0.0.1", 0), Handler)
        self.port = int(self._server.server_address[1])
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def choose(self) -> Fault:
        with self._lock:
            if self.script:
                fault = self.script.popleft()
            else:
                fault = Fault.PASS
                roll = self.rng.random()
                for candidate, rate in self.rates.items():
                    if roll < rate:
                        fault = candidate
                        break
                    roll -= rate
            self.counts[fault] += 1
            return fault

    def _forward(self, head: bytes, body: bytes) -> tuple[bytes, bytes]:
        with socket.create_connection(self.upstream, timeout=60) as upstream:
            upstream.sendall(head + body)
            with self._lock:
                self.forwarded += 1
            return _Reader(upstream).message()

    def _serve(self, client: socket.socket) -> None:
        reader = _Reader(client)
        try:
            while not self._stopping.is_set():
                head, body = reader.message()
                fault = self.choose()
                if not self._apply(fault, client, head, body):
                    return
        except (_Closed, OSError):
            return

    def _apply(self, fault: Fault, client: socket.socket, head: bytes, body: bytes) -> bool:
        """Handle one request; False closes the client connection."""
        if fault is Fault.DROP_REQUEST:
            return False
        if fault is Fault.CAPTIVE:
            client.sendall(_response("200 OK", b"text/html; charset=utf-8", CAPTIVE_PAGE))
            return True
        if fault is Fault.REDIRECT:
            extra = b"Location: http://login.wifi.example/portal?next=hub\r\n"
            client.sendall(_response("302 Found", b"text/html", b"", extra))
            return True
        if fault in (Fault.ERROR_500, Fault.ERROR_503):
            status = "500 Internal Server Error" if fault is Fault.ERROR_500 else "503 Unavailable"
            client.sendall(_response(status, b"text/plain", b"upstream error"))
            return True
        answer_head, answer_body = self._forward(head, body)
        if fault is Fault.DROP_RESPONSE:
            return False
        if fault is Fault.STALL:
            self._stall(client)
            return False
        if fault is Fault.TRUNCATE:
            cut = answer_body[: len(answer_body) // 2]
            if self.counts[Fault.TRUNCATE] % 2:
                client.sendall(answer_head + cut)
            else:
                lines = [
                    line
                    for line in answer_head.rstrip(b"\r\n").split(b"\r\n")
                    if not line.lower().startswith((b"content-length:", b"transfer-encoding:"))
                ]
                lines.append(b"Content-Length: " + str(len(cut)).encode())
                client.sendall(b"\r\n".join(lines) + b"\r\n\r\n" + cut)
            return False
        client.sendall(answer_head + answer_body)
        return b"connection: close" not in answer_head.lower()

    def _stall(self, client: socket.socket) -> None:
        """Say nothing until the client gives up (closes) or the proxy stops."""
        client.settimeout(0.05)
        waited = 0.0
        while not self._stopping.is_set() and waited < self.stall_limit:
            try:
                if not client.recv(65536):
                    return
            except TimeoutError:
                waited += 0.05
