"""The `qr_scan` step reads a real code: the shipped read-qr-code guide from its home tile with
real PNG files in the kiosk's scan folder, a refused kind, a file without a code, web addresses
and the allowed sites, Back/Next, the camera path (synthetic frames through a real QVideoSink)
stopped when the step is left and at a reset, and a record without the answer."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoSink

from kiosk.domain.guide import Guide, InfoStep, QrScanStep
from kiosk.domain.records import RunEnd
from kiosk.qr.camera import FrameDecoder
from kiosk.qr.scan import ScanSources
from kiosk.ui.a11y import order_findings, tab_order
from kiosk.ui.shell.main_window import HOME
from kiosk.ui.steps.qr_scan import QrScanStepWidget
from tests.support.screens import screens_dir
from tests.ui.flows.guides.conftest import PLATFORM_NOISE
from tests.ui.flows.guides.support import click, current_screen, flow_of, stored_runs
from tests.ui.screens.qr.frames import FLUVIUS_TEXT, code_image, letter_frame

pytestmark = PLATFORM_NOISE

PAYMENT = (
    "This is a payment request: pay €45.20 to Fluvius System Operator, "
    "account BE71 0961 2345 6769, with reference +++090/9337/55493+++"
)
WIFI = "WIFI:T:WPA;S:Bibliotheek Gast;P:lezen2025;;"


def put_file(folder: Path, name: str, data: str | None, mtime: float = 1_700_000_000) -> Path:
    """A real PNG in `folder`: the code of `data`, or a blank page for None."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if data is None:
        image = QImage(400, 300, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.white)
    else:
        image = code_image(data)
    assert image.save(str(path))
    os.utime(path, (mtime, mtime))
    return path


def with_reader(kiosk, decoder: FrameDecoder | None = None) -> Path:  # type: ignore[no-untyped-def]
    """Give the flow a reader on the kiosk's own scan folder (no USB sticks of this machine)."""
    flow = flow_of(kiosk)
    flow.speech_engine = "mock"
    scans = kiosk.paths.session_dir / "scans"
    scans.mkdir(parents=True, exist_ok=True)
    flow.qr_sources = ScanSources(decoder=decoder, scans=scans, usb_roots=())
    return scans


def to_scan_step(kiosk, qtbot):  # type: ignore[no-untyped-def]
    click(qtbot, kiosk.home.tile_button("read-qr-code"))
    screen = current_screen(kiosk)
    click(qtbot, screen.next_button)  # past the scope limit
    assert screen.run.current.id == "what-is-qr"
    click(qtbot, screen.next_button)
    assert screen.run.current.id == "scan"
    assert isinstance(screen.step_widget, QrScanStepWidget)
    return screen, screen.step_widget


def pick(qtbot, widget: QrScanStepWidget, name: str) -> None:  # type: ignore[no-untyped-def]
    files = widget.scanner.file_list
    rows = [i for i in range(files.count()) if files.item(i).text().startswith(name + " ")]
    assert rows, [files.item(i).text() for i in range(files.count())]
    files.setCurrentRow(rows[0])
    click(qtbot, widget.scanner.pick_button)  # "Read this file"


