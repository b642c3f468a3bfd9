"""The `qr_scan` step: the QR reader beside the step text, and what the code says.

The wide side area (where a web step shows its website) holds the scan screen
(`kiosk.ui.screens.qr_scan`, embedded: the camera's viewfinder, or the list of scans and USB
files when there is no camera). When a code is read and its kind is one the guide `expect`s,
the side shows the result cards (`kiosk.ui.screens.qr_result`) with their warnings, the plain
sentence of the code is stored in the step's field (`{code}` in a later step shows it) and
Next goes on. A code of another kind is refused with one plain sentence, and the reader scans
again; nothing is stored. "Read another code" scans again.

A web address gets an "Open" button only when its host is in the guide's `allowed_sites` (the
same exact-host rule as `kiosk.ui.browser.page.SitePolicy`, which is not imported here: it would
load QtWebEngine for a string comparison); it opens in the guarded browser of the session.

The decoded codes are kept in `StepMemory.scanned` (memory only), so Back and Next show the same
result. The camera stops when the step is left (`dispose`), and the kiosk's `ScanSources` comes
from `GuideServices.scan_sources`; without it, the step says it is not available here, as
before. Skipping and asking a volunteer stay possible.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.guide import QrScanStep
from kiosk.i18n import _
from kiosk.qr.answer import accepted, answer_text, refusal, warned
from kiosk.ui.steps.base import StepWidget
from kiosk.ui.widgets.announce import announce
from kiosk.ui.widgets.reading_area import ReadingArea

if TYPE_CHECKING:
    from kiosk.qr.decode import DecodedCode
    from kiosk.qr.scan import ScanSources
    from kiosk.ui.browser.view import GuardedBrowser
    from kiosk.ui.screens.qr_result import QrResultScreen
    from kiosk.ui.screens.qr_scan import QrScanScreen


class _SidePanel(ReadingArea):
    """The side area: scrolls when the text is large, with "More below" when there is more (a
    code shown bigger at 200 % on a low screen); asks for little height of its own (a scroll
    area's default minimum, its scroll bar's, would squeeze the guide's title and buttons at
    200 %)."""

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), 2 * self.fontMetrics().height())

    def _on_range_changed(self, minimum: int, maximum: int) -> None:
        super()._on_range_changed(minimum, maximum)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its controls are the Tab stops


class QrScanStepWidget(StepWidget):
    def build(self) -> None:
        assert isinstance(self.step, QrScanStep)
        self.field = self.step.field
        self.result: QrResultScreen | None = None  # once a code is read
        self.browser: GuardedBrowser | None = None  # once a website is opened
        self.scanner: QrScanScreen | None = None  # when this kiosk has a QR reader
        self._refused: list[DecodedCode] = []  # the codes of the last refusal
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(16)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.hide()
        layout.addWidget(self.status)
        self.unavailable = QLabel(self)
        self.unavailable.setProperty("role", "warning")
        self.unavailable.setWordWrap(True)
        layout.addWidget(self.unavailable)
        self.volunteer = QPushButton(self)
        self.volunteer.clicked.connect(self.handed_off)
        self.skip = QPushButton(self)
        self.skip.clicked.connect(self._on_skip)

        self.panel: _SidePanel | None = None
        make_sources = self.services.scan_sources
        # Under the step text; at larger text that column is too narrow for them: beside.
        beside = make_sources is not None and self.theme.scale > 1.0
        if not beside:
            for button in (self.volunteer, self.skip):
                layout.addWidget(button)
        if make_sources is None:
            self.volunteer.setProperty("role", "primary")
            return
        self.unavailable.hide()
        self._build_panel(make_sources(), beside)

    def _build_panel(self, sources: ScanSources, beside: bool) -> None:
        """The side: the reader (or the result), and the ways on without it when `beside`."""
        from kiosk.ui.screens.qr_scan import QrScanScreen

        self.panel = _SidePanel()
        self.panel.setWidgetResizable(True)
        self.panel.setFrameShape(QFrame.Shape.NoFrame)
        self.panel.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.panel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        inside = QWidget()
        inside.setObjectName("Screen")
        side = QVBoxLayout(inside)
        side.setContentsMargins(12, 0, 12, 0)  # room from the scroll bar on either side (RTL)
        side.setSpacing(12)
        self.notice = QLabel(inside)
        self.notice.setProperty("role", "warning")
        self.notice.setWordWrap(True)
        self.notice.hide()
        side.addWidget(self.notice)
        self.pages = QStackedWidget(inside)
        side.addWidget(self.pages, 1)
        self.scanner = QrScanScreen(self.theme, sources, self.pages, embedded=True)
        self.scanner.codes_read.connect(self._on_codes_read)
        self.pages.addWidget(self.scanner)
        if beside:
            for button in (self.volunteer, self.skip):
                button.setParent(inside)
                side.addWidget(button, 0, Qt.AlignmentFlag.AlignLeading)
        self.panel.setWidget(inside)
        codes = self.memory.scanned.get(self.field)
        if codes and self.field in self.run.answers:
            self._show_result(codes)

    # -- state -------------------------------------------------------------------------------

    @property
    def _reader(self) -> QrScanScreen:
        """The QR reader: it exists whenever the side panel does."""
        assert self.scanner is not None
        return self.scanner

    @property
    def showing_result(self) -> bool:
        return self.result is not None and self.pages.currentWidget() is not self.scanner

    @property
    def notice_text(self) -> str:
        return self.notice.text() if self.panel is not None and not self.notice.isHidden() else ""

    def is_complete(self) -> bool:
        return self.showing_result and self.run.can_advance()

    def missing(self) -> str:
        return _("Show the code to the camera first, or choose another way on this page.")

    @property
    def shows_next(self) -> bool:  # type: ignore[override]
        return self.panel is not None

    def side_widget(self) -> QWidget | None:
        return self.panel

    def spoken_text(self) -> str:
        if self.panel is None:
            return self.unavailable.text()
        if self.result is not None and self.showing_result:
            return "\n".join((self.result.spoken_text(), self.status.text()))
        return "\n".join(part for part in (self.notice_text, self._reader.instructions()) if part)

    # -- reading -----------------------------------------------------------------------------

    def _on_codes_read(self, codes: list[DecodedCode]) -> None:
        assert isinstance(self.step, QrScanStep)
        if self.run.finished:
            return
        kept = accepted(codes, self.step.expect)
        if not kept:
            self._refused = codes
            self._say_refusal()
            self.notice.show()
            self._reader.reset()
            return
        self._refused = []
        self.notice.hide()
        self.memory.scanned[self.field] = kept
        self._store(kept)
        self._show_result(kept)

    def _say_refusal(self) -> None:
        assert isinstance(self.step, QrScanStep)
        self.notice.setText(refusal(self._refused, self.step.expect, self.run.language))

    def _store(self, codes: list[DecodedCode]) -> None:
        text = answer_text(codes, self.run.language, self.services.country)
        self.run.set_answer(self.field, text, warned=warned(codes, self.services.country))

    def _show_result(self, codes: list[DecodedCode]) -> None:
        from kiosk.ui.screens.qr_result import QrResultScreen

        self._drop_result()
        self.result = QrResultScreen(
            self.theme,
            codes,
            url_allowed=self.url_allowed,
            country=self.services.country,
            parent=self.pages,
            embedded=True,
        )
        self.result.rescan_requested.connect(self.scan_again)
        self.result.open_url_requested.connect(self.open_url)
        self.pages.addWidget(self.result)
        self.pages.setCurrentWidget(self.result)
        if self.volunteer.window() is self.result.window():  # the buttons are beside, too
            QWidget.setTabOrder(self.result.done_button, self.volunteer)
            QWidget.setTabOrder(self.volunteer, self.skip)
        self._update()
        self.changed.emit()
        announce(self.result, self.result.spoken_text())  # what the code says, read at once

    def _drop_result(self) -> None:
        result, self.result = self.result, None
        if result is not None:
            self.pages.removeWidget(result)
            result.deleteLater()

    def scan_again(self) -> None:
        """Back to the reader (the answer read before stays until a new code replaces it)."""
        self._refused = []
        self.notice.hide()
        self.pages.setCurrentWidget(self._reader)
        self._reader.reset()
        self._update()
        self.changed.emit()

    # -- websites ----------------------------------------------------------------------------

    def url_allowed(self, host: str) -> bool:
        """Only the exact hosts of the guide's `allowed_sites` (as `SitePolicy` allows them)."""
        allowed = {site.lower().rstrip(".") for site in self.run.guide.allowed_sites}
        return host.lower().rstrip(".") in allowed

    def open_url(self, url: str) -> None:
        """Show the website in the session's guarded browser, in place of the result."""
        if self.browser is None:
            from kiosk.ui.browser.view import GuardedBrowser, SitePolicy

            policy = SitePolicy(self.run.guide.allowed_sites, self.services.allow_insecure_hosts)
            self.site_page = QWidget(self.pages)
            column = QVBoxLayout(self.site_page)
            column.setContentsMargins(0, 0, 0, 0)
            self.back_to_code = QPushButton(self.site_page)
            self.back_to_code.clicked.connect(self._back_to_code)
            column.addWidget(self.back_to_code)
            self.browser = GuardedBrowser(self.services.web_session(), policy, self.site_page)
            column.addWidget(self.browser, 1)
            self.pages.addWidget(self.site_page)
            self.retranslate_ui()
        self.browser.load(url)
        self.pages.setCurrentWidget(self.site_page)

    def _back_to_code(self) -> None:
        if self.result is not None:
            self.pages.setCurrentWidget(self.result)

    # -- the rest ----------------------------------------------------------------------------

    def _on_skip(self) -> None:
        self.run.set_answer(self.field, _("No code was read."))
        self.advance_requested.emit()

    def _update(self) -> None:
        reading = self.panel is not None and self.showing_result
        self._update_status()
        self.status.setVisible(reading)
        self.skip.setVisible(not reading)

    @property
    def warned(self) -> bool:
        """Whether the code read carries a warning (then no green "all fine" beside it)."""
        return self.result is not None and bool(self.result.warning_labels)

    def _update_status(self) -> None:
        """Green "read, press Next" for a code without warnings; beside a warning, a plain
        sentence that sends the resident to the warning first."""
        if self.warned:
            self.status.setText(
                _("Read the warning before you go on. If you are not sure, ask a volunteer.")
            )
            self.status.setStyleSheet("font-weight: bold;")
        else:
            self.status.setText("✔ " + _("The code is read. Press Next to go on."))
            self.status.setStyleSheet(f"color: {self.theme.palette.success}; font-weight: bold;")

    def retranslate_ui(self) -> None:
        self.unavailable.setText(
            _(
                "This step is not available on this computer yet. You can skip it, "
                "or a volunteer can do it with you."
            )
        )
        self.volunteer.setText(_("Ask a volunteer"))
        self.skip.setText(_("Skip this step"))
        self._update_status()
        if self.panel is None:
            return
        # the big code ("Show bigger") is taller than the side: then its scroll bar shows
        self.panel.verticalScrollBar().setAccessibleName(_("Scroll the QR code reader"))
        self._reader.retranslate_ui()
        if self.browser is not None:
            self.back_to_code.setText(_("Back to the code"))
            self.browser.retranslate_ui()
        codes = self.memory.scanned.get(self.field)
        if self.result is not None and codes and not self.run.finished:
            self._store(codes)  # the sentence in the language now shown
            self.result.retranslate_ui()
        if self._refused:
            self._say_refusal()
        self._update()

    def dispose(self) -> None:
        if self.scanner is not None:
            self.scanner.release()
        if self.panel is not None:
            self.panel.deleteLater()  # the guide screen only takes it out of its layout
        if self.browser is not None:
            self.browser.dispose()
            self.browser.deleteLater()
            self.browser = None
