"""Does checking passwords slow the hub down for everyone else? /healthz latency, idle and
while several clients log in at once (issue #18: argon2 runs on a bounded pool, off the event
loop).

    .venv/bin/python bench/hub_login.py [--streams 4] [--probes 60]

A real hub (uvicorn on 127.0.0.1, SQLite) with one staff user. First the median /healthz time
with nothing else going on (the baseline, same run), then the same while `--streams` threads
log in with the right password as fast as they can. Prints both medians, the ratio and the
logins per second. Issue #18 measured 4 ms idle and 384 ms median under four login streams
before the change.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.hub.db.engine import open_hub_db  # noqa: E402
from kiosk.hub.server import start_hub_in_thread  # noqa: E402
from kiosk.hub.settings import HubSettings, sqlite_url  # noqa: E402
from kiosk.hub.staff.accounts import add_user  # noqa: E402

EMAIL = "bench@example.org"
PASSWORD = "a long quiet sentence"


def probe(url: str, count: int) -> list[float]:
    times = []
    with httpx.Client(base_url=url) as client:
        for _ in range(count):
            start = time.perf_counter()
            client.get("/healthz").raise_for_status()
            times.append(time.perf_counter() - start)
            time.sleep(0.02)
    return times


def log_in_forever(url: str, stop: threading.Event, done: list[int]) -> None:
    while not stop.is_set():
        with httpx.Client(base_url=url) as client:
            token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text)
            assert token
            answer = client.post(
                "/login",
                data={"csrf_token": token.group(1), "email": EMAIL, "password": PASSWORD},
            )
            assert answer.status_code == 303, answer.status_code
            done.append(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--streams", type=int, default=4)
    parser.add_argument("--probes", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = HubSettings(
            db_url=sqlite_url(Path(folder) / "hub.sqlite3"), hub_dir=Path(folder), purge_job=False
        )
        db = open_hub_db(settings.db_url)
        add_user(db, EMAIL, "staff", PASSWORD)
        url, stop_hub = start_hub_in_thread(settings, db)
        try:
            idle = statistics.median(probe(url, args.probes))
            stop, done = threading.Event(), []
            threads = [
                threading.Thread(target=log_in_forever, args=(url, stop, done))
                for _ in range(args.streams)
            ]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            time.sleep(1)
            busy = statistics.median(probe(url, args.probes))
            stop.set()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - started
        finally:
            stop_hub()
            db.close()
    print(f"/healthz median idle:                  {idle * 1000:7.1f} ms (baseline)")
    print(f"/healthz median, {args.streams} login streams:      {busy * 1000:7.1f} ms")
    print(f"ratio: {busy / idle:.1f}x; logins: {len(done) / elapsed:.1f}/s")


if __name__ == "__main__":
    main()