def test_the_read_qr_code_guide_reads_a_payment_scan(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    kiosk.window.apply_language("en")
    scans = with_reader(kiosk)
    put_file(scans, "letter.png", FLUVIUS_TEXT)
    flow = flow_of(kiosk)
    recorded: list[object] = []
    flow.run_recorded.connect(recorded.append)
    screen, widget = to_scan_step(kiosk, qtbot)

    # No camera here: the reader sits beside the text, on the list of scans.
    assert widget.side_widget() is widget.panel
    assert screen.side.isVisible()
    assert widget.scanner.isVisible()
    assert widget.scanner.showing_files
    assert widget.scanner.file_list.item(0).text().startswith("letter.png ")
    assert screen.next_button.isVisible()
    assert not screen.next_enabled
    assert "This computer has no camera." in screen.spoken_text()
    pick(qtbot, widget, "letter.png")
    qtbot.waitUntil(lambda: widget.showing_result, timeout=5000)

    shown = widget.result.summary_labels[0].text()
    # On screen the reference and the IBAN are joined by word joiners and no-break spaces so
    # they never break over two lines (#30); the answer and the spoken text are plain.
    assert "\u2060" in shown
    sentence = shown.replace("\u2060", "").replace("\xa0", " ")
    assert sentence.startswith(PAYMENT)
    assert screen.run.answers == {"code": sentence}
    assert screen.next_enabled
    assert widget.status.isVisible()
    assert not widget.skip.isVisible()
    assert sentence in screen.spoken_text()
    click(qtbot, screen.next_button)
    assert screen.run.current.id == "explain"
    assert f"<b>{sentence}</b>" in screen.text.text()

    # Back shows the same result, without reading again; Next goes on with the same answer.
    click(qtbot, screen.back_button)
    widget = screen.step_widget
    assert isinstance(widget, QrScanStepWidget)
    assert widget.showing_result
    assert widget.result.summary_labels[0].text() == shown
    assert screen.next_enabled
    click(qtbot, screen.next_button)
    assert f"<b>{sentence}</b>" in screen.text.text()

    click(qtbot, screen.next_button)
    assert screen.run.current.id == "safety"
    for box in screen.step_widget.boxes:
        box.click()
    click(qtbot, screen.next_button)
    click(qtbot, screen.step_widget.buttons[0])  # "No, it is clear"
    assert screen.run.current.id == "done"
    assert screen.step_widget.answer_labels[0][1].text() == sentence
    click(qtbot, screen.next_button)  # Finish
    qtbot.waitUntil(lambda: bool(recorded), timeout=20_000)
    assert screen.run.answers == {}
    runs = stored_runs(kiosk, qtbot)
    assert [(r.ended, r.last_step) for r in runs] == [(RunEnd.COMPLETED, "done")]
    stored = repr(runs[0].to_payload())
    for secret in ("BE71", "Fluvius", "45.20", "payment"):
        assert secret not in stored


def _guide(expect: tuple[str, ...] = (), allowed_sites: tuple[str, ...] = ()) -> Guide:
    return Guide(
        id="test-qr",
        version=1,
        category="money",
        languages=("en",),
        title={"en": "A code test"},
        summary={"en": "Only for tests."},
        steps=(
            QrScanStep(id="scan", text={"en": "Read the code."}, field="code", expect=expect),
            InfoStep(id="show", text={"en": "It says: {code}"}),
        ),
        allowed_sites=allowed_sites,
    )


def test_a_code_of_an_unexpected_kind_is_refused_and_the_reader_scans_again(
    make_kiosk, qtbot
) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    kiosk.window.apply_language("en")
    scans = with_reader(kiosk)
    put_file(scans, "wifi.png", WIFI)
    screen = flow_of(kiosk).start_guide(_guide(expect=("epc_payment",)))
    widget = screen.step_widget
    pick(qtbot, widget, "wifi.png")
    qtbot.waitUntil(lambda: widget.notice.isVisible(), timeout=5000)
    assert widget.notice.text() == (
        "This code holds a Wi-Fi network, not a payment. "
        "Read the right code on your letter, or ask a volunteer."
    )
    assert widget.notice.text() in screen.spoken_text()
    assert screen.run.answers == {}
    assert not widget.showing_result
    assert not screen.next_enabled
    assert widget.scanner.showing_files
    assert widget.scanner.pick_button.isEnabled()

    # A new scan appears in the list by itself; the right code is kept.
    put_file(scans, "bill.png", FLUVIUS_TEXT, mtime=1_800_000_000)
    qtbot.waitUntil(lambda: widget.scanner.file_list.count() == 2, timeout=10_000)
    assert widget.scanner.file_list.item(0).text().startswith("bill.png ")
    pick(qtbot, widget, "bill.png")
    qtbot.waitUntil(lambda: widget.showing_result, timeout=5000)
    assert not widget.notice.isVisible()
    assert str(screen.run.answers["code"]).startswith(PAYMENT)
    click(qtbot, screen.next_button)
    assert screen.text.text().startswith("<p>It says: This is a payment request")


def test_a_file_without_a_code_says_so_and_keeps_nothing(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    kiosk.window.apply_language("en")
    put_file(with_reader(kiosk), "blank.png", None)
    screen, widget = to_scan_step(kiosk, qtbot)
    pick(qtbot, widget, "blank.png")
    assert widget.scanner.file_error.text() == (
        "There is no code in this file. Pick another one, or scan the letter again."
    )
    assert screen.run.answers == {}
    assert not widget.showing_result
    assert not screen.next_enabled
    # Skipping stays possible; the next step then says that no code was read.
    click(qtbot, widget.skip)
    assert screen.run.current.id == "explain"
    assert "No code was read." in screen.text.text()


def test_an_empty_scan_folder_names_the_folder(make_kiosk, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    kiosk.window.apply_language("en")
    scans = with_reader(kiosk)
    _screen, widget = to_scan_step(kiosk, qtbot)
    if not widget.scanner.showing_files:
        click(qtbot, widget.scanner.pick_button)
    hint = widget.scanner._no_files
    assert hint.isVisible()
    assert f"The scanner saves into this folder: {scans}" in hint.text()
    if shots := screens_dir(tmp_path):
        kiosk.window.grab().save(str(shots / "qr-empty-scan-folder.png"))


def test_a_website_outside_the_guides_allowed_sites_gets_no_open_button(make_kiosk, qtbot) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    kiosk.window.apply_language("en")
    put_file(with_reader(kiosk), "link.png", "https://www.kbc.be/login")
    screen, widget = to_scan_step(kiosk, qtbot)
    assert screen.run.guide.allowed_sites == ()
    pick(qtbot, widget, "link.png")
    qtbot.waitUntil(lambda: widget.showing_result, timeout=5000)
    assert widget.result.open_buttons == []
    assert not widget.url_allowed("www.kbc.be")
    labels = [label.text() for label in widget.result.findChildren(type(widget.status))]
    assert "This website cannot be opened on this kiosk." in labels
    assert str(screen.run.answers["code"]).startswith("This is a link to a website: www.kbc.be.")
    assert widget.browser is None


def test_an_allowed_website_opens_in_the_guarded_browser(make_kiosk, qtbot, serve) -> None:  # type: ignore[no-untyped-def]
    site = serve({"/hello": "<html><body><h1>Hello</h1></body></html>"})
    kiosk = make_kiosk()
    kiosk.window.apply_language("en")
    put_file(with_reader(kiosk), "site.png", site.url("/hello"))
    flow = flow_of(kiosk)
    flow.allow_insecure_hosts = (site.host,)
    screen = flow.start_guide(_guide(allowed_sites=("127.0.0.1",)))
    widget = screen.step_widget
    pick(qtbot, widget, "site.png")
    qtbot.waitUntil(lambda: widget.showing_result, timeout=5000)
    assert widget.url_allowed("127.0.0.1")
    assert not widget.url_allowed("www.kbc.be")
    assert len(widget.result.open_buttons) == 1
    # The result's buttons joined the Tab order where they are read: before the bottom row.
    qtbot.waitUntil(lambda: not order_findings(kiosk.window), timeout=3000)
    order = tab_order(kiosk.window)
    assert order.index(widget.result.open_buttons[0]) < order.index(screen.help_button)
    click(qtbot, widget.result.open_buttons[0])
    qtbot.waitUntil(lambda: "/hello" in site.hits, timeout=20_000)
    assert widget.browser.isVisible()
    click(qtbot, widget.back_to_code)
    assert widget.result.isVisible()
    assert screen.next_enabled


@pytest.fixture
def camera(tmp_path: Path) -> Iterator[tuple[QVideoSink, FrameDecoder]]:
    sink = QVideoSink()
    decoder = FrameDecoder(sink, preview=True)
    yield sink, decoder
    decoder.stop()


def test_the_camera_runs_only_while_the_step_scans_and_a_reset_leaves_nothing(
    make_kiosk, qtbot, camera
) -> None:  # type: ignore[no-untyped-def]
    sink, decoder = camera
    kiosk = make_kiosk()
    kiosk.window.apply_language("en")
    with_reader(kiosk, decoder)
    flow = flow_of(kiosk)
    recorded: list[object] = []
    flow.run_recorded.connect(recorded.append)
    screen, widget = to_scan_step(kiosk, qtbot)
    assert widget.scanner.has_camera
    assert not widget.scanner.showing_files
    assert decoder.is_running()
    assert "20 cm" in screen.spoken_text()
    click(qtbot, screen.back_button)  # leaving the step stops the camera
    assert not decoder.is_running()
    click(qtbot, screen.next_button)
    widget = screen.step_widget
    assert decoder.is_running()

    sink.setVideoFrame(letter_frame(FLUVIUS_TEXT))
    qtbot.waitUntil(lambda: widget.showing_result, timeout=10_000)
    assert not decoder.is_running()  # scanning stops at the first code
    run = screen.run
    assert str(run.answers["code"]).startswith(PAYMENT)
    assert widget.result.rescan_button is not None
    click(qtbot, widget.result.rescan_button)  # "Read another code"
    assert decoder.is_running()
    assert not widget.showing_result

    report = kiosk.start_over("idle")  # mid-scan
    assert report.ok, report.failed
    assert "qr-camera" in kiosk.reset.action_names
    assert not decoder.is_running()
    assert run.answers == {}
    assert flow.screen is None
    assert flow.run is None
    assert kiosk.window.current_screen_name == HOME
    qtbot.waitUntil(lambda: bool(recorded), timeout=20_000)
    runs = stored_runs(kiosk, qtbot)
    assert [(r.ended, r.last_step) for r in runs] == [(RunEnd.ABANDONED, "scan")]
    assert "BE71" not in repr(runs[0].to_payload())


def test_the_reader_is_built_once_on_first_use_with_the_kiosks_paths(make_kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk = make_kiosk()
    flow = flow_of(kiosk)
    assert flow.qr_sources is None  # nothing of the QR reader at start-up
    sources = flow.scan_sources()
    assert isinstance(sources, ScanSources)
    assert sources.scans == kiosk.paths.session_dir / "scans"
    assert sources.lists is not None
    assert "bit.ly" in sources.lists.shorteners
    assert flow.scan_sources() is sources


def test_starting_the_kiosk_does_not_load_the_qr_reader(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from kiosk.app import build_kiosk\n"
        "from kiosk.config import Settings\n"
        "from kiosk.paths import home_paths\n"
        f"kiosk = build_kiosk(Settings(), home_paths(Path({str(tmp_path)!r})), open_store=False)\n"
        "loaded = [m for m in sys.modules if 'QtMultimedia' in m or m.startswith('kiosk.qr')]\n"
        "kiosk.shutdown()\n"
        "print(loaded)\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KIOSK_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


LONG_CODE = "https://fluvius.be.meter-check.com/\x1b[31mpay" + "x" * 40


def test_a_long_code_wraps_and_never_makes_the_window_wider_than_the_screen(  # type: ignore[no-untyped-def]
    make_kiosk, qtbot
) -> None:
    """A long unbroken web address in a code (stranger #23, 1366 -> 2648 pixels): every step of
    the QR guide wraps it, no widget asks for more than the screen, and a reset keeps the size."""
    kiosk = make_kiosk()
    kiosk.window.apply_language("nl")
    scans = with_reader(kiosk)
    put_file(scans, "letter.png", LONG_CODE)
    size = kiosk.window.size()
    screen, widget = to_scan_step(kiosk, qtbot)
    pick(qtbot, widget, "letter.png")
    qtbot.waitUntil(lambda: widget.showing_result, timeout=5000)

    def fits(where: str) -> None:
        qtbot.wait(50)
        assert kiosk.window.minimumSizeHint().width() <= size.width(), where
        assert kiosk.window.size() == size, where

    fits("result")
    click(qtbot, screen.next_button)
    assert screen.run.current.id == "explain"
    fits("explain")
    click(qtbot, screen.next_button)
    for box in screen.step_widget.boxes:
        box.click()
    click(qtbot, screen.next_button)
    fits("doubt")
    click(qtbot, screen.step_widget.buttons[0])  # "Yes, I know the sender"
    assert screen.run.current.id == "done"
    fits("done")
    kiosk.start_over("test")
    qtbot.waitUntil(lambda: kiosk.window.current_screen_name == HOME, timeout=5000)
    fits("home after a reset")


def test_a_warned_code_is_never_offered_for_scanning_and_stopping_is_not_done(  # type: ignore[no-untyped-def]
    make_kiosk, qtbot
) -> None:
    """Stranger #23: a code with a warning keeps it on every later step, the last step shows no
    QR code to scan, and "I stop here" ends the run abandoned with a neutral end page, never
    "Well done! You have finished this task."."""
    kiosk = make_kiosk()
    kiosk.window.apply_language("en")
    scans = with_reader(kiosk)
    put_file(scans, "letter.png", LONG_CODE)
    flow = flow_of(kiosk)
    recorded: list[object] = []
    flow.run_recorded.connect(recorded.append)
    screen, widget = to_scan_step(kiosk, qtbot)
    pick(qtbot, widget, "letter.png")
    qtbot.waitUntil(lambda: widget.showing_result, timeout=5000)
    assert widget.result.warning_labels
    assert screen.run.warned == {"code"}
    click(qtbot, screen.next_button)
    assert screen.run.current.id == "explain"
    assert "⚠" in screen.text.text()
    click(qtbot, screen.next_button)
    for box in screen.step_widget.boxes:
        box.click()
    click(qtbot, screen.next_button)
    click(qtbot, screen.step_widget.buttons[0])  # "Yes, I know the sender"
    assert screen.run.current.id == "done"
    summary = screen.step_widget
    assert "⚠" in summary.answer_labels[0][1].text()
    assert summary.qr_image.isHidden()
    assert "Do not scan it" in summary.qr_caption.text()
    assert "Scan" not in screen.text.text()

    click(qtbot, screen.back_button)
    assert screen.run.current.id == "doubt"
    click(qtbot, screen.step_widget.buttons[1])  # "No, I don't know the sender"
    assert screen.run.current.id == "warning"
    click(qtbot, screen.step_widget.buttons[-1])  # "I will not pay with this code, I stop here"
    assert screen.run.ended == RunEnd.ABANDONED
    assert "finished" not in screen.end.heading.text()
    assert screen.end.heading.text() == "You stopped here. That was a good choice."
    qtbot.waitUntil(lambda: bool(recorded), timeout=20_000)
    runs = stored_runs(kiosk, qtbot)
    assert [(r.ended, r.last_step) for r in runs] == [(RunEnd.ABANDONED, "warning")]


def test_the_scan_list_shows_the_locations_time_not_the_pcs(  # type: ignore[no-untyped-def]
    make_kiosk, qtbot, monkeypatch
) -> None:
    """Stranger #23: with the PC on UTC a scan made at 17:26 UTC is listed at 18:26 (Brussels)."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        kiosk = make_kiosk()
        kiosk.window.apply_language("en")
        scans = with_reader(kiosk)
        # 2023-11-14 22:13:20 UTC is 23:13 in Brussels (CET).
        put_file(scans, "letter.png", WIFI, mtime=1_700_000_000)
        _screen, widget = to_scan_step(kiosk, qtbot)
        text = widget.scanner.file_list.item(0).text()
        assert text.endswith("23:13"), text
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
