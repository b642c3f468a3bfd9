"""keygen -> login -> init-repo -> publish -> kiosk update -> installed; then version 2."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.guides.catalog import load_catalog
from kiosk.paths import resolve_paths
from kiosk.sync.guide_updates import fetch_and_pin_root, read_state, update_guides
from tests.publishing.conftest import ADMIN, Hub
from tests.publishing.support import PASSPHRASE, PASSWORD, write_guide


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _status_guides(capsys: pytest.CaptureFixture[str]) -> dict[str, int]:
    code, out, _ = _run(capsys, "status", "--json")
    assert code == 0
    return {g["id"]: g["version"] for g in json.loads(out)["guides"]}


def test_publish_and_update_with_the_commands(
    hub: Hub, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    password = tmp_path / "password.txt"
    password.write_text(PASSWORD + "\n", encoding="utf-8")
    keydir = tmp_path / "keys"
    key_args = ["--keys", str(keydir), "--hub", hub.url, "--passphrase-file", str(secret)]

    code, out, _ = _run(
        capsys, "admin", "keygen", "--dir", str(keydir), "--passphrase-file", str(secret)
    )
    assert code == 0
    match = re.search(r"root key fingerprint: ([0-9a-f ]+)", out)
    assert match is not None
    fingerprint = match.group(1).strip()
    assert "BEGIN ENCRYPTED PRIVATE KEY" in (keydir / "root.pem").read_text()

    code, out, _ = _run(
        capsys, "admin", "login", hub.url, "--user", ADMIN, "--password-file", str(password)
    )
    assert code == 0, out
    code, out, _ = _run(capsys, "admin", "init-repo", *key_args)
    assert code == 0
    assert fingerprint in out

    guide_v1 = write_guide(tmp_path / "guides" / "energy-allowance", "energy-allowance", 1)
    code, out, _ = _run(capsys, "admin", "publish", str(guide_v1), *key_args)
    assert code == 0
    assert "packed energy-allowance v1" in out
    assert "energy-allowance v1" in out.split("published")[-1]

    # The kiosk pins the root at enrollment and shows the same fingerprint as keygen.
    paths = resolve_paths()
    paths.ensure()
    assert fetch_and_pin_root(hub.url, hub.kiosk_token(), paths) == fingerprint
    result = update_guides(hub.url, paths)
    assert result.ok, result.error
    assert result.changed
    assert result.downloaded == ("energy-allowance.zip",)
    assert result.root_fingerprint == fingerprint
    assert read_state(paths)["root_fingerprint"] == fingerprint
    assert _status_guides(capsys)["energy-allowance"] == 1

    # A resident opens version 1 ...
    open_guide = load_catalog([paths.guides_dir]).guides["energy-allowance"]
    assert open_guide.version == 1
    assert open_guide.source is not None

    # ... while version 2 is published and installed.
    guide_v2 = write_guide(tmp_path / "v2" / "energy-allowance", "energy-allowance", 2, "Hello")
    code, out, _ = _run(capsys, "admin", "publish", str(guide_v2), *key_args)
    assert code == 0
    second = update_guides(hub.url, paths)
    assert second.ok, second.error
    assert second.changed
    assert second.guides == (("energy-allowance", 2),)
    assert _status_guides(capsys)["energy-allowance"] == 2
    assert load_catalog([paths.guides_dir]).guides["energy-allowance"].title["en"] == "Hello 2"

    # The open run still reads its own version's files.
    still = (open_guide.source / "guide.yaml").read_text(encoding="utf-8")
    assert "version: 1" in still
    assert open_guide.image_path("images/icon.svg") is not None
    assert open_guide.image_path("images/icon.svg").is_file()  # type: ignore[union-attr]

    # Nothing new: nothing downloaded, nothing swapped.
    third = update_guides(hub.url, paths)
    assert third.ok
    assert not third.changed
    assert third.downloaded == ()

    # The same version again is refused, and nothing is published.
    code, _, err = _run(capsys, "admin", "publish", str(guide_v2), *key_args)
    assert code == 1
    assert "version 2 is published" in err


def test_retire_removes_the_guide_from_kiosks(
    hub: Hub,
    admin_hub: object,
    keydir: Path,
    kiosk_paths: object,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    key_args = ["--keys", str(keydir), "--hub", hub.url, "--passphrase-file", str(secret)]
    first = write_guide(tmp_path / "a" / "guide-one", "guide-one", 1)
    second = write_guide(tmp_path / "b" / "guide-two", "guide-two", 3)
    assert _run(capsys, "admin", "publish", str(first), str(second), *key_args)[0] == 0
    paths = resolve_paths()
    assert update_guides(hub.url, paths).guides == (("guide-one", 1), ("guide-two", 3))

    code, out, _ = _run(capsys, "admin", "retire", "guide-one", *key_args)
    assert code == 0, out
    result = update_guides(hub.url, paths)
    assert result.ok, result.error
    assert result.guides == (("guide-two", 3),)
    assert result.downloaded == ()  # guide-two was unchanged: copied, not downloaded again
    installed = _status_guides(capsys)
    assert "guide-one" not in installed
    assert installed["guide-two"] == 3


def test_a_retired_version_number_stays_used(
    hub: Hub,
    admin_hub: object,
    keydir: Path,
    kiosk_paths: object,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """#23, what was seen: "a version number can be published again after a retire"."""
    from kiosk.publishing import keys
    from kiosk.publishing import metadata as md
    from kiosk.publishing.errors import AdminError
    from kiosk.publishing.hub_client import AdminHub
    from kiosk.publishing.pack import pack_guide

    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    key_args = ["--keys", str(keydir), "--hub", hub.url, "--passphrase-file", str(secret)]
    first = write_guide(tmp_path / "a" / "guide-one", "guide-one", 1)
    assert _run(capsys, "admin", "publish", str(first), *key_args)[0] == 0
    assert _run(capsys, "admin", "retire", "guide-one", *key_args)[0] == 0

    # the admin tool refuses, with what to do
    code, _out, err = _run(capsys, "admin", "publish", str(first), *key_args)
    assert code == 1
    assert "version 1 was published before and retired" in err
    assert "to 2 or more" in err

    # and so does the hub, for a targets file signed by hand around the admin tool's check
    assert isinstance(admin_hub, AdminHub)
    state = admin_hub.state()
    assert state["used_versions"] == {"guide-one": 1}
    root_key = keys.public_key(keydir, "root")
    _root, current = md.verified_state(str(state["root"]), str(state["targets"]), root_key)
    targets = md.next_targets(current.signed)
    data = pack_guide(first)
    target = md.bundle_target("guide-one", 1, data)
    targets.targets[target.path] = target
    signer = keys.load_signer(keydir, "targets", PASSPHRASE)
    with pytest.raises(AdminError, match="a retired version stays used"):
        admin_hub.publish(md.signed_bytes(targets, signer), {target.path: data})

    # a higher version is published
    second = write_guide(tmp_path / "b" / "guide-one", "guide-one", 2)
    assert _run(capsys, "admin", "publish", str(second), *key_args)[0] == 0
