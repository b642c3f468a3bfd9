"""Nobody claims a PIN at the kiosk (#21), with a real hub on 127.0.0.1 and a real enrollment.

- A freshly enrolled kiosk whose location has no admin PIN opens no admin screen: not by any
  of the window's shortcuts, not by Ctrl+Alt with any letter or function key, not by the long
  press; "Location admin" says it is not set up yet. Once the coordinator sets the PIN on the
  hub, the next sync brings it and the admin screen opens with it.
- A volunteer without an invitation code cannot set a PIN; with the coordinator's code, once:
  the hub keeps the PIN set with it and forgets the code.

(The slow-down of 20 wrong PINs is in test_volunteer_panel.py.)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QShortcut
from PySide6.QtTest import QTest
from sqlalchemy import select

from kiosk.domain import pins
from kiosk.hub.db.models import AuditEntry
from kiosk.hub.helpdesk import invitations, volunteers
from kiosk.hub.helpdesk.models import Volunteer
from kiosk.paths import home_paths
from kiosk.services import helpdesk as state
from kiosk.sync.enrollment import enroll
from kiosk.ui.flows.location_admin import ADMIN
from kiosk.ui.screens.volunteer_login import CHECK, INVITE, NO_INVITATION, NOT_SET_UP, SET
from tests.support.screens import screens_dir
from tests.sync.livehub import LiveHub, live_hub
from tests.ui.flows.helpdesk.conftest import ADMIN_PIN, FakeClock, read_store
from tests.ui.flows.helpdesk.test_volunteer_panel import open_with_shortcut, type_pin

PIN = "735190"


@contextmanager
def enrolled_kiosk(
    qtbot: Any, make_kiosk: Any, kiosk_home: Path, tmp_path: Path
) -> Iterator[tuple[LiveHub, Any, str]]:
    """(hub, kiosk, Bram's id): a hub whose location has no admin PIN and one volunteer without
    a PIN or an invitation, and a kiosk enrolled there with a one-time code, first sync done."""
    with live_hub(tmp_path / "hub") as hub:
        bram = volunteers.add_volunteer(hub.db, hub.location_id, "Bram")
        enroll(home_paths(kiosk_home).database, hub.url, hub.code(), name="kiosk")
        kiosk = make_kiosk(default_language="en")
        kiosk.flows.helpdesk.clock = FakeClock()
        sync = kiosk.flows.sync
        qtbot.waitUntil(lambda: bram in str(_kept_config(kiosk_home)), timeout=20_000)
        qtbot.waitUntil(lambda: not sync.running, timeout=20_000)
        yield hub, kiosk, bram


def _kept_config(kiosk_home: Path) -> Any:
    return read_store(kiosk_home, lambda s: s.get_state("location_config"))


def _sync(qtbot: Any, kiosk: Any, kiosk_home: Path, until: Any) -> None:
    """A sync round now (as the background sync would), until the kept config says `until`."""
    sync = kiosk.flows.sync
    qtbot.waitUntil(lambda: not sync.running, timeout=20_000)
    sync.sync_now()
    qtbot.waitUntil(lambda: until(_kept_config(kiosk_home)["config"]), timeout=20_000)
    qtbot.waitUntil(lambda: not sync.running, timeout=20_000)


def _shot(kiosk: Any, name: str) -> None:
    if shots := screens_dir():
        kiosk.window.grab().save(str(shots / name))


def _admin_not_set_up(qtbot: Any, kiosk: Any, flow: Any) -> None:
    """From the open panel: Location admin says "not set up", and no try gets further."""
    qtbot.waitUntil(lambda: flow.panel.pages.currentWidget() is flow.panel.who)
    qtbot.mouseClick(flow.panel.who.admin, Qt.MouseButton.LeftButton)
    page = flow.panel.pin
    assert page.mode == NOT_SET_UP
    assert "Not set up yet \u2014 ask the coordinator" in page.text.text()
    assert not page.field.isVisible()
    assert not page.pad.isVisible()
    _shot(kiosk, "admin-not-set-up.png")
    # typing and Enter on the page, and a forged PIN from the page, open nothing
    QTest.keyClicks(flow.panel, ADMIN_PIN)
    QTest.keyClick(flow.panel, Qt.Key.Key_Return)
    flow.panel.pin_entered.emit(ADMIN_PIN)
    flow.panel.new_pin_chosen.emit(ADMIN_PIN)
    qtbot.wait(300)  # the database thread would answer within this
    assert kiosk.window.current_screen_name != ADMIN
    assert page.message.text() == ""  # nothing was checked, nothing counted
    assert flow._admin is None  # the admin screen was never even built


def test_a_fresh_kiosk_opens_no_admin_screen_until_the_coordinator_sets_its_pin(
    qtbot: Any, make_kiosk: Any, kiosk_home: Path, tmp_path: Path
) -> None:
    with enrolled_kiosk(qtbot, make_kiosk, kiosk_home, tmp_path) as (hub, kiosk, _bram):
        flow = kiosk.flows.helpdesk
        window = kiosk.window
        # every shortcut the window has
        shortcuts = window.findChildren(QShortcut)
        assert shortcuts
        for shortcut in shortcuts:
            shortcut.activated.emit()
            if flow._panel_idle.isActive():
                qtbot.waitUntil(lambda: flow._panel is not None and flow.panel.isVisible())
            if flow._panel is not None and flow.panel.isVisible():
                _admin_not_set_up(qtbot, kiosk, flow)
                flow.log_out()
            assert window.current_screen_name != ADMIN
        # Ctrl+Alt (and Ctrl+Shift, Ctrl+Alt+Shift) with every letter and function key
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        keys = [getattr(Qt.Key, f"Key_{c}") for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
        keys += [getattr(Qt.Key, f"Key_F{n}") for n in range(1, 13)]
        control = Qt.KeyboardModifier.ControlModifier
        alt, shift = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ShiftModifier
        opened = []
        for modifiers in (control | alt, control | shift, control | alt | shift):
            for key in keys:
                QTest.keyClick(window, key, modifiers)
                if flow._panel_idle.isActive():  # the panel opens (its desk loads first)
                    qtbot.waitUntil(lambda: flow._panel is not None and flow.panel.isVisible())
                    opened.append(key)
                if flow._panel is not None and flow.panel.isVisible():
                    _admin_not_set_up(qtbot, kiosk, flow)
                    flow.log_out()
                window.close_overlays()
                assert window.current_screen_name != ADMIN
        assert opened == [Qt.Key.Key_V]  # only Ctrl+Alt+V opens the panel, and not the admin
        # the long press on the location name
        flow.long_press._timer.setInterval(200)  # 3 s in the kiosk
        label = window.header.location
        qtbot.mousePress(label, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
        qtbot.waitUntil(flow.panel.isVisible)
        qtbot.mouseRelease(label, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
        _admin_not_set_up(qtbot, kiosk, flow)
        flow.log_out()

        # the coordinator sets the location admin PIN on the hub; the next sync brings it
        invitations.set_admin_pin(hub.db, hub.location_id, ADMIN_PIN)
        _sync(qtbot, kiosk, kiosk_home, lambda config: config.get("admin_pin_hash"))
        open_with_shortcut(qtbot, kiosk, flow)
        qtbot.mouseClick(flow.panel.who.admin, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: flow.panel.pin.mode == CHECK)
        type_pin(qtbot, flow, ADMIN_PIN)
        qtbot.waitUntil(lambda: window.current_screen_name == ADMIN)
        with hub.db.sessions() as session:
            actions = session.scalars(select(AuditEntry.action)).all()
        assert "location.admin_pin_set" in actions
        assert ADMIN_PIN not in str(_kept_config(kiosk_home))


def test_a_volunteer_sets_a_first_pin_only_with_an_invitation_code_and_only_once(
    qtbot: Any, make_kiosk: Any, kiosk_home: Path, tmp_path: Path
) -> None:
    with enrolled_kiosk(qtbot, make_kiosk, kiosk_home, tmp_path) as (hub, kiosk, bram):
        flow = kiosk.flows.helpdesk
        clock: FakeClock = flow.clock

        # no invitation: nothing to type, and a forged new PIN is not kept
        open_with_shortcut(qtbot, kiosk, flow)
        qtbot.waitUntil(lambda: bram in flow.panel.who.buttons)
        qtbot.mouseClick(flow.panel.who.buttons[bram], Qt.MouseButton.LeftButton)
        page = flow.panel.pin
        assert page.mode == NO_INVITATION
        assert "Ask the coordinator" in page.text.text()
        assert not page.field.isVisible()
        qtbot.wait(200)
        _shot(kiosk, "volunteer-no-invitation.png")
        flow.panel.new_pin_chosen.emit(PIN)
        flow.panel.code_entered.emit("000000000000")
        qtbot.wait(300)
        assert read_store(kiosk_home, lambda s: s.get_state(state.PINS_KEY)) is None
        assert flow.volunteer is None
        flow.log_out()

        # the coordinator makes an invitation code; the next sync brings its hash
        made = invitations.invite(hub.db, bram)
        _sync(
            qtbot,
            kiosk,
            kiosk_home,
            lambda config: any(v.get("invitation_hash") for v in config["volunteers"]),
        )
        open_with_shortcut(qtbot, kiosk, flow)
        qtbot.waitUntil(lambda: bram in flow.panel.who.buttons)
        qtbot.mouseClick(flow.panel.who.buttons[bram], Qt.MouseButton.LeftButton)
        assert page.mode == INVITE
        assert page.field.hasFocus()
        QTest.keyClicks(page.field, "4182 0")
        _shot(kiosk, "volunteer-invitation.png")
        page.field.clear()
        type_pin(qtbot, flow, "000000000000")  # a wrong code waits, like a wrong PIN
        qtbot.waitUntil(lambda: "That is not right." in page.message.text())
        assert page.mode == INVITE
        clock.advance(seconds=page._seconds_left())
        page.tick()
        assert page.message.text() == "You can try again now."
        QTest.keyClicks(page.field, made.shown)  # on the keyboard, as printed: groups of four
        QTest.keyClick(page.field, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: page.mode == SET)
        type_pin(qtbot, flow, PIN)
        type_pin(qtbot, flow, PIN)
        qtbot.waitUntil(lambda: flow.panel.pages.currentWidget() is flow.panel.home)

        # the hash reaches the hub with the code; the hub keeps it and forgets the code
        def on_hub() -> tuple[str | None, str | None]:
            with hub.db.sessions() as session:
                row = session.scalar(select(Volunteer).where(Volunteer.id == bram))
                assert row is not None
                return row.pin_hash, row.invitation_hash

        qtbot.waitUntil(lambda: on_hub()[0] is not None, timeout=20_000)
        pin_hash, invitation_hash = on_hub()
        assert pin_hash is not None
        assert pins.verify_pin(PIN, pin_hash)
        assert invitation_hash is None
        flow.log_out()

        # once: the code does not work again, here or at the hub
        _sync(qtbot, kiosk, kiosk_home, lambda c: all(v["pin_hash"] for v in c["volunteers"]))
        assert not read_store(
            kiosk_home, lambda s: state.check_invitation(s, bram, made.code, clock())
        ).ok
        open_with_shortcut(qtbot, kiosk, flow)
        qtbot.waitUntil(lambda: bram in flow.panel.who.buttons)
        qtbot.mouseClick(flow.panel.who.buttons[bram], Qt.MouseButton.LeftButton)
        assert page.mode == CHECK  # a PIN to type, none to choose
        result = volunteers.set_pin_hash(
            hub.db, hub.location_id, bram, pins.hash_pin("918273"), "k", made.code
        )
        assert result is volunteers.PinResult.ALREADY_SET
        with hub.db.sessions() as session:
            actions = session.scalars(select(AuditEntry.action)).all()
        assert {"volunteer.invited", "volunteer.pin_set"} <= set(actions)
