"""The CLI in a demo's home uses the demo's token file (`kiosk --home DEMO_HOME sync --once`),
and a keyring that cannot be read is one plain sentence with advice that fits."""

from __future__ import annotations

from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from kiosk import cli
from kiosk.commands.demo import DEMO_KEYRING
from kiosk.paths import home_paths
from kiosk.sync.enrollment import enroll
from kiosk.sync.memory_keyring import FileKeyring
from tests.sync.livehub import live_hub


def test_the_cli_uses_the_demo_homes_token_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "demo-home"
    paths = home_paths(home)
    with live_hub(tmp_path / "hub") as hub:
        paths.data_dir.mkdir(parents=True, exist_ok=True)
        keyring.set_keyring(FileKeyring(paths.data_dir / DEMO_KEYRING))  # as `kiosk demo` does
        enroll(paths.database, hub.url, hub.code(), name="Demo kiosk")
        keyring.set_keyring(fail.Keyring())  # a machine without a secure keyring
        assert cli.main(["--home", str(home), "sync", "--once"]) == 0, capsys.readouterr().err


def test_a_keyring_that_cannot_be_read_is_a_plain_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    paths = home_paths(home)
    with live_hub(tmp_path / "hub") as hub:
        enroll(paths.database, hub.url, hub.code(), name="kiosk")  # the test's memory keyring
        keyring.set_keyring(fail.Keyring())  # no keyring file here: a real kiosk's home
        assert cli.main(["--home", str(home), "sync", "--once"]) == 1
    said = [line for line in capsys.readouterr().err.splitlines() if line.startswith("kiosk: ")]
    assert said == [
        "kiosk: This computer has no keyring that works, so the hub token cannot be read. "
        "Start and unlock its Secret Service (such as gnome-keyring), then try again."
    ]
    assert not (paths.data_dir / DEMO_KEYRING).exists()
