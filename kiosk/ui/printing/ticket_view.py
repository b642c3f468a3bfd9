"""The appointment ticket shown large on screen, when this computer has no printer.

`TicketOverlay` is an in-window overlay (`kiosk.ui.widgets.overlay.Overlay`): the ticket's title
in the resident's language, every row of the printed ticket in large type (service, hour, place,
address, phone number, code), and the .ics as a big QR code the resident's phone can scan. It
fits 1280×720: the QR code shrinks before anything is cut off. A reset closes it with every
other overlay; the step that opened it deletes it when it goes (the first name is on it).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.i18n import _, ltr
from kiosk.ui.printing.proof import Proof, qr_png
from kiosk.ui.widgets.overlay import Overlay

#: The QR code's largest side; it shrinks on a small screen.
QR_MAX_PX = 360


class TicketOverlay(Overlay):
    """A ticket in large type with its QR code, and "Close"."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, max_width=1240)
        top = QHBoxLayout()
        self.title = QLabel(self.card)
        self.title.setProperty("role", "title")
        self.title.setWordWrap(True)
        top.addWidget(self.title, 1)
        self.close_button = QPushButton(self.card)
        self.close_button.setProperty("role", "primary")
        self.close_button.clicked.connect(self.close_overlay)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.card_layout.addLayout(top)
        self.note = QLabel(self.card)
        self.note.setWordWrap(True)
        self.note.setProperty("role", "muted")
        self.card_layout.addWidget(self.note)
        body = QHBoxLayout()
        body.setSpacing(32)
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(10)
        self.grid.setColumnStretch(1, 1)
        body.addLayout(self.grid, 1)
        self.qr = QLabel(self.card)
        self.qr.setScaledContents(True)
        self.qr.setAccessibleName("")
        body.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        self.card_layout.addLayout(body)
        self.cancel = QLabel(self.card)
        self.cancel.setWordWrap(True)
        self.cancel.setProperty("role", "heading")
        self.card_layout.addWidget(self.cancel)
        self.rows: list[tuple[QLabel, QLabel]] = []
        self._proof: Proof | None = None
        self._qr_source = QPixmap()

    def show_ticket(self, proof: Proof) -> None:
        """Open the overlay with `proof` (`kiosk.ui.printing.ticket.ticket_proof`)."""
        self._proof = proof
        for label, value in self.rows:
            label.deleteLater()
            value.deleteLater()
        self.rows = []
        for index, (label_text, value_text) in enumerate(proof.rows):
            label = QLabel(label_text, self.card)
            label.setProperty("role", "muted")
            value = QLabel(ltr(value_text), self.card)
            value.setProperty("role", "heading")
            value.setWordWrap(True)
            self.grid.addWidget(label, index, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(value, index, 1)
            self.rows.append((label, value))
        self._qr_source = QPixmap()
        if proof.qr:
            self._qr_source.loadFromData(qr_png(proof.qr), "PNG")
        self.qr.setVisible(not self._qr_source.isNull())
        self.qr.setPixmap(self._qr_source)
        self.retranslate_ui()
        self._size_qr()
        self.open()

    def _size_qr(self) -> None:
        host = self.parentWidget()
        height = host.height() if host is not None else 720
        side = max(160, min(QR_MAX_PX, height - 420))
        self.qr.setFixedSize(side, side)

    def fit_card(self) -> None:
        self._size_qr()
        super().fit_card()

    def forget(self) -> None:
        """Drop the ticket's texts (the first name) now."""
        self.close_overlay()
        for label, value in self.rows:
            label.clear()
            value.clear()
        self._proof = None

    def retranslate_ui(self) -> None:
        self.close_button.setText(_("Close"))
        self.note.setText(
            _(
                "There is no printer here. Take a picture of this ticket, or scan the code "
                "with your phone to put the appointment in your calendar."
            )
        )
        self.qr.setAccessibleName(_("QR code of your appointment, for your phone's calendar"))
        if self._proof is not None:
            self.title.setText(self._proof.title)
            self.cancel.setText(self._proof.when)
