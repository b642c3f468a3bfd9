"""The admin side: refusing invalid guides, deterministic zips, tokens, key rotation."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import httpx
import pytest

from kiosk.cli import main
from kiosk.hub.staff.accounts import add_user
from kiosk.paths import KioskPaths
from kiosk.publishing.errors import AdminError
from kiosk.publishing.hub_client import AdminHub, login
from kiosk.publishing.pack import pack_guide
from kiosk.publishing.publish import publish, rotate
from kiosk.sync.guide_updates import update_guides
from tests.publishing.conftest import ADMIN, Hub
from tests.publishing.support import PASSPHRASE, PASSWORD, write_guide


def test_publish_of_an_invalid_guide_exits_1_and_publishes_nothing(
    hub: Hub, admin_hub: AdminHub, keydir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_guide(tmp_path / "good" / "good-guide", "good-guide", 1)
    bad = write_guide(tmp_path / "bad" / "bad-guide", "bad-guide", 1)
    text = (bad / "guide.yaml").read_text(encoding="utf-8")
    (bad / "guide.yaml").write_text(text.replace("category: energy", "category: nonsense"), "utf-8")
    (bad / "images" / "icon.svg").unlink()
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    before = hub.repo.state()
    code = main(
        [
            "admin",
            "publish",
            str(good),
            str(bad),
            "--keys",
            str(keydir),
            "--hub",
            hub.url,
            "--passphrase-file",
            str(secret),
        ]
    )
    captured = capsys.readouterr()
    assert code == 1
    assert "guide.yaml:4:" in captured.err  # the checker's file:line message for `category`
    assert "nonsense" in captured.err
    assert "icon.svg" in captured.err
    assert "nothing was published" in captured.err
    after = hub.repo.state()
    assert after.targets.signed.version == before.targets.signed.version
    assert after.targets.signed.targets == {}
    assert not list((hub.settings.tuf_dir / "targets").glob("*"))


def test_pack_is_deterministic(tmp_path: Path) -> None:
    folder = write_guide(tmp_path / "g" / "some-guide", "some-guide", 1)
    first = pack_guide(folder)
    os.utime(folder / "guide.yaml", (1_000_000_000, 1_000_000_000))
    (folder / "images" / "icon.svg").chmod(0o600)
    copy = tmp_path / "copy" / "some-guide"
    write_guide(copy, "some-guide", 1)
    assert pack_guide(folder) == first
    assert pack_guide(copy) == first
    import io

    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        infos = archive.infolist()
    assert [i.filename for i in infos] == ["guide.yaml", "images/icon.svg"]
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    assert {i.extra for i in infos} == {b""}


def test_pack_refuses_links(tmp_path: Path) -> None:
    folder = write_guide(tmp_path / "g" / "some-guide", "some-guide", 1)
    (folder / "images" / "link.svg").symlink_to(folder / "images" / "icon.svg")
    with pytest.raises(AdminError, match="symbolic links"):
        pack_guide(folder)


def test_admin_token_is_revocable_and_only_for_admins(hub: Hub, tmp_path: Path) -> None:
    login(hub.url, ADMIN, PASSWORD)
    client = AdminHub(hub.url)
    assert client.state() == {"initialized": False, "root": None, "targets": None}
    token = client.token
    client.logout()
    client.close()
    response = httpx.get(
        f"{hub.url}/api/v1/tuf/admin/state", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 401
    with pytest.raises(AdminError, match="not logged in"):
        AdminHub(hub.url)
    add_user(hub.db, "staff@example.org", "staff", "quiet meadow lantern")
    with pytest.raises(AdminError, match="refused the login"):
        login(hub.url, "staff@example.org", "quiet meadow lantern")
    with pytest.raises(AdminError, match="refused the login"):
        login(hub.url, ADMIN, "wrong password!")
    assert httpx.get(f"{hub.url}/api/v1/tuf/admin/online-keys").status_code == 401


def test_wrong_passphrase_is_a_one_line_error(
    hub: Hub, admin_hub: AdminHub, keydir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    guide = write_guide(tmp_path / "g" / "some-guide", "some-guide", 1)
    secret = tmp_path / "pass.txt"
    secret.write_text("not the passphrase", encoding="utf-8")
    code = main(
        [
            "admin",
            "publish",
            str(guide),
            "--keys",
            str(keydir),
            "--hub",
            hub.url,
            "--passphrase-file",
            str(secret),
        ]
    )
    assert code == 1
    assert "wrong passphrase" in capsys.readouterr().err
    assert hub.repo.state().targets.signed.targets == {}


@pytest.mark.parametrize("what", ["targets", "online"])
def test_rotation_is_followed_by_kiosks(
    what: str, hub: Hub, admin_hub: AdminHub, keydir: Path, tmp_path: Path, kiosk_paths: KioskPaths
) -> None:
    publish(
        admin_hub,
        keydir,
        PASSPHRASE,
        [write_guide(tmp_path / "a" / "guide-a", "guide-a", 1)],
        print,
    )
    assert update_guides(hub.url, kiosk_paths).ok
    old_root = hub.repo.state().root.signed
    assert rotate(admin_hub, keydir, PASSPHRASE, what, print) == 2
    new_root = hub.repo.state().root.signed
    assert (
        new_root.roles[what if what == "targets" else "timestamp"].keyids
        != old_root.roles[what if what == "targets" else "timestamp"].keyids
    )
    publish(
        admin_hub,
        keydir,
        PASSPHRASE,
        [write_guide(tmp_path / "b" / "guide-a", "guide-a", 2)],
        print,
    )
    result = update_guides(hub.url, kiosk_paths)
    assert result.ok, result.error
    assert result.guides == (("guide-a", 2),)
    trusted = (kiosk_paths.data_dir / "tuf" / "metadata" / "root.json").read_bytes()
    assert b'"version":2' in trusted.replace(b" ", b"")
