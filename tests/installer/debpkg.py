"""Helpers for the Debian package tests: run commands as root with a clean environment.

Every command gets a minimal environment, so nothing of the test process (KIOSK_HOME, the
QtWebEngine sandbox switches conftest.py sets for in-process tests) leaks into the installed
kiosk: what runs is what a library's IT person would run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / "dist"
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    env = {
        "PATH": PATH,
        "LANG": "C.UTF-8",
        "HOME": "/root",
        "DEBIAN_FRONTEND": "noninteractive",
    }
    env.update(extra or {})
    return env


def run(
    cmd: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    cwd: Path | str = "/",
    timeout: float = 600,
    check: bool = True,
    stdin: int | None = subprocess.DEVNULL,
) -> subprocess.CompletedProcess[str]:
    """Run `cmd`; with `check`, fail the test with its output when it exits non-zero."""
    proc = subprocess.run(
        list(cmd),
        env=clean_env(env),
        cwd=cwd,
        stdin=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"{' '.join(cmd)} exited {proc.returncode}\n"
            f"--- stdout\n{proc.stdout[-4000:]}\n--- stderr\n{proc.stderr[-4000:]}"
        )
    return proc


def deb_file(package: str, revision: int) -> Path:
    version = run(
        ["sed", "-n", 's/^__version__ = "\\(.*\\)"$/\\1/p', str(ROOT / "kiosk/__init__.py")]
    )
    arch = run(["dpkg", "--print-architecture"]).stdout.strip()
    return DIST / f"{package}_{version.stdout.strip()}-{revision}_{arch}.deb"


def installed_packages() -> set[str]:
    out = run(["dpkg-query", "-W", "-f", "${Package} ${db:Status-Status}\\n"]).stdout
    return {line.split()[0] for line in out.splitlines() if line.endswith(" installed")}


def status_of(package: str) -> str:
    """dpkg's status word for `package` ("installed", "config-files", or "not-installed")."""
    proc = run(["dpkg-query", "-W", "-f", "${db:Status-Status}", package], check=False)
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else "not-installed"


def version_of(package: str) -> str:
    return run(["dpkg-query", "-W", "-f", "${Version}", package]).stdout.strip()


def depends_of(deb: Path) -> list[str]:
    """The package names in a .deb's Depends (alternatives and versions dropped)."""
    field = run(["dpkg-deb", "-f", str(deb), "Depends"]).stdout
    return [item.split("|")[0].split("(")[0].strip() for item in field.split(",") if item.strip()]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_http_ok(url: str, timeout: float = 60) -> bytes:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return bytes(answer.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def unit_exec_start(unit: Path) -> list[str]:
    line = next(line for line in unit.read_text().splitlines() if line.startswith("ExecStart="))
    return line.removeprefix("ExecStart=").split()


def is_root() -> bool:
    return os.geteuid() == 0
