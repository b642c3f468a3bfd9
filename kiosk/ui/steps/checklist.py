"""The `checklist` step: the resident ticks every item; Next is enabled only when all are ticked.

Each item is a big tick box with a word-wrapped text beside it; pressing the text ticks it too.
Ticks are kept in the run's `StepMemory`, so Back and Next again keeps them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.domain.guide import ChecklistStep
from kiosk.i18n import _
from kiosk.ui.steps.base import StepWidget
from kiosk.ui.widgets.unspoken import unspoken


class _ItemLabel(QLabel):
    """The item's text; a press on it toggles its tick box."""

    def __init__(self, box: QCheckBox, parent: QWidget) -> None:
        super().__init__(parent)
        self._box = box
        unspoken(self)  # the tick box is named with this text
        self.setWordWrap(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._box.toggle()
        super().mousePressEvent(event)


class ChecklistStepWidget(StepWidget):
    def build(self) -> None:
        assert isinstance(self.step, ChecklistStep)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(14)
        ticked = self.memory.ticked.setdefault(self.step.id, set())
        self.boxes: list[QCheckBox] = []
        self.labels: list[QLabel] = []
        for index in range(len(self.step.items)):
            row = QHBoxLayout()
            row.setSpacing(14)
            box = QCheckBox(self)
            box.setChecked(index in ticked)
            box.toggled.connect(lambda on, i=index: self._on_toggled(i, on))
            label = _ItemLabel(box, self)
            row.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(label, 1)
            layout.addLayout(row)
            self.boxes.append(box)
            self.labels.append(label)

    def _on_toggled(self, index: int, on: bool) -> None:
        ticked = self.memory.ticked.setdefault(self.step.id, set())
        if on:
            ticked.add(index)
        else:
            ticked.discard(index)
        self.changed.emit()

    def is_complete(self) -> bool:
        return all(box.isChecked() for box in self.boxes) and self.run.can_advance()

    def missing(self) -> str:
        return _("Tick every box on this page first.")

    def _texts(self) -> list[str]:
        assert isinstance(self.step, ChecklistStep)
        return [self.run.render(item) for item in self.step.items]

    def spoken_text(self) -> str:
        return "\n".join(self._texts())

    def retranslate_ui(self) -> None:
        for box, label, text in zip(self.boxes, self.labels, self._texts(), strict=True):
            label.setText(text)
            box.setAccessibleName(text)
