"""The volunteer panel: opening it, PINs and the slow-down of wrong ones, a first PIN with an
invitation code, a session from start to record, "My sessions today" and a correction, idle
closing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.domain import pins
from kiosk.domain.records import Outcome
from kiosk.services import helpdesk as state
from tests.support.screens import screens_dir
from tests.ui.flows.helpdesk.conftest import AN_PIN, BRAM_CODE, FakeClock, read_store

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


def type_on_keyboard(qtbot: Any, field: Any, text: str) -> None:
    """Type `text` and Enter on the keyboard, into the widget that has the focus (the field)."""
    QTest.keyClicks(QApplication.focusWidget() or field, text)
    QTest.keyClick(QApplication.focusWidget() or field, Qt.Key.Key_Return)


def test_twenty_wrong_pins_never_wait_more_than_a_minute_and_keep_the_focus(
    qtbot: Any, helpdesk: Any, seeded_home: Path
) -> None:
    """20 wrong PINs in a row: each makes the kiosk wait a little longer, never more than 60 s
    and never a lockout; the field keeps the keyboard focus and says how long is left; digits
    typed during the wait stay in the field. The clock is the test's: no wall-clock waits."""
    kiosk, flow = helpdesk
    clock: FakeClock = flow.clock
    open_with_shortcut(qtbot, kiosk, flow)
    qtbot.waitUntil(lambda: "v-an" in flow.panel.who.buttons)
    qtbot.mouseClick(flow.panel.who.buttons["v-an"], Qt.MouseButton.LeftButton)
    page = flow.panel.pin
    qtbot.waitUntil(page.field.hasFocus)
    waits = []
    for n in range(20):
        type_on_keyboard(qtbot, page.field, "000000")
        qtbot.waitUntil(lambda: "That is not right." in page.message.text())
        assert page.field.hasFocus(), f"wrong PIN {n + 1}"
        left = page._seconds_left()
        assert 0 < left <= 60
        assert f"Wait {left} second" in page.message.text()
        waits.append(left)
        if n == 7 and (shots := screens_dir()):
            kiosk.window.grab().save(str(shots / "volunteer-pin-delay.png"))
        # typing during the wait is kept, and OK says why nothing happens
        type_on_keyboard(qtbot, page.field, "12")
        assert page.field.text() == "12"
        assert "What you typed stays in the field." in page.message.text()
        assert f"Wait {left} second" in page.message.text()
        assert page.field.hasFocus()
        clock.advance(seconds=left - 1)
        page.tick()
        assert "Wait 1 second" in page.message.text()
        clock.advance(seconds=1)
        page.tick()
        assert page.message.text() == "You can try again now."
        assert page.field.text() == "12"
        page.field.clear()
    assert waits[:7] == [1, 2, 4, 8, 16, 32, 60]
    assert max(waits) == 60
    attempts = read_store(seeded_home, lambda s: state.attempts_of(s, "v-an"))
    assert attempts.failures == 20
    assert attempts.seconds_left(clock()) == 0  # the last wait is over: no lockout
    type_on_keyboard(qtbot, page.field, AN_PIN)
    qtbot.waitUntil(lambda: flow.panel.pages.currentWidget() is flow.panel.home)
    assert flow.volunteer is not None
    assert read_store(seeded_home, lambda s: state.attempts_of(s, "v-an")).failures == 0


