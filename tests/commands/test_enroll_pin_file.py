"""`kiosk enroll --admin-pin-file F` warns when other users can read F (#21, stranger finding
6; docs/deploy.md writes it with umask 077), and stays quiet for a file of mode 0600."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from kiosk.commands import enroll


def _enroll(pin_file: Path) -> int:
    args = argparse.Namespace(
        hub_url=None, code=None, name=None, config=None, admin_pin_file=str(pin_file)
    )
    return enroll.handle(args)


def test_a_world_readable_pin_file_gets_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pin_file = tmp_path / "admin-pin"
    pin_file.write_text("735912\n", encoding="utf-8")
    pin_file.chmod(0o644)
    assert _enroll(pin_file) == 0
    err = capsys.readouterr().err
    assert str(pin_file) in err
    assert "735912" not in err
    pin_file.chmod(0o600)
    assert _enroll(pin_file) == 0
    assert capsys.readouterr().err == ""
