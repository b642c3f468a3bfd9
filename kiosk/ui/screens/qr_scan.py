"""The scan screen: hold a letter's QR code to the camera, or pick a scan or photo.

With a camera: a live (greyscale) viewfinder, the guidance "hold the letter about 20 cm from the
camera", and a clear "Code found" when a code is read. Without one (the common case): the screen
says so and offers the files of the scan folder and USB sticks in a small list of its own; there
is no general file dialog. Emits `codes_read(list[DecodedCode])` or `cancelled()`.
The model (`kiosk.qr.scan.ScanSources`) comes through the constructor.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
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

from kiosk.i18n import _
from kiosk.qr.decode import DecodedCode
from kiosk.qr.errors import QrError
from kiosk.qr.scan import ScanSources
from kiosk.ui.theme import Theme

#: How long "Code found" stays on screen before the result appears.
SUCCESS_PAUSE_MS = 700


class QrScanScreen(QWidget):
    codes_read = Signal(list)
    cancelled = Signal()

    def __init__(self, theme: Theme, sources: ScanSources, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("Screen")
        self._theme = theme
        self._sources = sources
        self._found: list[DecodedCode] | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 30, 40, 30)
        layout.setSpacing(18)
        self._title = _label("title")
        layout.addWidget(self._title)
        self._pages = QStackedWidget(self)
        layout.addWidget(self._pages, 1)

        # camera page
        self._camera_page = QWidget()
        camera = QVBoxLayout(self._camera_page)
        self.viewfinder = QLabel()
        self.viewfinder.setObjectName("Viewfinder")
        self.viewfinder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.viewfinder.setMinimumSize(640, 360)
        self.viewfinder.setStyleSheet("background: #202020;")
        camera.addWidget(self.viewfinder, 1, Qt.AlignmentFlag.AlignHCenter)
        self.guidance = _label()
        camera.addWidget(self.guidance)
        self.status = _label("heading")
        camera.addWidget(self.status)
        # no-camera page
        self._none_page = QWidget()
        none = QVBoxLayout(self._none_page)
        self._no_camera = _label("heading")
        self._no_camera_hint = _label()
        none.addWidget(self._no_camera)
        none.addWidget(self._no_camera_hint)
        none.addStretch(1)
        # file page
        self._file_page = QWidget()
        files = QVBoxLayout(self._file_page)
        self._files_heading = _label("heading")
        files.addWidget(self._files_heading)
        self.file_list = QListWidget()
        self.file_list.setFont(theme.font(20))
        self.file_list.itemActivated.connect(self._on_read_file)
        files.addWidget(self.file_list, 1)
        self._no_files = _label("muted")
        files.addWidget(self._no_files)
        self.file_error = _label("error")
        files.addWidget(self.file_error)
        for page in (self._camera_page, self._none_page, self._file_page):
            self._pages.addWidget(page)

        buttons = QHBoxLayout()
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self._on_back)
        self.pick_button = QPushButton()
        self.pick_button.setProperty("role", "primary")
        self.pick_button.clicked.connect(self._on_pick)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.pick_button)
        layout.addLayout(buttons)

        decoder = sources.decoder
        if decoder is not None:
            decoder.preview_updated.connect(self._on_preview)
            decoder.codes_found.connect(self._on_codes_found)
            self._pages.setCurrentWidget(self._camera_page)
        else:
            self._pages.setCurrentWidget(self._none_page)
        self.retranslate_ui()

    @property
    def has_camera(self) -> bool:
        return self._sources.decoder is not None

    def retranslate_ui(self) -> None:
        self._title.setText(_("Read a QR code"))
        self.guidance.setText(
            _("Hold the letter about 20 cm from the camera, with the code in the middle.")
        )
        if self._found:
            self.status.setText("✔ " + _("Code found!"))
        else:
            self.status.setText(_("Looking for a code…"))
        self._no_camera.setText(_("This computer has no camera."))
        self._no_camera_hint.setText(
            _("You can read the code from a scan or a photo of your letter instead.")
        )
        self._files_heading.setText(_("Pick a scan or photo"))
        self._no_files.setText(
            _("There is no scan or photo yet. Scan your letter, or put in your USB stick.")
        )
        self.back_button.setText(_("Back"))
        self._update_pick_button()

    # --- camera -------------------------------------------------------------------------------
    def activate(self) -> None:
        """Start the camera path (called when the screen is shown)."""
        if self._found is None:
            self._sources.start_camera()

    def deactivate(self) -> None:
        self._sources.stop_camera()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.activate()

    def hideEvent(self, event: QHideEvent) -> None:
        self.deactivate()
        super().hideEvent(event)

    def _on_preview(self, image: QImage) -> None:
        pixmap = QPixmap.fromImage(image)
        self.viewfinder.setPixmap(
            pixmap.scaled(self.viewfinder.size(), Qt.AspectRatioMode.KeepAspectRatio)
        )

    def _on_codes_found(self, codes: list[DecodedCode]) -> None:
        if self._found is not None:
            return
        self._sources.stop_camera()
        self._finish(codes)

    def _finish(self, codes: list[DecodedCode]) -> None:
        self._found = codes
        self.status.setText("✔ " + _("Code found!"))
        self.status.setStyleSheet(f"color: {self._theme.palette.success};")
        if self._pages.currentWidget() is self._file_page:
            self._pages.setCurrentWidget(self._camera_page if self.has_camera else self._none_page)
            self._no_camera_hint.setText("✔ " + _("Code found!"))
        QTimer.singleShot(SUCCESS_PAUSE_MS, self, lambda: self.codes_read.emit(codes))

    # --- files --------------------------------------------------------------------------------
    def _on_pick(self) -> None:
        if self._pages.currentWidget() is self._file_page:
            self._on_read_file()
            return
        self.show_files()

    def show_files(self) -> None:
        self._sources.stop_camera()
        self.file_list.clear()
        self.file_error.clear()
        for entry in self._sources.list_files():
            place = _("Scan") if entry.place == "scans" else _("USB stick")
            when = datetime.datetime.fromtimestamp(entry.modified).strftime("%H:%M")
            item = QListWidgetItem(f"{entry.path.name}   ·   {place}   ·   {when}")
            item.setData(Qt.ItemDataRole.UserRole, str(entry.path))
            self.file_list.addItem(item)
        self._no_files.setVisible(self.file_list.count() == 0)
        if self.file_list.count():
            self.file_list.setCurrentRow(0)
        self._pages.setCurrentWidget(self._file_page)
        self._update_pick_button()

    def _on_read_file(self, _item: QListWidgetItem | None = None) -> None:
        item = self.file_list.currentItem()
        if item is None:
            return
        path = Path(item.data(Qt.ItemDataRole.UserRole))
        try:
            codes = self._sources.read_file(path)
        except QrError:
            self.file_error.setText(
                _("This file could not be read. Pick another one, or ask a volunteer.")
            )
            return
        if not codes:
            self.file_error.setText(
                _("There is no code in this file. Pick another one, or scan the letter again.")
            )
            return
        self._finish(codes)

    def _on_back(self) -> None:
        if self._pages.currentWidget() is self._file_page:
            self._pages.setCurrentWidget(self._camera_page if self.has_camera else self._none_page)
            self._update_pick_button()
            if self.has_camera and self.isVisible():
                self.activate()
            return
        self.deactivate()
        self.cancelled.emit()

    def _update_pick_button(self) -> None:
        on_files = self._pages.currentWidget() is self._file_page
        self.pick_button.setText(_("Read this file") if on_files else _("Pick a scan or photo"))


def _label(role: str | None = None) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    if role:
        label.setProperty("role", role)
    return label
