"""The `choice` step: one big button per option; pressing one moves the run to its `goto`."""

from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QVBoxLayout

from kiosk.domain.guide import ChoiceStep
from kiosk.ui.steps.base import StepWidget
from kiosk.ui.widgets.wrap_button import WrapButton


class ChoiceStepWidget(StepWidget):
    shows_next = False

    def build(self) -> None:
        assert isinstance(self.step, ChoiceStep)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(16)
        self.buttons: list[WrapButton] = []
        for index, _option in enumerate(self.step.options):
            button = WrapButton(self)
            button.setProperty("role", "primary")
            button.setMinimumHeight(self.theme.pt(76))
            policy = button.sizePolicy()
            policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)
            button.setSizePolicy(policy)
            button.clicked.connect(lambda _c=False, i=index: self.chosen.emit(i))
            layout.addWidget(button)
            self.buttons.append(button)

    def is_complete(self) -> bool:
        return False

    def _labels(self) -> list[str]:
        assert isinstance(self.step, ChoiceStep)
        return [self.run.render(option.label) for option in self.step.options]

    def spoken_text(self) -> str:
        return "\n".join(self._labels())

    def retranslate_ui(self) -> None:
        for button, label in zip(self.buttons, self._labels(), strict=True):
            button.setText(label)