def test_the_wait_outlives_closing_the_panel_but_not_a_minute(qtbot: Any, helpdesk: Any) -> None:
    kiosk, flow = helpdesk
    open_with_shortcut(qtbot, kiosk, flow)
    qtbot.waitUntil(lambda: "v-an" in flow.panel.who.buttons)
    qtbot.mouseClick(flow.panel.who.buttons["v-an"], Qt.MouseButton.LeftButton)
    page = flow.panel.pin
    for _ in range(8):  # the wait reaches 60 s
        flow.clock.advance(seconds=61)
        type_pin(qtbot, flow, "000000")
        qtbot.waitUntil(lambda: not page._busy)
    # reopening the panel still shows the wait, and the right PIN is refused unchecked meanwhile
    flow.log_out()
    assert not page.countdown.isActive()  # the countdown stops with the panel
    open_with_shortcut(qtbot, kiosk, flow)
    qtbot.waitUntil(lambda: "v-an" in flow.panel.who.buttons)
    qtbot.mouseClick(flow.panel.who.buttons["v-an"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Wait 60 seconds" in page.message.text())
    flow._on_pin_entered(AN_PIN)
    qtbot.wait(200)
    assert flow.volunteer is None
    flow.clock.advance(seconds=60)
    flow.log_out()
    log_in_an(qtbot, kiosk, flow)
    assert flow.volunteer is not None
    assert flow.volunteer.id == "v-an"


def choose_bram(qtbot: Any, kiosk: Any, flow: Any) -> Any:
    open_with_shortcut(qtbot, kiosk, flow)
    qtbot.waitUntil(lambda: "v-bram" in flow.panel.who.buttons)
    qtbot.mouseClick(flow.panel.who.buttons["v-bram"], Qt.MouseButton.LeftButton)
    return flow.panel.pin


def test_first_use_sets_a_pin_kept_as_a_hash(qtbot: Any, helpdesk: Any, seeded_home: Path) -> None:
    kiosk, flow = helpdesk
    page = choose_bram(qtbot, kiosk, flow)
    assert page.mode == "invite"
    type_pin(qtbot, flow, BRAM_CODE)
    qtbot.waitUntil(lambda: page.mode == "set")
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
    assert kept["v-bram"]["invitation"] == BRAM_CODE  # it goes with the upload


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
    page = choose_bram(qtbot, kiosk, flow)
    assert page.mode == "invite"
    type_pin(qtbot, flow, BRAM_CODE)
    qtbot.waitUntil(lambda: page.mode == "set")
    read_store(
        seeded_home, lambda s: state.set_first_pin(s, "v-bram", "918273", BRAM_CODE, clock())
    )

    type_pin(qtbot, flow, "735190")
    type_pin(qtbot, flow, "735190")
    qtbot.waitUntil(lambda: page.message.text() != "")
    assert (
        page.message.text() == "Voor deze naam is er al een pincode. Ga terug en typ die pincode."
    )
    assert flow.volunteer is None
    assert page.ok.isEnabled()
    assert page.field.hasFocus()


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


def test_a_reset_at_any_moment_of_a_pin_leaves_nothing_behind(
    qtbot: Any, helpdesk: Any, seeded_home: Path
) -> None:
    """The idle reset can come while a PIN is checked, during the wait after a wrong one, and
    between a right invitation code and the new PIN: the answer that comes late is dropped, the
    countdown stops, the code is forgotten, and the next volunteer starts clean."""
    kiosk, flow = helpdesk
    # while a PIN is checked
    open_with_shortcut(qtbot, kiosk, flow)
    qtbot.mouseClick(flow.panel.who.buttons["v-an"], Qt.MouseButton.LeftButton)
    page = flow.panel.pin
    type_pin(qtbot, flow, AN_PIN)
    kiosk.start_over("idle")  # before the database thread answers
    qtbot.wait(300)
    assert flow.volunteer is None
    assert not flow.panel.isVisible()
    kiosk.window.close_overlays()
    # during the wait after a wrong PIN
    open_with_shortcut(qtbot, kiosk, flow)
    qtbot.mouseClick(flow.panel.who.buttons["v-an"], Qt.MouseButton.LeftButton)
    type_pin(qtbot, flow, "000000")
    qtbot.waitUntil(page.countdown.isActive)
    kiosk.start_over("idle")
    assert not page.countdown.isActive()
    page.tick()  # a tick that was already queued changes nothing
    kiosk.window.close_overlays()
    # between the right invitation code and the new PIN
    open_with_shortcut(qtbot, kiosk, flow)
    qtbot.mouseClick(flow.panel.who.buttons["v-bram"], Qt.MouseButton.LeftButton)
    type_pin(qtbot, flow, BRAM_CODE)
    qtbot.waitUntil(lambda: page.mode == "set")
    kiosk.start_over("idle")
    assert flow._code is None
    flow.panel.new_pin_chosen.emit("735190")  # a late signal sets nothing
    qtbot.wait(300)
    assert read_store(seeded_home, lambda s: s.get_state(state.PINS_KEY)) is None
    kiosk.window.close_overlays()
    # the next one starts clean: Bram is asked for his code again
    open_with_shortcut(qtbot, kiosk, flow)
    qtbot.mouseClick(flow.panel.who.buttons["v-bram"], Qt.MouseButton.LeftButton)
    assert page.mode == "invite"
    assert page.message.text() == ""
