"""A throwaway PostgreSQL cluster for tests and benchmarks (never used by a running hub).

`throwaway_postgres()` runs `initdb` in a temporary folder (as the `postgres` user when this
process is root, because initdb refuses root), starts the server on 127.0.0.1 with a free port
and its socket in the same folder, creates a database, yields its SQLAlchemy URL, and stops and
deletes everything afterwards. When the binaries are missing it raises PostgresUnavailable with
what to install; it never silently skips.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DEFAULT_BIN_DIRS = ("/usr/lib/postgresql/15/bin", "/usr/lib/postgresql/16/bin")


class PostgresUnavailable(RuntimeError):
    """PostgreSQL's server binaries are not installed, or the cluster did not start."""


def find_bin_dir() -> Path:
    configured = os.environ.get("KIOSK_TEST_PG_BIN")
    candidates = [configured] if configured else list(DEFAULT_BIN_DIRS)
    for candidate in candidates:
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) were not found in "
        f"{', '.join(candidates)}; install them with 'apt-get install postgresql' "
        "(or set KIOSK_TEST_PG_URL to an existing server, or KIOSK_TEST_PG_BIN to the bin folder)"
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(argv: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *argv]
    return argv


def _run(argv: list[str], what: str) -> None:
    result = subprocess.run(_as_postgres(argv), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PostgresUnavailable(f"{what} failed: {(result.stderr or result.stdout).strip()}")


@contextmanager
def throwaway_postgres(database: str = "kiosk_hub", *, durable: bool = False) -> Iterator[str]:
    """Start a temporary cluster; yields `postgresql+psycopg://postgres@127.0.0.1:PORT/DB`.

    `durable=False` (tests) turns fsync off; benchmarks pass True to measure real commits.
    """
    bin_dir = find_bin_dir()
    folder = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, user="postgres")
    data = folder / "data"
    port = free_port()
    started = False
    try:
        _run(
            [
                str(bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            "initdb",
        )
        options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c max_connections=200"
        if not durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        _run(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(folder / "log"),
                "-w",
                "-o",
                options,
                "start",
            ],
            "pg_ctl start",
        )
        started = True
        _run(
            [
                str(bin_dir / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "postgres",
                database,
            ],
            "createdb",
        )
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/{database}"
    finally:
        if started:
            subprocess.run(
                _as_postgres(
                    [str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]
                ),
                capture_output=True,
                check=False,
            )
        shutil.rmtree(folder, ignore_errors=True)
