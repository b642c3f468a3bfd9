"""The `summary` step: the answers of `show`, a Print button (`print: true`) and a QR code of
the same text for the resident's phone (`qr: true`).

Printing goes through `kiosk.ui.printing.proof`; with no printer set up it writes a PDF into the
session folder and says a volunteer can print it. The QR code is drawn with segno.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.domain.guide import SummaryStep
from kiosk.i18n import _, breakable, ltr
from kiosk.ui.printing.proof import (
    PrintOutcome,
    answer_rows,
    make_proof,
    print_message,
    print_proof,
)
from kiosk.ui.steps.base import StepWidget
from kiosk.ui.widgets.announce import announce
from kiosk.ui.widgets.wrap_button import WrapButton

QR_SIZE_PX = 260


def qr_pixmap(text: str, size: int = QR_SIZE_PX) -> QPixmap:
    """A QR code of `text` (UTF-8, error correction M) as a pixmap about `size` pixels wide."""
    import io

    import segno

    code = segno.make(text, error="m", micro=False)
    modules = code.symbol_size(scale=1, border=4)[0]
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=max(1, size // modules), border=4)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


class SummaryStepWidget(StepWidget):
    printed = Signal(PrintOutcome)

    def build(self) -> None:
        step = self.step
        assert isinstance(step, SummaryStep)
        self.last_print: PrintOutcome | None = None
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 8, 0, 0)
        outer.setSpacing(32)
        left = QVBoxLayout()
        left.setSpacing(14)
        self.answers = QGridLayout()
        self.answers.setHorizontalSpacing(24)
        self.answers.setVerticalSpacing(8)
        self.answer_labels: list[tuple[QLabel, QLabel]] = []
        for row in range(len(step.show)):
            label = QLabel(self)
            label.setProperty("role", "muted")
            value = QLabel(self)
            value.setProperty("role", "heading")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.answers.addWidget(label, row, 0)
            self.answers.addWidget(value, row, 1)
            self.answer_labels.append((label, value))
        self.answers.setColumnStretch(1, 1)
        left.addLayout(self.answers)
        self.print_button = WrapButton(self)
        self.print_button.setProperty("role", "primary")
        self.print_button.setVisible(step.print)
        self.print_button.clicked.connect(self.print_now)
        left.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.print_status = QLabel(self)
        self.print_status.setWordWrap(True)
        self.print_status.hide()
        left.addWidget(self.print_status)
        left.addStretch(1)
        outer.addLayout(left, 1)

        self.qr_box = QWidget(self)
        qr_layout = QVBoxLayout(self.qr_box)
        qr_layout.setContentsMargins(0, 0, 0, 0)
        self.qr_image = QLabel(self.qr_box)
        self.qr_image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_caption = QLabel(self.qr_box)
        self.qr_caption.setProperty("role", "muted")
        self.qr_caption.setWordWrap(True)
        self.qr_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_caption.setMaximumWidth(QR_SIZE_PX + 80)
        qr_layout.addWidget(self.qr_image)
        qr_layout.addWidget(self.qr_caption)
        qr_layout.addStretch(1)
        self.qr_box.setVisible(step.qr)
        outer.addWidget(self.qr_box, 0, Qt.AlignmentFlag.AlignTop)
        self.qr_text = ""

    def print_now(self) -> PrintOutcome:
        """Print the proof (or write its PDF) and say what happened."""
        assert isinstance(self.step, SummaryStep)
        proof = make_proof(self.run, self.step.show)
        outcome = print_proof(proof, Path(self.services.session_dir), self.run.guide.id)
        self.last_print = outcome
        message = print_message(outcome)
        self.print_status.setText(message)
        self.print_status.show()
        # Said to a screen reader too: the focus stays on "Print", the result shows beside it.
        announce(self.print_status, message)
        self.printed.emit(outcome)
        return outcome

    def retranslate_ui(self) -> None:
        step = self.step
        assert isinstance(step, SummaryStep)
        rows = answer_rows(self.run, step.show)
        for (label, value), (text, answer) in zip(self.answer_labels, rows, strict=True):
            label.setText(text)
            value.setText(ltr(breakable(answer), self.run.language) if answer else "—")
        self.print_button.setText(_("Print"))
        if self.last_print is not None:
            self.print_status.setText(print_message(self.last_print))
        warned = bool(self.run.warned & set(step.show))
        # A code with a warning is never offered for scanning: no QR, the warning instead.
        self.qr_image.setVisible(not warned)
        if step.qr and warned:
            self.qr_caption.setProperty("role", "error")
            self.qr_caption.setText(
                _("⚠ This code has a warning. Do not scan it and do not pay with it.")
            )
        elif step.qr:
            proof = make_proof(self.run, step.show)
            if proof.text() != self.qr_text or self.qr_image.pixmap().isNull():
                self.qr_text = proof.text()
                self.qr_image.setPixmap(qr_pixmap(self.qr_text))
            self.qr_caption.setText(_("Scan this code with your phone's camera to keep it."))
            self.qr_image.setAccessibleName(_("QR code with your answers"))
            self.qr_image.setAccessibleDescription(self.qr_caption.text())
