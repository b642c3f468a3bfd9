"""The guide flow inside the kiosk: how runs end, and what reaches the store."""

from __future__ import annotations

from kiosk import i18n
from kiosk.domain.records import RunEnd
from kiosk.ui.shell.main_window import HOME
from tests.ui.flows.guides.conftest import PLATFORM_NOISE
from tests.ui.flows.guides.support import click, current_screen, flow_of, stored_runs

pytestmark = PLATFORM_NOISE


def start(kiosk, qtbot, guide_id: str):  # type: ignore[no-untyped-def]
    flow = flow_of(kiosk)
    flow.speech_engine = "mock"
    recorded: list[object] = []
    flow.run_recorded.connect(recorded.append)
    screen = flow.start(guide_id)
    assert screen is not None
    return flow, screen, recorded


def test_call_a_volunteer_ends_the_run_as_handed_off(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    kiosk.window.apply_language("en")
    _flow, screen, recorded = start(kiosk, qtbot, "doctor-appointment")
    click(qtbot, screen.next_button)  # past the scope limit
    assert screen.run.current.id == "urgent"
    click(qtbot, screen.step_widget.buttons[0])  # yes, it is urgent
    assert screen.run.current.id == "emergency"
    assert not screen.next_button.isVisible()
    assert screen.step_widget.button.text() == "Call a volunteer"
    click(qtbot, screen.step_widget.button)
    assert screen.end.heading.text() == "A volunteer will help you"
    assert not screen.back_button.isVisible()
    qtbot.waitUntil(lambda: bool(recorded), timeout=20_000)
    click(qtbot, screen.end.leave)
    assert kiosk.window.current_screen_name == HOME
    runs = stored_runs(kiosk, qtbot)
    assert [(r.ended, r.last_step) for r in runs] == [(RunEnd.HANDED_OFF, "emergency")]
    i18n.set_language("nl")


def test_a_reset_abandons_and_records_the_open_run_and_wipes_the_answers(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    flow, screen, recorded = start(kiosk, qtbot, "meter-reading")
    run = screen.run
    click(qtbot, screen.next_button)  # intro
    click(qtbot, screen.next_button)  # start
    for box in screen.step_widget.boxes:
        box.click()
    click(qtbot, screen.next_button)
    click(qtbot, screen.step_widget.buttons[0])
    click(qtbot, screen.next_button)
    qtbot.keyClicks(screen.step_widget.edit, "541448820000000008")
    assert run.answers == {"ean": "541448820000000008"}
    assert "guide-run" in kiosk.reset.action_names

    report = kiosk.start_over("idle")
    assert report.ok, report.failed
    assert run.answers == {}
    assert flow.run is None
    assert flow.screen is None
    assert kiosk.window.current_screen_name == HOME
    qtbot.waitUntil(lambda: bool(recorded), timeout=20_000)
    runs = stored_runs(kiosk, qtbot)
    assert len(runs) == 1
    assert runs[0].ended == RunEnd.ABANDONED
    assert runs[0].last_step == "ask-ean"
    assert runs[0].language == "nl"
    assert "541448820000000008" not in repr(runs[0].to_payload())


def test_stop_this_task_abandons_and_goes_home(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    _flow, screen, recorded = start(kiosk, qtbot, "meter-reading")
    click(qtbot, screen.next_button)
    click(qtbot, screen.stop_button)
    assert kiosk.window.current_screen_name == HOME
    qtbot.waitUntil(lambda: bool(recorded), timeout=20_000)
    kiosk.start_over("start_over")  # a reset after the end records nothing more
    runs = stored_runs(kiosk, qtbot)
    assert [(r.ended, r.last_step) for r in runs] == [(RunEnd.ABANDONED, "start")]


def test_language_switch_mid_run_redraws_the_step(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    _flow, screen, _recorded = start(kiosk, qtbot, "meter-reading")
    click(qtbot, screen.next_button)
    click(qtbot, screen.next_button)
    assert screen.run.current.id == "ready"
    screen.step_widget.boxes[0].click()
    assert "Vink alles aan" in screen.text.text()
    assert screen.title.text() == "Meterstand doorgeven"

    kiosk.window.apply_language("fr")
    screen = current_screen(kiosk)
    assert "Cochez tout" in screen.text.text()
    assert screen.title.text() == "Communiquer votre relevé de compteur"
    assert screen.step_widget.labels[0].text() == "J'ai la lettre avec mon code EAN."
    assert screen.step_widget.boxes[0].isChecked()  # nothing the resident did is lost
    assert screen.run.language == "fr"
    assert screen.run.locale == "fr_BE"

    kiosk.window.apply_language("en")
    assert "Tick every box" in screen.text.text()
    assert screen.back_button.text() == "Back"
    i18n.set_language("nl")


def test_a_guide_that_is_not_installed_opens_help_instead(make_kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    assert flow_of(kiosk).start("no-such-guide") is None
    assert kiosk.window.help_overlay.isVisible()
    assert kiosk.window.current_screen_name == HOME
