"""An admin publishes a guide; a running kiosk shows its tile without a restart; version 2
replaces it while a resident who opened version 1 keeps reading version 1."""

from __future__ import annotations

import json
from pathlib import Path

from kiosk.app import build_kiosk
from kiosk.cli import main
from kiosk.config import HubSettings, Settings
from kiosk.guides.catalog import load_catalog
from kiosk.hub.kiosks.enrollment import create_enroll_code
from kiosk.paths import resolve_paths
from kiosk.publishing.hub_client import AdminHub
from kiosk.sync.enrollment import enroll
from tests.publishing.conftest import Hub
from tests.publishing.support import PASSPHRASE, write_guide


def publish(tmp_path: Path, hub: Hub, keydir: Path, folder: Path) -> None:
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE, encoding="utf-8")
    args = ["--keys", str(keydir), "--hub", hub.url, "--passphrase-file", str(secret)]
    code = main(["admin", "publish", str(folder), *args])
    assert code == 0


def test_publish_sync_tile_then_version_2(  # type: ignore[no-untyped-def]
    qtbot, hub: Hub, keydir: Path, admin_hub: AdminHub, tmp_path: Path, capsys
) -> None:
    paths = resolve_paths()
    paths.ensure()
    code, _expires = create_enroll_code(hub.db, hub.location_id, 1)
    enroll(paths.database, hub.url, code, name="e2e kiosk")

    kiosk = build_kiosk(Settings(hub=HubSettings(sync_interval=3600)), paths)
    qtbot.addWidget(kiosk.window)
    kiosk.window.resize(1366, 768)
    kiosk.window.show()
    try:
        assert kiosk.flows.sync is not None
        with qtbot.waitSignal(kiosk.flows.sync.synced, timeout=30_000):
            kiosk.open_store()
        assert "energy-allowance" not in kiosk.home.guide_ids
        assert len(kiosk.home.guide_ids) == 5  # the built-in guides

        publish(
            tmp_path,
            hub,
            keydir,
            write_guide(tmp_path / "v1" / "energy-allowance", "energy-allowance", 1),
        )
        with qtbot.waitSignal(kiosk.flows.sync.guides_changed, timeout=30_000):
            kiosk.flows.sync.sync_now()
        assert "energy-allowance" in kiosk.home.guide_ids
        tile = kiosk.home.tile_button("energy-allowance")
        assert tile.title_label.text() == "Titel 1"  # nl, the default language
        assert kiosk.window.isVisible(), "no restart"

        # A resident opens version 1, then version 2 arrives.
        open_guide = load_catalog([paths.guides_dir]).guides["energy-allowance"]
        assert open_guide.version == 1
        publish(
            tmp_path,
            hub,
            keydir,
            write_guide(tmp_path / "v2" / "energy-allowance", "energy-allowance", 2, "Hello"),
        )
        with qtbot.waitSignal(kiosk.flows.sync.guides_changed, timeout=30_000):
            kiosk.flows.sync.sync_now()
        assert kiosk.home.tile_button("energy-allowance").title_label.text() == "Titel 2"
        assert "version: 1" in (open_guide.source / "guide.yaml").read_text(encoding="utf-8")  # type: ignore[operator]
        image = open_guide.image_path("images/icon.svg")
        assert image is not None
        assert image.is_file()
    finally:
        kiosk.shutdown()

    # The headless commands agree.
    assert main(["sync", "--once"]) == 0
    capsys.readouterr()
    assert main(["status", "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert {"id": "energy-allowance", "version": 2} in status["guides"]
    assert status["root_fingerprint"]
    assert status["guides_error"] is None
