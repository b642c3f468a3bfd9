"""The scan screen: hold a letter's QR code to the camera, or pick a scan or photo.

With a camera: a live (greyscale) viewfinder, the guidance "hold the letter about 20 cm from the
camera", and a clear "Code found" when a code is read. Without one (the common case): the screen
says so and offers the files of the scan folder and USB sticks in a small list of its own; there
is no general file dialog. The list follows the folders while it is shown (a new scan or a USB
stick put in appears by itself). Emits `codes_read(list[DecodedCode])` or `cancelled()`.
The model (`kiosk.qr.scan.ScanSources`) comes through the constructor.

`embedded=True` is the form a guide's `qr_scan` step shows beside its text: no title and no
margins of its own, a smaller viewfinder, no way "back" out of it (the guide has its Back), and
without a camera it opens straight on the list of files. `reset()` makes it scan again;
`release()` stops the camera and lets go of the shared camera path for good.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QHideEvent, QImage, QPixmap, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import _, clock_time, locale_name
from kiosk.qr.decode import DecodedCode
from kiosk.qr.errors import QrError
from kiosk.qr.scan import ScanSources
from kiosk.ui.shell.theme import Theme

#: How long "Code found" stays on screen before the result appears.
SUCCESS_PAUSE_MS = 700
#: How often the file list looks for new scans and USB sticks while it is shown.
REFRESH_MS = 2000
VIEWFINDER = QSize(640, 360)
EMBEDDED_VIEWFINDER = QSize(320, 180)


class QrScanScreen(QWidget):
    codes_read = Signal(list)
    cancelled = Signal()

    def __init__(
        self,
        theme: Theme,
        sources: ScanSources,
        parent: QWidget | None = None,
        *,
        embedded: bool = False,
    ):
        super().__init__(parent)
        self.setObjectName("Screen")
        self._theme = theme
        self._sources = sources
        self._embedded = embedded
        self._found: list[DecodedCode] | None = None
        self._listening = False  # connected to the decoder's signals
        self._build_timers()
        layout = QVBoxLayout(self)
        if embedded:
            layout.setContentsMargins(0, 0, 0, 0)
        else:
            layout.setContentsMargins(40, 30, 40, 30)
        layout.setSpacing(18)
        self._title = _label("title")
        self._title.setVisible(not embedded)
        layout.addWidget(self._title)
        self._pages = QStackedWidget(self)
        layout.addWidget(self._pages, 1)
        self._camera_page = self._build_camera_page()
        self._none_page = self._build_none_page()
        self._file_page = self._build_file_page()
        for page in (self._camera_page, self._none_page, self._file_page):
            self._pages.addWidget(page)
        layout.addLayout(self._build_buttons())
        self._show_first_page()
        self.retranslate_ui()

    # -- the parts, built once -----------------------------------------------------------------

    def _build_timers(self) -> None:
        """The pause after "Code found", and the file list's refresh while it is shown."""
        self._emit_timer = QTimer(self)
        self._emit_timer.setSingleShot(True)
        self._emit_timer.setInterval(SUCCESS_PAUSE_MS)
        self._emit_timer.timeout.connect(self._emit_found)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(REFRESH_MS)
        self._refresh_timer.timeout.connect(self.refresh_files)

    def _build_camera_page(self) -> QWidget:
        """The viewfinder, what to do, and how the reading goes."""
        page = QWidget()
        camera = QVBoxLayout(page)
        camera.setContentsMargins(0, 0, 0, 0)
        self.viewfinder = QLabel()
        self.viewfinder.setObjectName("Viewfinder")
        self.viewfinder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        if self.has_camera or not self._embedded:  # no room kept for a missing camera
            self.viewfinder.setMinimumSize(EMBEDDED_VIEWFINDER if self._embedded else VIEWFINDER)
        self.viewfinder.setStyleSheet("background: #202020;")
        camera.addWidget(self.viewfinder, 1, Qt.AlignmentFlag.AlignHCenter)
        self.guidance = _label()
        camera.addWidget(self.guidance)
        self.status = _label("heading")
        camera.addWidget(self.status)
        return page

    def _build_none_page(self) -> QWidget:
        """What a kiosk without a camera says."""
        page = QWidget()
        none = QVBoxLayout(page)
        self._no_camera = _label("heading")
        self._no_camera_hint = _label()
        none.addWidget(self._no_camera)
        none.addWidget(self._no_camera_hint)
        none.addStretch(1)
        return page

    def _build_file_page(self) -> QWidget:
        """The session's scans and the USB sticks' files, to read a code from."""
        theme = self._theme
        page = QWidget()
        files = QVBoxLayout(page)
        files.setContentsMargins(0, 0, 0, 0)
        self.files_note = _label("muted")
        self.files_note.setVisible(not self.has_camera)
        files.addWidget(self.files_note)
        self._files_heading = _label("heading")
        files.addWidget(self._files_heading)
        self.file_list = QListWidget()
        self.file_list.setFont(theme.font(20))
        self.file_list.setSpacing(6)
        self.file_list.setMinimumHeight(max(100, theme.pt(100)))
        self.file_list.itemActivated.connect(self._on_read_file)
        self.file_list.installEventFilter(self)  # the chosen file "focused" only with the focus
        files.addWidget(self.file_list, 1)
        self._no_files = _label("muted")
        files.addWidget(self._no_files)
        self.file_error = _label("error")
        self.file_error.hide()
        files.addWidget(self.file_error)
        self.file_found = _label("heading")
        self.file_found.setStyleSheet(f"color: {theme.palette.success};")
        self.file_found.hide()
        files.addWidget(self.file_found)
        return page

    def _build_buttons(self) -> QHBoxLayout:
        """Back on one side, the main action (read, or choose a file) on the other."""
        buttons = QHBoxLayout()
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self._on_back)
        self.pick_button = QPushButton()
        self.pick_button.setProperty("role", "primary")
        self.pick_button.clicked.connect(self._on_pick)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.pick_button)
        return buttons

    def _show_first_page(self) -> None:
        """The camera when there is one; else the files (beside a step) or "no camera"."""
        decoder = self._sources.decoder
        if decoder is not None:
            decoder.preview_updated.connect(self._on_preview)
            decoder.codes_found.connect(self._on_codes_found)
            self._listening = True
            self._pages.setCurrentWidget(self._camera_page)
        elif self._embedded:
            self.show_files()
        else:
            self._pages.setCurrentWidget(self._none_page)

    @property
    def has_camera(self) -> bool:
        return self._sources.decoder is not None

    @property
    def showing_files(self) -> bool:
        return self._pages.currentWidget() is self._file_page

    def instructions(self) -> str:
        """What the visible page asks the resident to do (for reading aloud)."""
        if self.showing_files:
            parts = [self.files_note.text() if not self.has_camera else ""]
            parts.append(self._files_heading.text())
            if self.file_list.count() == 0:
                parts.append(self._no_files.text())
            parts.append(self.file_error.text())
        elif self.has_camera:
            parts = [self.guidance.text(), self.status.text()]
        else:
            parts = [self._no_camera.text(), self._no_camera_hint.text()]
        return "\n".join(part for part in parts if part)

    def retranslate_ui(self) -> None:
        self._title.setText(_("Read a QR code"))
        self.guidance.setText(
            _("Hold the letter about 20 cm from the camera, with the code in the middle.")
        )
        if self._found:
            self.status.setText("✔ " + _("Code found!"))
        else:
            self.status.setText(_("Looking for a code…"))
        self.file_found.setText("✔ " + _("Code found!"))
        self._no_camera.setText(_("This computer has no camera."))
        self._no_camera_hint.setText(
            _("You can read the code from a scan or a photo of your letter instead.")
        )
        self.files_note.setText(
            _("This computer has no camera.")
            + " "
            + _("You can read the code from a scan or a photo of your letter instead.")
        )
        self._files_heading.setText(_("Pick a scan or photo"))
        self._no_files.setText(
            _("There is no scan or photo yet. Scan your letter, or put in your USB stick.")
            + "\n"
            + _("The scanner saves into this folder: {folder}").format(
                folder=str(self._sources.scans)
            )
        )
        self.back_button.setText(_("Back"))
        self.file_list.setAccessibleName(_("Scans and photos"))
        self._update_buttons()

    # --- camera -------------------------------------------------------------------------------
    def activate(self) -> None:
        """Start the camera path (called when the screen is shown)."""
        if self._found is None and self._pages.currentWidget() is self._camera_page:
            self._sources.start_camera()

    def deactivate(self) -> None:
        self._sources.stop_camera()

    def reset(self) -> None:
        """Scan again: forget the code found and go back to the camera (or the file list)."""
        self._emit_timer.stop()
        self._found = None
        self.status.setStyleSheet("")
        self._file_problem("")
        self.file_found.hide()
        if self.has_camera:
            self._pages.setCurrentWidget(self._camera_page)
        elif self._embedded:
            self.show_files()
        else:
            self._pages.setCurrentWidget(self._none_page)
        self.retranslate_ui()
        if self.isVisible():
            self.activate()

    def release(self) -> None:
        """Stop the camera and every timer, and stop listening to the (shared) camera path."""
        self._emit_timer.stop()
        self._refresh_timer.stop()
        self.deactivate()
        decoder = self._sources.decoder
        if decoder is not None and self._listening:
            self._listening = False
            decoder.preview_updated.disconnect(self._on_preview)
            decoder.codes_found.disconnect(self._on_codes_found)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._refresh_timer.start()
        self.activate()

    def hideEvent(self, event: QHideEvent) -> None:
        self._refresh_timer.stop()
        self.deactivate()
        super().hideEvent(event)

    def _on_preview(self, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image)
        self.viewfinder.setPixmap(
            pixmap.scaled(self.viewfinder.size(), Qt.AspectRatioMode.KeepAspectRatio)
        )

    def _on_codes_found(self, codes: list[DecodedCode]) -> None:
        if self._found is not None or not self.isVisible():
            return
        self._sources.stop_camera()
        self._finish(codes)

    def _finish(self, codes: list[DecodedCode]) -> None:
        self._found = codes
        self.status.setText("✔ " + _("Code found!"))
        self.status.setStyleSheet(f"color: {self._theme.palette.success};")
        if self._pages.currentWidget() is self._file_page:
            if self._embedded:
                self.file_found.show()
            else:
                on_camera = self.has_camera
                self._pages.setCurrentWidget(self._camera_page if on_camera else self._none_page)
                self._no_camera_hint.setText("✔ " + _("Code found!"))
        self._emit_timer.start()

    def _emit_found(self) -> None:
        if self._found is not None:
            self.codes_read.emit(self._found)

    # --- files --------------------------------------------------------------------------------
    def _on_pick(self) -> None:
        if self._pages.currentWidget() is self._file_page:
            self._on_read_file()
            return
        self.show_files()

    def show_files(self) -> None:
        self._sources.stop_camera()
        self.file_list.clear()
        self._file_problem("")
        self._fill_files()
        if self.file_list.count():
            self.file_list.setCurrentRow(0)
        self._pages.setCurrentWidget(self._file_page)
        self._update_buttons()

    def refresh_files(self) -> None:
        """Show new scans and USB sticks (and drop what is gone), keeping the chosen file."""
        if not self.showing_files or self._found is not None:
            return
        shown = [self._item_path(i) for i in range(self.file_list.count())]
        if [entry.path for entry in self._sources.list_files()] == shown:
            return
        current = self._chosen_item()
        chosen = Path(current.data(Qt.ItemDataRole.UserRole)) if current is not None else None
        self.file_list.clear()
        self._fill_files()
        row = next((i for i in range(self.file_list.count()) if self._item_path(i) == chosen), 0)
        if self.file_list.count():
            self.file_list.setCurrentRow(row)
        self._update_buttons()

    def _fill_files(self) -> None:
        for entry in self._sources.list_files():
            place = _("Scan") if entry.place == "scans" else _("USB stick")
            # The location's time, never the PC's zone (a kiosk PC set to UTC).
            moment = datetime.datetime.fromtimestamp(entry.modified, tz=datetime.UTC)
            when = clock_time(moment, locale_name())
            item = QListWidgetItem(f"{entry.path.name}   ·   {place}   ·   {when}")
            item.setData(Qt.ItemDataRole.UserRole, str(entry.path))
            item.setSizeHint(QSize(0, max(56, self._theme.pt(56))))
            self.file_list.addItem(item)
        self._no_files.setVisible(self.file_list.count() == 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Qt tells screen readers the list's current item is focused, with or without the
        focus: a second focused node beside the focused button, even with the list hidden.
        So the list has a current item only while it has the focus; the chosen file stays
        selected (and drawn so) and becomes current again when the focus comes back."""
        if watched is self.file_list:
            kind = event.type()
            # later, never inside Qt's own focus and key handling (the list may be reading
            # its current item right then: clearing it there crashed the kiosk with AT-SPI on)
            if kind == QEvent.Type.FocusOut:
                QTimer.singleShot(0, self._drop_current)
            elif kind == QEvent.Type.FocusIn:
                QTimer.singleShot(0, self._restore_current)
        return super().eventFilter(watched, event)

    def _drop_current(self) -> None:
        if not self.file_list.hasFocus() and self.file_list.currentItem() is not None:
            self.file_list.selectionModel().setCurrentIndex(
                QModelIndex(), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def _restore_current(self) -> None:
        chosen = self._chosen_item()
        if self.file_list.hasFocus() and chosen is not None:
            self.file_list.setCurrentItem(chosen)

    def _chosen_item(self) -> QListWidgetItem | None:
        """The file chosen: the current item, else the selected one (see `eventFilter`)."""
        current = self.file_list.currentItem()
        if current is not None:
            return current
        selected = self.file_list.selectedItems()
        return selected[0] if selected else None

    def _item_path(self, row: int) -> Path:
        return Path(self.file_list.item(row).data(Qt.ItemDataRole.UserRole))

    def _on_read_file(self, _item: QListWidgetItem | None = None) -> None:
        item = self._chosen_item()
        if item is None or self._found is not None:
            return
        path = Path(item.data(Qt.ItemDataRole.UserRole))
        try:
            codes = self._sources.read_file(path)
        except QrError:
            self._file_problem(
                _("This file could not be read. Pick another one, or ask a volunteer.")
            )
            return
        if not codes:
            self._file_problem(
                _("There is no code in this file. Pick another one, or scan the letter again.")
            )
            return
        self._file_problem("")
        self._finish(codes)

    def _file_problem(self, text: str) -> None:
        self.file_error.setText(text)
        self.file_error.setVisible(bool(text))

    def _on_back(self) -> None:
        if self._pages.currentWidget() is self._file_page:
            self._pages.setCurrentWidget(self._camera_page if self.has_camera else self._none_page)
            self._update_buttons()
            if self.has_camera and self.isVisible():
                self.activate()
            return
        self.deactivate()
        self.cancelled.emit()

    def _update_buttons(self) -> None:
        on_files = self._pages.currentWidget() is self._file_page
        self.pick_button.setText(_("Read this file") if on_files else _("Pick a scan or photo"))
        self.pick_button.setEnabled(not on_files or self.file_list.count() > 0)
        # Embedded in a guide step, "back" only leads from the files to the camera.
        self.back_button.setVisible(not self._embedded or (on_files and self.has_camera))


def _label(role: str | None = None) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    return label
