"""`kiosk hub user ...` as child processes: every subcommand, its output, its one-line errors,
and the audit entries it leaves (actor `cli`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sqlalchemy import select

from kiosk.commands import hub as hub_commands
from kiosk.hub.db.engine import open_hub_db
from kiosk.hub.db.models import AuditEntry
from kiosk.hub.settings import sqlite_url
from kiosk.hub.staff import accounts


def run(kiosk_cmd: list[str], db_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*kiosk_cmd, "hub", *args, "--db", db_url],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


def test_user_commands_end_to_end(kiosk_cmd: list[str], tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "hub.sqlite3")
    good = tmp_path / "good"
    good.write_text("a long quiet sentence\n")
    common = tmp_path / "common"
    common.write_text("qwerty123456\n")

    refused = run(kiosk_cmd, url, "user", "add", "a@example.org", "--role", "admin",
                  "--password-file", str(common))  # fmt: skip
    assert refused.returncode == 1
    assert "most common passwords" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1

    for email, role in (("a@example.org", "admin"), ("b@example.org", "staff")):
        added = run(kiosk_cmd, url, "user", "add", email, "--role", role,
                    "--password-file", str(good))  # fmt: skip
        assert added.returncode == 0, added.stderr
    alias = run(kiosk_cmd, url, "add-user", "c@example.org", "--role", "staff",
                "--password-file", str(good))  # fmt: skip
    assert alias.returncode == 0, alias.stderr

    assert run(kiosk_cmd, url, "user", "set-role", "b@example.org", "admin").returncode == 0
    assert "disabled" in run(kiosk_cmd, url, "user", "disable", "b@example.org").stdout
    assert run(kiosk_cmd, url, "user", "enable", "b@example.org").returncode == 0
    changed = run(kiosk_cmd, url, "user", "set-password", "c@example.org",
                  "--password-file", str(good), "--must-change")  # fmt: skip
    assert changed.returncode == 0, changed.stderr
    removed = run(kiosk_cmd, url, "user", "remove", "c@example.org")
    assert "removed-3@removed.invalid" in removed.stdout

    listing = run(kiosk_cmd, url, "user", "list").stdout.splitlines()
    # `admin` is still accepted on the command line; it is stored as hub_admin (#18 part A).
    assert listing == [
        "1\ta@example.org\thub_admin\tactive",
        "2\tb@example.org\thub_admin\tactive",
    ]
    assert len(run(kiosk_cmd, url, "user", "list", "--all").stdout.splitlines()) == 3

    unknown = run(kiosk_cmd, url, "user", "disable", "nobody@example.org")
    assert unknown.returncode == 1
    assert "no user 'nobody@example.org'" in unknown.stderr
    assert "Traceback" not in unknown.stderr

    db = open_hub_db(url)
    try:
        with db.sessions() as session:
            entries = session.execute(select(AuditEntry.action, AuditEntry.actor_kind)).all()
    finally:
        db.close()
    assert {kind for _action, kind in entries} == {"cli"}
    assert [action for action, _kind in entries] == [
        "user.added",
        "user.added",
        "user.added",
        "user.role_changed",
        "user.disabled",
        "user.enabled",
        "user.password_reset",
        "user.removed",
    ]


def test_the_cli_offers_the_roles_the_model_allows() -> None:
    assert hub_commands.ROLES == accounts.ROLES


def test_user_subcommands_have_help(kiosk_cmd: list[str]) -> None:
    for sub in ("list", "add", "set-role", "disable", "enable", "remove", "set-password"):
        result = subprocess.run(
            [*kiosk_cmd, "hub", "user", sub, "--help"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, sub
    bare = subprocess.run(
        [*kiosk_cmd, "hub", "user"], capture_output=True, text=True, timeout=60, check=False
    )
    assert bare.returncode == 2
