"""Running the hub: in the foreground (`kiosk hub serve`) or on a background thread.

`serve()` runs uvicorn with readable logs on stderr and in `<hub_dir>/hub.log` (rotated).
uvicorn's own access log is off because it records client addresses; the hub's access log
(kiosk.hub.access) does not. `start_hub_in_thread()` binds 127.0.0.1 on a free port, starts the
hub on a daemon thread, waits until it answers, and returns its URL and a `stop()` function; the
demo and the tests use it.
"""

from __future__ import annotations

import logging
import logging.handlers
import socket
import threading
import time
from collections.abc import Callable

import uvicorn

from kiosk.hub.app import create_app
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.errors import HubError
from kiosk.hub.settings import HubSettings, forwarded_allow_ips

log = logging.getLogger("kiosk.hub")
LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


def _configure_logging(settings: HubSettings, verbose: int) -> None:
    settings.hub_dir.mkdir(parents=True, exist_ok=True)
    formatter = logging.Formatter(LOG_FORMAT)
    file_handler = logging.handlers.RotatingFileHandler(
        settings.hub_dir / "hub.log", maxBytes=10_000_000, backupCount=5, encoding="utf-8"
    )
    file_handler.setFormatter(formatter)
    stream = logging.StreamHandler()
    stream.setFormatter(formatter)
    for name in ("kiosk.hub", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)
        logger.handlers = [stream, file_handler]
        logger.propagate = False
    if verbose == 0:
        logging.getLogger("kiosk.hub.access").setLevel(logging.WARNING)


def serve(settings: HubSettings, host: str, port: int, verbose: int = 0) -> None:
    """Run the hub in the foreground until interrupted."""
    _configure_logging(settings, verbose)
    app = create_app(settings)
    log.info("hub listening on http://%s:%d (files in %s)", host, port, settings.hub_dir)
    log.info("trusting X-Forwarded-For from: %s", forwarded_allow_ips(settings) or "nobody")
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips(settings),
    )
    try:
        uvicorn.Server(config).run()
    except OSError as exc:
        raise HubError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def start_hub_in_thread(
    settings: HubSettings, db: HubDatabase | None = None, timeout: float = 20.0
) -> tuple[str, Callable[[], None]]:
    """Start the hub on 127.0.0.1 and a free port; returns (base URL, stop function)."""
    app = create_app(settings, db)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = int(sock.getsockname()[1])
    config = uvicorn.Config(
        app,
        log_config=None,
        access_log=False,
        lifespan="on",
        proxy_headers=True,
        forwarded_allow_ips=forwarded_allow_ips(settings),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"hub-{port}", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise HubError("the hub did not start; see the log above")
        time.sleep(0.02)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()

    return f"http://127.0.0.1:{port}", stop
