"""The "Aa" control: larger text and high contrast for this visit.

The header's "Aa" button opens `DisplayOverlay` (an `Overlay`): "Larger text" and "High
contrast" are toggles, "Back to normal" returns to the location's settings (`[display]` in the
config). The choice lasts for the visit: every reset goes back to the location's settings
(`kiosk.app` registers it). `MainWindow.apply_display` swaps the theme: the style sheet at once,
the home screen's tiles rebuilt, and every screen built afterwards (a guide) uses it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from kiosk.i18n import _
from kiosk.ui.widgets.overlay import Overlay

#: The text size "Larger text" gives when the location's own is smaller.
LARGER_TEXT = 150


class DisplayOverlay(Overlay):
    """Larger text, high contrast, and back to the location's settings."""

    display_chosen = Signal(int, bool)  # text scale (%), high contrast

    def __init__(self, parent: QWidget, default_scale: int, default_contrast: bool) -> None:
        super().__init__(parent, max_width=900)
        self.default_scale = default_scale
        self.default_contrast = default_contrast
        self.scale = default_scale
        self.contrast = default_contrast
        top = QHBoxLayout()
        self.heading = QLabel(self.card)
        self.heading.setProperty("role", "heading")
        self.heading.setWordWrap(True)
        top.addWidget(self.heading, 1)
        self.close_button = QPushButton(self.card)
        self.close_button.clicked.connect(self.close_overlay)
        top.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.add_read_button(top, 1)
        self.card_layout.addLayout(top)
        self.larger = QPushButton(self.card)
        self.larger.setCheckable(True)
        self.larger.clicked.connect(self._on_larger)
        self.high_contrast = QPushButton(self.card)
        self.high_contrast.setCheckable(True)
        self.high_contrast.clicked.connect(self._on_contrast)
        self.reset = QPushButton(self.card)
        self.reset.clicked.connect(self._on_reset)
        for button in (self.larger, self.high_contrast, self.reset):
            self.card_layout.addWidget(button)
        self.retranslate_ui()

    def show_state(self, scale: int, contrast: bool) -> None:
        self.scale, self.contrast = scale, contrast
        self.larger.setChecked(scale > self.default_scale or scale >= LARGER_TEXT)
        self.larger.setEnabled(self.default_scale < 200)
        self.high_contrast.setChecked(contrast)
        self.reset.setEnabled((scale, contrast) != (self.default_scale, self.default_contrast))

    def _on_larger(self, on: bool) -> None:
        scale = max(LARGER_TEXT, min(200, self.default_scale + 50)) if on else self.default_scale
        self.display_chosen.emit(scale, self.contrast)

    def _on_contrast(self, on: bool) -> None:
        self.display_chosen.emit(self.scale, on)

    def _on_reset(self) -> None:
        self.display_chosen.emit(self.default_scale, self.default_contrast)
        self.larger.setFocus(Qt.FocusReason.OtherFocusReason)

    def retranslate_ui(self) -> None:
        self.heading.setText(_("Text size and contrast"))
        self.close_button.setText(_("Close"))
        self.larger.setText(_("Larger text"))
        self.high_contrast.setText(_("High contrast"))
        self.reset.setText(_("Back to normal"))
