"""A keyring that never answers (a locked Secret Service waiting for its unlock prompt) is given
up after a deadline with a sentence, not waited for for ever (#24: `kiosk demo` under Xvfb with
a locked gnome-keyring hung before its first screen)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from kiosk.commands.demo import DEMO_KEYRING, use_demo_keyring
from kiosk.paths import home_paths
from kiosk.sync import token_store
from kiosk.sync.errors import InsecureKeyringError, NotEnrolledError
from kiosk.sync.memory_keyring import FileKeyring

ROOT = Path(__file__).resolve().parents[2]


class LockedKeyring(KeyringBackend):
    """A secure backend (as far as its module and priority say) whose calls wait until
    `unlocked` is set, as secretstorage waits for a prompt's answer."""

    priority = 5

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.unlocked = threading.Event()
        self.calls = 0
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        self.calls += 1
        self.unlocked.wait()
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.calls += 1
        self.unlocked.wait()
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.calls += 1
        self.unlocked.wait()
        self.store.pop((service, username), None)


@pytest.fixture
def locked(monkeypatch: pytest.MonkeyPatch) -> Iterator[LockedKeyring]:
    backend = LockedKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    monkeypatch.setattr(token_store, "KEYRING_TIMEOUT", 0.3)
    monkeypatch.setattr(token_store, "_stuck", None)
    yield backend
    backend.unlocked.set()
    keyring.set_keyring(previous)


def test_reading_the_token_gives_up_with_a_sentence_and_does_not_pile_up(
    locked: LockedKeyring,
) -> None:
    locked.store[(token_store.SERVICE, "k1")] = "secret-token"
    with pytest.raises(NotEnrolledError, match="locked") as first:
        token_store.load_token("k1")
    assert "secret" not in str(first.value)
    with pytest.raises(NotEnrolledError, match="locked"):
        token_store.load_token("k1")  # refused at once: the first call is still waiting
    assert locked.calls == 1
    locked.unlocked.set()  # somebody unlocked it
    assert token_store._stuck is not None
    token_store._stuck.join(5)
    assert token_store.load_token("k1") == "secret-token"


def test_enrolling_refuses_before_the_code_is_spent(locked: LockedKeyring) -> None:
    with pytest.raises(InsecureKeyringError, match="Nothing was stored"):
        token_store.require_secure_keyring()
    assert locked.store == {}


def test_storing_and_forgetting_give_up_too(locked: LockedKeyring) -> None:
    with pytest.raises(InsecureKeyringError, match="locked"):
        token_store.save_token("k1", "secret-token")
    locked.unlocked.set()
    assert token_store._stuck is not None
    token_store._stuck.join(5)
    locked.unlocked.clear()
    token_store.forget_token("k1")  # logged, not raised: forgetting is best effort
    assert locked.calls == 2


def test_the_demo_keeps_its_token_in_its_file_when_the_keyring_is_locked(
    locked: LockedKeyring, tmp_path: Path
) -> None:
    paths = home_paths(tmp_path / "demo-home")
    paths.ensure()
    assert use_demo_keyring(paths, create=True)
    chosen = keyring.get_keyring()
    assert isinstance(chosen, FileKeyring)
    chosen.set_password(token_store.SERVICE, "demo", "t")
    assert (paths.data_dir / DEMO_KEYRING).exists()


class PromptDismissedKeyring(LockedKeyring):
    """gnome-keyring's prompt cannot show (no display): secretstorage raises at once."""

    def get_password(self, service: str, username: str) -> str | None:
        from keyring.errors import InitError

        raise InitError("Failed to create the collection: Prompt dismissed..")


def test_the_demo_falls_back_when_the_prompt_cannot_show(tmp_path: Path) -> None:
    """Stranger #24: `kiosk demo` under `dbus-run-session` without a display exited when
    gnome-keyring's prompt failed, instead of keeping its token in the demo home."""
    previous = keyring.get_keyring()
    keyring.set_keyring(PromptDismissedKeyring())
    try:
        paths = home_paths(tmp_path / "demo-home")
        paths.ensure()
        assert use_demo_keyring(paths, create=True)
        assert isinstance(keyring.get_keyring(), FileKeyring)
    finally:
        keyring.set_keyring(previous)


SNIPPET = """
import sys
from kiosk.sync import token_store
from kiosk.errors import KioskError
print(type(__import__("keyring").get_keyring()).__module__, flush=True)
token_store.KEYRING_TIMEOUT = 3
try:
    token_store.load_token("kiosk-1")
except KioskError as exc:
    print("refused:", exc, flush=True)
    sys.exit(0)
print("answered", flush=True)
"""


def test_a_real_locked_gnome_keyring_under_a_display(tmp_path: Path) -> None:
    """The real thing: gnome-keyring started without a password under Xvfb shows its unlock
    prompt on the X display and waits; the kiosk gives up after the deadline."""
    needed = [
        p for p in ("gnome-keyring-daemon", "xvfb-run", "dbus-run-session") if not shutil.which(p)
    ]
    assert not needed, f"run scripts/apt-deps.sh test first; missing: {', '.join(needed)}"
    script = tmp_path / "locked.sh"
    script.write_text(
        'eval "$(gnome-keyring-daemon --start --components=secrets)"\n'
        "export GNOME_KEYRING_CONTROL\n"
        f'exec "{sys.executable}" -c "$SNIPPET"\n',
        encoding="utf-8",
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHON_KEYRING_BACKEND", "DBUS_SESSION_BUS_ADDRESS", "DISPLAY")
    }
    env.update(SNIPPET=SNIPPET, HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "share"))
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        ["xvfb-run", "-a", "dbus-run-session", "--", "sh", str(script)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,  # a kill ceiling far above the 3 s deadline
        check=False,
    )
    lines = done.stdout.splitlines()
    said = done.stdout + done.stderr[-2000:]
    assert lines, said
    assert lines[0] == "keyring.backends.SecretService", said
    assert any(line.startswith("refused: The keyring did not answer") for line in lines), (
        done.stdout + done.stderr[-2000:]
    )
