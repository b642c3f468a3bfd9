"""The volunteer panel: opening it, PINs and the lockout, a session from start to record,
"My sessions today" and a correction, idle closing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from kiosk.domain import pins
from kiosk.domain.records import Outcome
from kiosk.services import helpdesk as state
from tests.support.screens import screens_dir
from tests.ui.flows.helpdesk.conftest import AN_PIN, FakeClock, read_store

PROTOCOL_KEYS = {
    "started_at",
    "ended_at",
    "topics",
    "outcome",
    "referral",
    "language",
    "age_band",
    "first_visit",
    "volunteer",
}


def open_with_shortcut(qtbot: Any, kiosk: Any, flow: Any) -> None:
    """Ctrl+Alt+V on the kiosk's window (active, as the full-screen kiosk is)."""
    kiosk.window.activateWindow()
    qtbot.waitUntil(lambda: kiosk.window.isActiveWindow())
    QTest.keyClick(
        kiosk.window,
        Qt.Key.Key_V,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier,
    )
    qtbot.waitUntil(
        lambda: flow.panel.isVisible() and flow.panel.pages.currentWidget() is flow.panel.who
    )


def type_pin(qtbot: Any, flow: Any, pin: str) -> None:
    page = flow.panel.pin
    for digit in pin:
        qtbot.mouseClick(page.keys[digit], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.ok, Qt.MouseButton.LeftButton)


def log_in_an(qtbot: Any, kiosk: Any, flow: Any, volunteer: str = "v-an") -> None:
    open_with_shortcut(qtbot, kiosk, flow)
    qtbot.waitUntil(lambda: volunteer in flow.panel.who.buttons)
    qtbot.mouseClick(flow.panel.who.buttons[volunteer], Qt.MouseButton.LeftButton)
    assert flow.panel.pin.mode == "check"
    type_pin(qtbot, flow, AN_PIN)
    qtbot.waitUntil(lambda: flow.panel.pages.currentWidget() is flow.panel.home)


def test_shortcut_opens_the_panel_with_the_locations_volunteers(qtbot: Any, helpdesk: Any) -> None:
    kiosk, flow = helpdesk
    open_with_shortcut(qtbot, kiosk, flow)
    qtbot.waitUntil(lambda: set(flow.panel.who.buttons) == {"v-an", "v-bram"})
    assert flow.panel.who.buttons["v-an"].text() == "An"
    assert not kiosk.key_guard.blocked  # the lockdown does not swallow the shortcut


def test_long_press_on_the_location_name_opens_it_and_a_tap_does_not(
    qtbot: Any, helpdesk: Any
) -> None:
    kiosk, flow = helpdesk
    label = kiosk.window.header.location
    flow.long_press._timer.setInterval(200)  # 3 s in the kiosk
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    qtbot.wait(400)
    assert not flow.panel.isVisible()
    qtbot.mousePress(label, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    qtbot.waitUntil(flow.panel.isVisible)
    qtbot.mouseRelease(label, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))


