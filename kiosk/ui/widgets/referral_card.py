"""Where a resident is referred on to, in big letters: the place's name, address and hours.

Shown by the `handoff` step (reason `referral`) above its button and again on the guide's end
page, so the resident can take a picture of it or ask at the desk to write it down. The place
comes from the location's referral list (`kiosk.domain.location.Referral`, sent by the hub);
when this kiosk does not know it (no config yet, or the place was removed), the card says to ask
at the desk where to go. The referral's raw id is never shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.i18n import _, is_rtl

if TYPE_CHECKING:
    from kiosk.domain.location import Referral


def _label(parent: QWidget, role: str | None = None) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # the hub's staff typed these texts
    if role is not None:
        label.setProperty("role", role)
    return label


class ReferralCard(QWidget):
    """The place's name (a heading), its address and opening hours; or "ask at the desk"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.name = _label(self, "heading")
        self.address = _label(self)
        self.hours = _label(self)
        self.unknown = _label(self, "warning")
        for label in (self.name, self.address, self.hours, self.unknown):
            layout.addWidget(label)
        self.referral: Referral | None = None
        self.retranslate_ui()

    @property
    def known(self) -> bool:
        return self.referral is not None

    def show_referral(self, referral: Referral | None) -> None:
        self.referral = referral
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        referral = self.referral
        # A Dutch address in an Arabic screen still lines up with the screen, not with its text.
        side = Qt.AlignmentFlag.AlignRight if is_rtl() else Qt.AlignmentFlag.AlignLeft
        for label in (self.name, self.address, self.hours, self.unknown):
            label.setAlignment(
                side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
            )
        self.name.setVisible(referral is not None)
        self.address.setVisible(referral is not None and bool(referral.address))
        self.hours.setVisible(referral is not None and bool(referral.hours))
        self.unknown.setVisible(referral is None)
        if referral is None:
            for label in (self.name, self.address, self.hours):
                label.clear()
            self.unknown.setText(_("Ask at the desk where to go."))
            return
        self.unknown.clear()
        self.name.setText(referral.label)
        self.address.setText(referral.address or "")
        self.hours.setText(
            _("Opening hours: {hours}").format(hours=referral.hours) if referral.hours else ""
        )

    def spoken_text(self) -> str:
        """What "Read aloud" says: the visible lines, in reading order."""
        labels = (self.name, self.address, self.hours, self.unknown)
        return "\n".join(label.text() for label in labels if not label.isHidden() and label.text())
