"""Enrollment: the token goes to a secure keyring only, and a refusal writes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from kiosk.store import RecordStore, open_database
from kiosk.sync.enrollment import enroll, read_enrollment
from kiosk.sync.errors import EnrollError, HubUrlError, InsecureKeyringError
from kiosk.sync.token_store import SERVICE, insecure_reason, load_token
from kiosk.sync.transport import normalize_hub_url, verify_setting
from tests.support.memkeyring import MemoryKeyring
from tests.sync.livehub import LiveHub

ROOT = Path(__file__).resolve().parents[2]


def files_under(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*") if path.is_file())


def test_enroll_keeps_token_in_keyring_and_facts_in_store(
    hub: LiveHub, db_path: Path, kiosk_home: Path, memory_keyring: MemoryKeyring
) -> None:
    enrollment = enroll(db_path, hub.url + "/", hub.code(), name="Kiosk 3")
    assert enrollment.hub_url == hub.url
    assert enrollment.location == "Bibliotheek Sync"
    token = memory_keyring.store[(SERVICE, enrollment.kiosk_id)]
    assert len(token) >= 32
    assert load_token(enrollment.kiosk_id) == token
    database = open_database(db_path)
    try:
        facts = read_enrollment(RecordStore(database))
    finally:
        database.close()
    assert facts is not None
    assert (facts.kiosk_id, facts.hub_url, facts.location) == (
        enrollment.kiosk_id,
        hub.url,
        "Bibliotheek Sync",
    )
    for path in files_under(kiosk_home):  # the token is in no file the kiosk wrote
        assert token.encode() not in path.read_bytes(), path


class PlaintextLike(KeyringBackend):
    """Stands for keyrings.alt's plaintext file keyring (never installed here)."""

    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        raise AssertionError("an insecure keyring must never be written to")

    def delete_password(self, service: str, username: str) -> None:
        raise AssertionError("unused")


PlaintextLike.__module__ = "keyrings.alt.file"


class Weak(PlaintextLike):
    priority = 0.5  # type: ignore[assignment]


Weak.__module__ = "some.other.keyring"


def _chainer_with(*backends: KeyringBackend) -> KeyringBackend:
    chained = type("Chained", (chainer.ChainerBackend,), {"backends": list(backends)})
    chained.__module__ = chainer.__name__
    backend: KeyringBackend = chained()
    return backend


@pytest.mark.parametrize(
    "make_backend",
    [
        fail.Keyring,
        null.Keyring,
        PlaintextLike,
        Weak,
        lambda: _chainer_with(MemoryKeyring(), PlaintextLike()),
        lambda: _chainer_with(),
    ],
    ids=["fail", "null", "keyrings.alt", "low-priority", "chainer-with-plaintext", "empty-chainer"],
)
def test_no_secure_keyring_refuses_and_writes_nothing(
    make_backend: Any, hub: LiveHub, db_path: Path, kiosk_home: Path
) -> None:
    keyring.set_keyring(make_backend())
    code = hub.code()
    with pytest.raises(InsecureKeyringError, match="gnome-keyring"):
        enroll(db_path, hub.url, code)
    assert files_under(kiosk_home) == []
    # The code was not spent: with a secure keyring it still works.
    keyring.set_keyring(MemoryKeyring())
    assert enroll(db_path, hub.url, code).kiosk_id


def test_secure_backends_pass() -> None:
    assert insecure_reason(MemoryKeyring()) is None
    assert insecure_reason(_chainer_with(MemoryKeyring(), MemoryKeyring())) is None


@pytest.mark.parametrize(
    ("hours_ago", "reuse", "message"),
    [(0, True, "used already"), (2, False, "expired")],
    ids=["reused", "expired"],
)
def test_refused_codes(
    hub: LiveHub, db_path: Path, hours_ago: float, reuse: bool, message: str
) -> None:
    code = hub.code(valid_hours=1, issued_hours_ago=hours_ago)
    if reuse:
        enroll(db_path, hub.url, code)
        db_path.unlink()
        for extra in db_path.parent.glob(db_path.name + "-*"):
            extra.unlink()
    with pytest.raises(EnrollError, match=message):
        enroll(db_path, hub.url, code)
    assert not db_path.exists()


def test_unknown_code(hub: LiveHub, db_path: Path) -> None:
    with pytest.raises(EnrollError, match="does not know this enrollment code"):
        enroll(db_path, hub.url, "NOPE-NOPE-NOPE")
    assert not db_path.exists()


def test_unreachable_hub(db_path: Path) -> None:
    with pytest.raises(EnrollError, match="cannot reach the hub"):
        enroll(db_path, "http://127.0.0.1:9", "CODE")
    assert not db_path.exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://hub.example.be",
        "http://10.0.0.5:8000",
        "ftp://hub.example.be",
        "https://user:secret@hub.example.be",
        "https://hub.example.be/?x=1",
        "hub.example.be",
        "https://",
        "https://hub.example.be:99999",
    ],
)
def test_hub_addresses_refused(url: str, db_path: Path) -> None:
    with pytest.raises(HubUrlError):
        enroll(db_path, url, "CODE")
    assert not db_path.exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://hub.example.be",
        "https://hub.example.be/kiosk-hub/",
        "http://127.0.0.1:8000",
        "http://localhost:8000",
        "http://[::1]:8000",
    ],
)
def test_hub_addresses_allowed(url: str) -> None:
    assert normalize_hub_url(url) == url.rstrip("/")


def test_missing_ca_bundle_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(HubUrlError, match="does not exist"):
        verify_setting(str(tmp_path / "municipal-ca.pem"))
    assert verify_setting("") is True


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    return subprocess.run(
        [sys.executable, "-m", "kiosk", *args],
        capture_output=True,
        text=True,
        env=full,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "backend", ["keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"]
)
def test_cli_without_secure_keyring_exits_1_and_writes_nothing(
    backend: str, hub: LiveHub, kiosk_home: Path
) -> None:
    result = _cli(["enroll", hub.url, hub.code()], {"PYTHON_KEYRING_BACKEND": backend})
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kiosk: ")
    assert "gnome-keyring" in lines[0]
    # nothing but the CLI's own log (which every command writes since #22)
    assert files_under(kiosk_home) == [kiosk_home / "logs" / "cli.log"]
    assert "kiosk enroll started" in (kiosk_home / "logs" / "cli.log").read_text()


def test_cli_enroll_then_status(hub: LiveHub, kiosk_home: Path, tmp_path: Path) -> None:
    env = {
        "PYTHON_KEYRING_BACKEND": "tests.sync.filekeyring.FileKeyring",
        "KIOSK_TEST_KEYRING_FILE": str(tmp_path / "keyring.json"),
    }
    result = _cli(["enroll", hub.url, hub.code(), "--name", "Leeszaal 1"], env)
    assert result.returncode == 0, result.stderr
    assert "Bibliotheek Sync" in result.stdout
    status = _cli(["status", "--json"], env)
    assert status.returncode == 0, status.stderr
    shown = json.loads(status.stdout)
    assert shown["enrolled"] is True
    assert shown["hub_url"] == hub.url
    assert shown["location"] == "Bibliotheek Sync"
    assert shown["kiosk_id"] in (tmp_path / "keyring.json").read_text()
