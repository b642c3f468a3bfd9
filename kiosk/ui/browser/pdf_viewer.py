"""Our own PDF viewer (QtPdf): a downloaded PDF opens here, never in another program.

The viewer shows the pages with zoom buttons, "Back to the website", "Print" and "Keep this
file". There is no "save as" and no print dialog: "Print" goes to the kiosk's print flow
(`print_pdf`: the default printer without a dialog, or, when this computer has no printer, the
PDF stays in the session folder for a volunteer), and "Keep this file" only copies it into the
session folder (so a website's upload button can use it later), which every reset wipes.
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.i18n import _
from kiosk.ui.browser.guard import safe_file_name, unique_path
from kiosk.ui.printing.proof import PrintOutcome, print_message

log = logging.getLogger(__name__)

ZOOM_STEP = 1.25


def keep_in_session(path: Path, session_dir: Path) -> Path:
    """`path` itself when it is already in the session folder, else a copy made there."""
    session_dir.mkdir(parents=True, exist_ok=True)
    if path.resolve().is_relative_to(session_dir.resolve()):
        return path
    target = unique_path(session_dir, safe_file_name(path.name, "document.pdf"))
    shutil.copyfile(path, target)
    return target


def print_pdf(path: Path, session_dir: Path) -> PrintOutcome:
    """Print every page of `path` on the default printer, without a dialog; with no printer
    the PDF is kept in the session folder for a volunteer."""
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    printers = QPrinterInfo.availablePrinters()
    if printers:
        info = QPrinterInfo.defaultPrinter()
        if info.isNull():
            info = printers[0]
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.NativeFormat)  # never a file
        printer.setDocName(path.name)
        if printer.isValid() and _render(path, printer):
            return PrintOutcome(printer=info.printerName())
        log.warning("printer %s is not usable; keeping the PDF instead", info.printerName())
    return PrintOutcome(pdf=keep_in_session(path, session_dir))


def _render(path: Path, printer: object) -> bool:
    from PySide6.QtPrintSupport import QPrinter

    assert isinstance(printer, QPrinter)
    document = QPdfDocument()
    if document.load(str(path)) != QPdfDocument.Error.None_:
        return False
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        target = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
        for number in range(document.pageCount()):
            if number:
                printer.newPage()
            size = (
                document.pagePointSize(number)
                .toSize()
                .scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            )
            image = document.render(number, size)
            painter.drawImage(0, 0, image)
    finally:
        painter.end()
        document.close()
    return True


class PdfViewer(QWidget):
    """One PDF at a time, inside the kiosk window."""

    back_requested = Signal()
    printed = Signal(str)  # what the resident is told
    kept = Signal(Path)

    def __init__(self, session_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session_dir = session_dir
        self.path: Path | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.view.setAcceptDrops(False)

        self.back = QPushButton(self)
        self.back.setProperty("role", "primary")
        self.back.clicked.connect(self.back_requested)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.zoom_out = QPushButton("−", self)
        self.zoom_out.clicked.connect(lambda: self._zoom(1 / ZOOM_STEP))
        self.zoom_in = QPushButton("+", self)
        self.zoom_in.clicked.connect(lambda: self._zoom(ZOOM_STEP))
        for button in (self.zoom_out, self.zoom_in):
            button.setMinimumSize(QSize(56, 44))
        self.print_button = QPushButton(self)
        self.print_button.clicked.connect(self.print_document)
        self.keep_button = QPushButton(self)
        self.keep_button.clicked.connect(self.keep)

        bar = QHBoxLayout()
        bar.addWidget(self.back)
        bar.addWidget(self.title, 1)
        bar.addWidget(self.zoom_out)
        bar.addWidget(self.zoom_in)
        bar.addWidget(self.print_button)
        bar.addWidget(self.keep_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.retranslate_ui()

    def open(self, path: Path) -> bool:
        """Show `path`; False when it is not a readable PDF."""
        self.document.close()
        if self.document.load(str(path)) != QPdfDocument.Error.None_:
            self.path = None
            return False
        self.path = path
        self.title.setText(path.name)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        return True

    def close_document(self) -> None:
        self.document.close()
        self.path = None
        self.title.clear()

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def print_document(self) -> None:
        if self.path is None:
            return
        self.printed.emit(print_message(print_pdf(self.path, self.session_dir)))

    def keep(self) -> None:
        if self.path is None:
            return
        self.path = keep_in_session(self.path, self.session_dir)
        self.kept.emit(self.path)

    def _zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(5.0, self.view.zoomFactor() * factor)))

    def retranslate_ui(self) -> None:
        self.back.setText(_("Back to the website"))
        self.print_button.setText(_("Print"))
        self.keep_button.setText(_("Keep this file"))
        self.zoom_out.setAccessibleName(_("Smaller"))
        self.zoom_in.setAccessibleName(_("Larger"))
