"""Fixtures for the whole suite.

Qt runs offscreen (set before anything imports Qt). Every test gets its own KIOSK_HOME and XDG
folders, so no test reads or writes the real user's config or data, and an in-memory keyring.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# QtWebEngine refuses to run as root with its sandbox; this is for tests and dev only.
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu --no-sandbox")

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def kiosk_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh kiosk home and XDG folders for every test."""
    home = tmp_path / "kiosk-home"
    home.mkdir()
    monkeypatch.setenv("KIOSK_HOME", str(home))
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        folder = tmp_path / "xdg" / name.lower()
        folder.mkdir(parents=True)
        monkeypatch.setenv(name, str(folder))
    for name in list(os.environ):
        if (
            name.startswith("KIOSK_")
            and name != "KIOSK_HOME"
            and not name.startswith("KIOSK_TEST_")
        ):
            monkeypatch.delenv(name)
    # Tests run `kiosk run` as root on CI; a real kiosk refuses that (#22).
    monkeypatch.setenv("KIOSK_SYSTEM_ALLOW_ROOT", "1")
    return home


@pytest.fixture(autouse=True)
def source_language() -> object:
    """Every test starts in the source language (English); the language is process-wide, so
    a test that switched it would otherwise leak it into the next one."""
    from kiosk import i18n

    i18n.set_country("BE")
    i18n.set_language("en")
    yield
    i18n.set_country("BE")
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def memory_keyring() -> object:
    """An in-memory keyring backend, fresh for each test."""
    import keyring

    from tests.support.memkeyring import MemoryKeyring

    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def kiosk_cmd() -> list[str]:
    """The argv prefix that runs the `kiosk` command of this checkout in a child process."""
    return [sys.executable, "-m", "kiosk"]


#: Folders that hold a kind of test rather than a part of the package; each is also a marker.
KINDS = ("e2e", "reliability", "installer", "project")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in a kind folder (tests/e2e/, ...) with the marker of that kind."""
    tests_dir = Path(__file__).resolve().parent
    for item in items:
        try:
            kind = item.path.resolve().relative_to(tests_dir).parts[0]
        except ValueError:
            continue
        if kind in KINDS:
            item.add_marker(getattr(pytest.mark, kind))
