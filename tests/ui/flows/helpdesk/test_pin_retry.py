"""PIN hashes set while the hub cannot be reached go to the hub with the next background sync,
without anyone opening the volunteer panel again; what the hub answers is kept in the store."""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from kiosk.domain import pins
from kiosk.paths import home_paths
from kiosk.services import helpdesk as state
from kiosk.store import RecordStore
from kiosk.sync.enrollment import enroll
from tests.ui.flows.helpdesk.conftest import read_store
from tests.ui.flows.helpdesk.hub import BRAM_CODE, help_point_hub
from tests.ui.flows.helpdesk.test_volunteer_panel import open_with_shortcut, type_pin

PIN = "735190"


class Gate:
    """A TCP door on 127.0.0.1 in front of the hub. Open, it passes the bytes both ways; shut,
    it hangs up on every new connection at once, as a hub that cannot be reached."""

    def __init__(self, target_url: str) -> None:
        parts = urlsplit(target_url)
        self.target = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.open = True
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="gate", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.getsockname()[1]}"

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _address = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()

    def close(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)
        self._server.close()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    for sock in (sink, source):
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()


@contextlib.contextmanager
def gate_to(url: str) -> Iterator[Gate]:
    gate = Gate(url)
    try:
        yield gate
    finally:
        gate.close()


def hub_pin(hub: Any, volunteer_id: str) -> str | None:
    from kiosk.hub.helpdesk.models import Volunteer

    with hub.db.sessions() as session:
        return session.scalar(select(Volunteer.pin_hash).where(Volunteer.id == volunteer_id))


def local_pins(kiosk_home: Path) -> dict[str, Any]:
    return dict(read_store(kiosk_home, lambda s: s.get_state(state.PINS_KEY)) or {})


def test_a_pin_set_while_the_hub_is_down_reaches_it_with_the_next_sync(
    qtbot: Any, make_kiosk: Any, kiosk_home: Path, tmp_path: Path
) -> None:
    with help_point_hub(tmp_path / "hub") as (hub, ids), gate_to(hub.url) as gate:
        bram = ids["bram"]
        enroll(home_paths(kiosk_home).database, gate.url, hub.code(), name="kiosk")
        kiosk = make_kiosk(default_language="en")
        sync = kiosk.flows.sync
        assert sync is not None
        uploads = sync.pin_uploads
        flow = kiosk.flows.helpdesk
        # the first sync (when the store opens) brings the location's volunteers
        qtbot.waitUntil(
            lambda: bram in str(read_store(kiosk_home, lambda s: s.get_state("location_config"))),
            timeout=20_000,
        )
        qtbot.waitUntil(lambda: not sync.running and not uploads.busy, timeout=20_000)

        # the hub cannot be reached; Bram chooses his PIN: it is kept on the kiosk
        gate.open = False
        open_with_shortcut(qtbot, kiosk, flow)
        qtbot.waitUntil(lambda: bram in flow.panel.who.buttons)
        qtbot.mouseClick(flow.panel.who.buttons[bram], Qt.MouseButton.LeftButton)
        type_pin(qtbot, flow, BRAM_CODE)  # his invitation code (checked here, offline)
        qtbot.waitUntil(lambda: flow.panel.pin.mode == "set")
        type_pin(qtbot, flow, PIN)
        with qtbot.waitSignal(uploads.settled, timeout=20_000) as settled:
            type_pin(qtbot, flow, PIN)
        assert settled.args[0] == []
        qtbot.waitUntil(lambda: not uploads.busy, timeout=20_000)
        assert flow.panel.pages.currentWidget() is flow.panel.home
        kept = local_pins(kiosk_home)[bram]
        assert kept["uploaded"] is False
        assert pins.verify_pin(PIN, kept["pin_hash"])
        assert hub_pin(hub, bram) is None
        flow.log_out()
        assert not flow.panel.isVisible()

        # the hub is back: the next sync round sends it; nobody opens the panel
        gate.open = True
        with qtbot.waitSignal(uploads.settled, timeout=20_000) as settled:
            sync.sync_now()
        assert settled.args[0] == [(bram, kept["pin_hash"], "stored")]
        assert hub_pin(hub, bram) == kept["pin_hash"]
        # the code went with the hash and is forgotten here now
        # (the hash of the invitation it was chosen with stays: a newer one, a reset, ends it)
        after = local_pins(kiosk_home)[bram]
        assert after == {
            "pin_hash": kept["pin_hash"],
            "uploaded": True,
            "invitation_hash": kept["invitation_hash"],
        }
        assert not flow.panel.isVisible()

        # a later round has nothing left to send
        with qtbot.waitSignal(uploads.settled, timeout=20_000) as settled:
            sync.sync_now()
        assert settled.args[0] == []


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        ("stored", {"pin_hash": "H", "uploaded": True}),
        ("pin_already_set", {"pin_hash": "H", "uploaded": True}),
        ("unknown", None),
        ("invitation_refused", None),
    ],
)
def test_what_the_hub_answered_is_kept(
    kiosk_home: Path, result: str, expected: dict[str, Any] | None
) -> None:
    def settle(store: RecordStore) -> dict[str, Any]:
        store.set_state(
            state.PINS_KEY,
            {
                "v-1": {"pin_hash": "H", "uploaded": False},
                "v-2": {"pin_hash": "K", "uploaded": False},
            },
        )
        state.settle_pin_upload(store, "v-1", "H", result)
        state.settle_pin_upload(store, "v-2", "another hash", "stored")  # replaced meanwhile
        return dict(store.get_state(state.PINS_KEY) or {})

    kept = read_store(kiosk_home, settle)
    assert kept.get("v-1") == expected
    assert kept["v-2"] == {"pin_hash": "K", "uploaded": False}