def test_session_from_start_to_record(qtbot: Any, helpdesk: Any, seeded_home: Path) -> None:
    kiosk, flow = helpdesk
    clock: FakeClock = flow.clock
    log_in_an(qtbot, kiosk, flow)
    home = flow.panel.home
    assert home.start.isVisible()
    assert not home.session.isVisible()
    qtbot.mouseClick(home.start, Qt.MouseButton.LeftButton)
    # the panel closes, the bar shows, the resident goes on
    assert not flow.panel.isVisible()
    assert flow.bar.isVisible()
    clock.advance(minutes=12, seconds=5)
    flow.bar.refresh()
    assert flow.bar.time.text() == "12:05"
    if shots := screens_dir():
        kiosk.window.grab().save(str(shots / "volunteer-session-bar.png"))

    qtbot.mouseClick(flow.bar.button, Qt.MouseButton.LeftButton)  # still logged in
    qtbot.waitUntil(lambda: flow.panel.pages.currentWidget() is flow.panel.home)
    qtbot.mouseClick(home.session, Qt.MouseButton.LeftButton)
    form = flow.panel.form
    assert not form.done.isEnabled()
    qtbot.mouseClick(form.topic_buttons["taxes"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.topic_buttons["digid_itsme"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.outcome_buttons[Outcome.REFERRED], Qt.MouseButton.LeftButton)
    assert not form.done.isEnabled()  # to whom?
    form.referral.setCurrentIndex(form.referral.findData("tax_office"))
    qtbot.mouseClick(form.age_buttons["45_64"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.first_visit_yes, Qt.MouseButton.LeftButton)
    form.language.setCurrentIndex(form.language.findData("fr"))
    assert form.done.isEnabled()
    resets = len(kiosk.resets)
    with qtbot.waitSignal(flow.session_recorded, timeout=5000) as recorded:
        qtbot.mouseClick(form.done, Qt.MouseButton.LeftButton)
    record = recorded.args[0]
    assert record.topics == ("taxes", "digid_itsme")
    assert record.outcome is Outcome.REFERRED
    assert record.referral == "tax_office"
    assert (record.age_band, record.first_visit, record.language) == ("45_64", True, "fr")
    assert record.volunteer == "v-an"
    assert (record.ended_at - record.started_at).total_seconds() == 12 * 60 + 5
    # ending the session ran the reset and logged the volunteer out
    assert len(kiosk.resets) == resets + 1
    assert not flow.bar.isVisible()
    assert flow.volunteer is None
    assert not flow.panel.isVisible()
    # #23: "ending a volunteer session shows only the resident's "Everything is wiped", never
    # "saved"": the receipt says saved, and that it has not reached the hub (not enrolled)
    receipt = kiosk.window.receipt
    assert receipt.is_open
    assert receipt.saved.isVisible()
    assert receipt.saved.text().startswith("✔ Session saved on this kiosk.")
    assert "not reached the hub yet" in receipt.saved.text()
    assert not receipt._timer.isActive()  # it waits for the volunteer's OK
    from kiosk.sync.service import SyncResult

    kiosk.flows.sync.synced.emit(SyncResult(1, 0, 0, 0, None, True))  # the round after it
    assert receipt.saved.text() == "✔ Session saved. It has reached the hub."
    for folder in (screens_dir(), Path("/work/notes/shots/23")):
        if folder is not None and folder.is_dir():
            kiosk.window.grab().save(str(folder / "volunteer-session-saved.png"))
    qtbot.mouseClick(receipt.ok, Qt.MouseButton.LeftButton)
    assert not receipt.is_open

    def outbox(store: Any) -> list[Any]:
        return store.due(10)

    qtbot.waitUntil(lambda: len(read_store(seeded_home, outbox)) == 1)
    (item,) = read_store(seeded_home, outbox)
    assert item.uuid == record.uuid
    assert set(item.envelope()["data"]) == PROTOCOL_KEYS
    assert "An" not in str(item.envelope())  # the id, never the name


def test_correction_of_todays_session_is_a_new_revision(
    qtbot: Any, helpdesk: Any, seeded_home: Path
) -> None:
    kiosk, flow = helpdesk
    log_in_an(qtbot, kiosk, flow)
    qtbot.mouseClick(flow.panel.home.start, Qt.MouseButton.LeftButton)
    flow.clock.advance(minutes=7)
    qtbot.mouseClick(flow.bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.panel.pages.currentWidget() is flow.panel.home)
    qtbot.mouseClick(flow.panel.home.session, Qt.MouseButton.LeftButton)
    form = flow.panel.form
    qtbot.mouseClick(form.topic_buttons["housing"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.outcome_buttons[Outcome.HELPED], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(flow.session_recorded, timeout=5000) as recorded:
        qtbot.mouseClick(form.done, Qt.MouseButton.LeftButton)
    first = recorded.args[0]

    log_in_an(qtbot, kiosk, flow)
    qtbot.mouseClick(flow.panel.home.mine, Qt.MouseButton.LeftButton)
    mine = flow.panel.mine
    qtbot.waitUntil(lambda: flow.panel.pages.currentWidget() is mine and bool(mine.correct_buttons))
    assert len(mine.correct_buttons) == 1
    qtbot.mouseClick(mine.correct_buttons[0], Qt.MouseButton.LeftButton)
    fix = flow.panel.fix
    assert fix.topic_buttons["housing"].isChecked()
    assert fix.done.text() == "Save correction"
    qtbot.mouseClick(fix.outcome_buttons[Outcome.PARTLY], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(fix.topic_buttons["energy"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(flow.correction_recorded, timeout=5000) as corrected:
        qtbot.mouseClick(fix.done, Qt.MouseButton.LeftButton)
    fixed = corrected.args[0]
    assert (fixed.uuid, fixed.revision) == (first.uuid, 2)
    assert fixed.topics == ("energy", "housing")
    assert fixed.outcome is Outcome.PARTLY
    assert fixed.started_at == first.started_at
    qtbot.waitUntil(lambda: flow.panel.pages.currentWidget() is mine)

    def kept(store: Any) -> Any:
        return [(s.uuid, s.revision) for s in store.assisted_sessions()], [
            (i.uuid, i.revision) for i in store.due(10)
        ]

    sessions, outbox = read_store(seeded_home, kept)
    assert sessions == [(first.uuid, 2)]
    assert outbox == [(first.uuid, 1), (first.uuid, 2)]


def test_wrong_pins_lock_out_for_five_minutes(qtbot: Any, helpdesk: Any) -> None:
    kiosk, flow = helpdesk
    open_with_shortcut(qtbot, kiosk, flow)
    qtbot.waitUntil(lambda: "v-an" in flow.panel.who.buttons)
    qtbot.mouseClick(flow.panel.who.buttons["v-an"], Qt.MouseButton.LeftButton)
    page = flow.panel.pin
    for n in range(4):
        type_pin(qtbot, flow, "000000")
        qtbot.waitUntil(lambda: page.ok.isEnabled() and "not right" in page.message.text())
        assert f"{4 - n} more tr" in page.message.text()
    type_pin(qtbot, flow, "000000")
    qtbot.waitUntil(lambda: "Too many wrong PINs" in page.message.text())
    assert not page.ok.isEnabled()
    if shots := screens_dir():
        kiosk.window.grab().save(str(shots / "volunteer-lockout.png"))

    # reopening the panel still shows the lock, and the right PIN is refused meanwhile
    flow.log_out()
    open_with_shortcut(qtbot, kiosk, flow)
    qtbot.waitUntil(lambda: "v-an" in flow.panel.who.buttons)
    qtbot.mouseClick(flow.panel.who.buttons["v-an"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not page.ok.isEnabled())
    flow._on_pin_entered(AN_PIN)
    qtbot.wait(200)
    assert flow.volunteer is None

    flow.clock.advance(minutes=5, seconds=1)
    flow.log_out()
    log_in_an(qtbot, kiosk, flow)
    assert flow.volunteer is not None
    assert flow.volunteer.id == "v-an"


def test_first_use_sets_a_pin_kept_as_a_hash(qtbot: Any, helpdesk: Any, seeded_home: Path) -> None:
    kiosk, flow = helpdesk
    open_with_shortcut(qtbot, kiosk, flow)
    qtbot.waitUntil(lambda: "v-bram" in flow.panel.who.buttons)
    qtbot.mouseClick(flow.panel.who.buttons["v-bram"], Qt.MouseButton.LeftButton)
    page = flow.panel.pin
    assert page.mode == "set"
    type_pin(qtbot, flow, "12345")
    assert "at least 6 digits" in page.message.text()
    type_pin(qtbot, flow, "111111")
    assert "too easy" in page.message.text()
    type_pin(qtbot, flow, "735190")
    assert "same PIN again" in page.text.text()
    type_pin(qtbot, flow, "735199")
    assert "not the same" in page.message.text()
    type_pin(qtbot, flow, "735190")
    type_pin(qtbot, flow, "735190")
    qtbot.waitUntil(lambda: flow.panel.pages.currentWidget() is flow.panel.home)
    assert flow.volunteer is not None
    assert flow.volunteer.id == "v-bram"
    kept = read_store(seeded_home, lambda s: s.get_state(state.PINS_KEY))
    assert "735190" not in str(kept)
    assert pins.verify_pin("735190", kept["v-bram"]["pin_hash"])
    assert kept["v-bram"]["uploaded"] is False  # not enrolled: kept here until the hub has it


def test_panel_closes_itself_on_idle_and_logs_out(qtbot: Any, helpdesk: Any) -> None:
    kiosk, flow = helpdesk
    log_in_an(qtbot, kiosk, flow)
    flow._panel_idle.setInterval(100)
    flow._panel_idle.start()
    qtbot.waitUntil(lambda: not flow.panel.isVisible())
    assert flow.volunteer is None


def test_reset_logs_out_but_a_running_session_stays(qtbot: Any, helpdesk: Any) -> None:
    kiosk, flow = helpdesk
    log_in_an(qtbot, kiosk, flow)
    qtbot.mouseClick(flow.panel.home.start, Qt.MouseButton.LeftButton)
    kiosk.start_over("idle")
    assert flow.volunteer is None
    # The reset's receipt overlay hides the screen behind it (out of the tree); closed, the bar
    # is there again.
    kiosk.window.close_overlays()
    assert flow.bar.isVisible()
    assert flow.draft is not None
    # the bar's button asks for the PIN again
    qtbot.mouseClick(flow.bar.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.panel.pages.currentWidget() is flow.panel.who)


def test_a_pin_set_twice_is_refused_in_the_volunteers_language(
    qtbot: Any, make_kiosk: Any, seeded_home: Path, clock: FakeClock
) -> None:
    """Bram's PIN was set meanwhile (another time the panel was open); choosing one again is
    refused with a sentence in the kiosk's language, not the exception's English text."""
    kiosk = make_kiosk(default_language="nl")
    flow = kiosk.flows.helpdesk
    flow.clock = clock
    open_with_shortcut(qtbot, kiosk, flow)
    qtbot.waitUntil(lambda: "v-bram" in flow.panel.who.buttons)
    qtbot.mouseClick(flow.panel.who.buttons["v-bram"], Qt.MouseButton.LeftButton)
    page = flow.panel.pin
    assert page.mode == "set"
    read_store(seeded_home, lambda s: state.set_first_pin(s, "v-bram", "918273"))

    type_pin(qtbot, flow, "735190")
    type_pin(qtbot, flow, "735190")
    qtbot.waitUntil(lambda: page.message.text() != "")
    assert (
        page.message.text() == "Voor deze naam is er al een pincode. Ga terug en typ die pincode."
    )
    assert flow.volunteer is None
    assert page.ok.isEnabled()


def test_a_bug_while_checking_a_pin_shows_no_exception_text(
    qtbot: Any, helpdesk: Any, monkeypatch: Any
) -> None:
    kiosk, flow = helpdesk

    def broken(*_args: object) -> object:
        raise RuntimeError("no such table: volunteer_pins_secret")

    monkeypatch.setattr(state, "check_pin", broken)
    open_with_shortcut(qtbot, kiosk, flow)
    qtbot.waitUntil(lambda: "v-an" in flow.panel.who.buttons)
    qtbot.mouseClick(flow.panel.who.buttons["v-an"], Qt.MouseButton.LeftButton)
    page = flow.panel.pin
    type_pin(qtbot, flow, AN_PIN)
    qtbot.waitUntil(lambda: page.message.text() != "")
    assert page.message.text() == "Something went wrong; please ask at the desk."
    assert page.ok.isEnabled()
    assert flow.volunteer is None
