"""A resident walks the shipped meter-reading guide from its home tile to its website step.

Both branches (digital and analogue meter), each with Back after the branch, a rejected EAN
code, the website step (the real site is never contacted: see conftest, so it cannot be
reached and the task ends "not done yet", #23), and exactly one record without answers in the
store. The printed proof (a PDF checked with pdftotext) comes after a website that was reached:
`test_the_proof_after_the_website_is_printed` starts the run there.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from kiosk import i18n
from kiosk.domain.records import RunEnd
from kiosk.ui.shell.main_window import HOME
from tests.support.screens import screens_dir
from tests.ui.flows.guides.conftest import PLATFORM_NOISE
from tests.ui.flows.guides.support import click, current_screen, flow_of, stored_runs

pytestmark = PLATFORM_NOISE

GOOD_EAN = "541448820000000008"
BAD_EAN = "541448820000000009"  # wrong GS1 check digit


@pytest.mark.parametrize(("branch", "other"), [(0, 1), (1, 0)], ids=["digital", "analogue"])
def test_meter_reading_from_tile_to_printed_pdf(  # type: ignore[no-untyped-def]
    make_kiosk, qtbot, proxy_requests, branch: int, other: int
) -> None:
    kiosk = make_kiosk()
    kiosk.window.apply_language("en")
    flow = flow_of(kiosk)
    recorded: list[object] = []
    flow.run_recorded.connect(recorded.append)

    click(qtbot, kiosk.home.tile_button("meter-reading"))
    screen = current_screen(kiosk)
    assert kiosk.window.current_screen_name == "guide"
    # Before step 1: where a volunteer's help stops.
    assert screen.on_intro
    assert "Ask your energy supplier about your bill" in screen.intro.scope.text()
    assert screen.next_button.text() == "Start"
    click(qtbot, screen.next_button)

    assert screen.run.current.id == "start"
    assert screen.step_label.text() == "Step 1 of 9"
    assert "<b>letter</b>" in screen.text.text()
    assert not screen.picture.pixmap().isNull()
    click(qtbot, screen.next_button)

    # Checklist: Next only when everything is ticked.
    checklist = screen.step_widget
    assert screen.run.current.id == "ready"
    assert not screen.next_enabled
    checklist.boxes[0].click()
    assert not screen.next_enabled
    qtbot.mouseClick(checklist.labels[1], Qt.MouseButton.LeftButton)  # the text ticks too
    assert screen.next_enabled
    click(qtbot, screen.next_button)

    # The branch, Back, and the branch we want.
    assert screen.run.current.id == "meter-type"
    assert not screen.next_button.isVisible()
    click(qtbot, screen.step_widget.buttons[other])
    assert screen.run.current.id == ("read-digital", "read-analogue")[other]
    click(qtbot, screen.back_button)
    assert screen.run.current.id == "meter-type"
    click(qtbot, screen.step_widget.buttons[branch])
    assert screen.run.current.id == ("read-digital", "read-analogue")[branch]
    click(qtbot, screen.next_button)

    # A wrong EAN code is refused, with the reason next to the field.
    assert screen.run.current.id == "ask-ean"
    field = screen.step_widget
    qtbot.keyClicks(field.edit, BAD_EAN)
    assert not screen.next_enabled
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert field.error_text == "This EAN code is not correct. Check every digit on your letter."
    assert screen.run.current.id == "ask-ean"
    field.edit.clear()
    qtbot.keyClicks(field.edit, GOOD_EAN)
    assert field.error_text == ""
    click(qtbot, screen.next_button)

    assert screen.run.current.id == "ask-reading"
    qtbot.keyClicks(screen.step_widget.edit, "12345")
    qtbot.keyClick(screen.step_widget.edit, Qt.Key.Key_Return)  # Enter on a valid answer = Next

    assert screen.run.current.id == "check"
    assert GOOD_EAN in screen.text.text()
    assert "12345 kWh" in screen.text.text()  # #23: as typed, never grouped
    click(qtbot, screen.next_button)

    # The website beside the guide; the real site is not reachable from a test.
    assert screen.run.current.id == "website"
    browser = screen.step_widget.browser
    assert browser.isVisible()
    assert screen.text.isVisible()
    assert browser.width() > screen.scroll_area.width()  # the site gets the larger part
    qtbot.waitUntil(lambda: browser.showing_offline_page, timeout=30_000)
    assert "www.fluvius.be:443" in proxy_requests
    assert GOOD_EAN in screen.text.text()
    # The site was never reached: Next ends the task as not done, never on to "done" (#23).
    click(qtbot, screen.next_button)
    assert screen.end.heading.text() == "Not done yet"
    assert "Try again later, or ask a volunteer" in screen.end.text.text()
    assert screen.run.current.id == "website"
    for folder in (screens_dir(), Path("/work/notes/shots/23")):
        if branch == 0 and folder is not None and folder.is_dir():
            kiosk.window.grab().save(str(folder / "website-unreachable-not-done.png"))
    qtbot.waitUntil(lambda: bool(recorded), timeout=20_000)
    assert screen.run.answers == {}  # wiped at the end of the run
    click(qtbot, screen.end.leave)
    assert kiosk.window.current_screen_name == HOME

    runs = stored_runs(kiosk, qtbot)
    assert len(runs) == 1
    run = runs[0]
    assert run.guide_id == "meter-reading"
    assert run.ended == RunEnd.NOT_DONE
    assert run.last_step == "website"
    assert run.language == "en"
    branch_step = ("read-digital", "read-analogue")[branch]
    assert run.steps[:5] == (
        "start",
        "ready",
        "meter-type",
        ("read-digital", "read-analogue")[other],
        "meter-type",
    )
    assert branch_step in run.steps
    payload = repr(run.to_payload())
    assert GOOD_EAN not in payload
    assert "12345" not in payload
    assert BAD_EAN not in payload
    i18n.set_language("nl")


def test_the_proof_after_the_website_is_printed(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The proof step, as after a website that answered: answers, a QR code, and a PDF
    because this machine has no printer; then "Finish" completes the run."""
    kiosk = make_kiosk()
    kiosk.window.apply_language("en")
    flow = flow_of(kiosk)
    recorded: list[object] = []
    flow.run_recorded.connect(recorded.append)
    guide = flow.load_guide("meter-reading")
    assert guide is not None
    screen = flow.start_guide(guide)
    path = ("start", "ready", "meter-type", "read-digital", "ask-ean", "ask-reading", "check")
    path += ("website", "proof")
    screen.run.follow(path, {"ean": GOOD_EAN, "reading": 12345})
    assert screen.run.current.id == "proof"
    screen.show_step()
    summary = screen.step_widget
    shown = [(label.text(), value.text()) for label, value in summary.answer_labels]
    assert shown == [("EAN code", GOOD_EAN), ("Meter reading", "12345 kWh")]
    assert not summary.qr_image.pixmap().isNull()
    assert summary.qr_image.accessibleName() == "QR code with your answers"  # not an unnamed image
    assert GOOD_EAN in summary.qr_text
    click(qtbot, summary.print_button)
    pdf = summary.last_print.pdf
    assert pdf is not None
    assert pdf.parent == kiosk.paths.session_dir
    assert "ask a volunteer to print it" in summary.print_status.text()
    text = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Submit your meter reading" in text
    assert GOOD_EAN in text
    assert "12345 kWh" in text  # #23: as typed
    assert str(date.today().year) in text

    assert screen.next_button.text() == "Finish"
    click(qtbot, screen.next_button)
    assert screen.end.heading.text() == "Well done! You have finished this task."
    qtbot.waitUntil(lambda: bool(recorded), timeout=20_000)
    runs = stored_runs(kiosk, qtbot)
    assert [run.ended for run in runs] == [RunEnd.COMPLETED]
