"""The `input` step: one big field; Next is enabled only when the answer is valid for its kind.

Every change is validated through the run (`GuideRunState.answer()`), which keeps a valid answer
and drops an invalid one. The reason an answer is wrong is shown in plain words under the field
once the resident pauses typing (`ERROR_DELAY_MS`), presses Enter or leaves the field, not at
the first key press. Enter on a valid answer goes on, like Next.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout

from kiosk.domain.guide import InputStep
from kiosk.domain.validators import Invalid
from kiosk.i18n import _, message_text
from kiosk.ui.steps.base import StepWidget
from kiosk.ui.widgets.announce import announce

#: How long after the last key press a wrong answer is explained.
ERROR_DELAY_MS = 1500


def field_name(text: str, unit: str | None) -> str:
    """The field's accessible name: the step's question (its last line that asks something,
    else its first line), and the unit."""
    lines = [line.strip().replace("**", "") for line in text.splitlines() if line.strip()]
    asking = [line for line in lines if line.endswith(("?", "؟"))]
    question = asking[-1] if asking else (lines[0] if lines else "")
    return f"{question} ({unit})" if unit else question


class InputStepWidget(StepWidget):
    def build(self) -> None:
        step = self.step
        assert isinstance(step, InputStep)
        self._invalid: Invalid | None = None
        #: The reason (its message, not its numbers) screen readers heard last.
        self._announced: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(10)
        self.field_label = QLabel(self)
        self.field_label.setProperty("role", "muted")
        layout.addWidget(self.field_label)
        row = QHBoxLayout()
        self.edit = QLineEdit(self)
        self.edit.setMinimumHeight(self.theme.pt(64))
        self.edit.setMaxLength(500)
        if step.kind in ("ean", "meter_reading", "number"):
            self.edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        row.addWidget(self.edit, 1)
        self.unit = QLabel(step.unit or "", self)
        self.unit.setVisible(bool(step.unit))
        row.addWidget(self.unit)
        layout.addLayout(row)
        self.hint = QLabel(self)
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)
        self.hint.setVisible(step.hint is not None)
        layout.addWidget(self.hint)
        self.error = QLabel(self)
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.field_label.setBuddy(self.edit)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(ERROR_DELAY_MS)
        self._timer.timeout.connect(lambda: self.show_error())
        typed = self.memory.typed.get(step.field, "")
        self.edit.setText(typed)
        self._validate(typed)
        self.edit.textChanged.connect(self._on_text_changed)
        self.edit.returnPressed.connect(self._on_return)
        self.edit.editingFinished.connect(lambda: self.show_error())

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def field(self) -> str:
        assert isinstance(self.step, InputStep)
        return self.step.field

    def _validate(self, text: str) -> None:
        self._invalid = self.run.answer(text)

    def _on_text_changed(self, text: str) -> None:
        self.memory.typed[self.field] = text
        self._validate(text)
        if self._invalid is None:
            self.error.hide()
            self._announced = None
            self._describe()
            self._timer.stop()
        elif not self.error.isHidden():
            self._update_shown_error()  # keep the reason up to date once it is shown
        else:
            self._timer.start()
        self.changed.emit()

    def _on_return(self) -> None:
        if self._invalid is None and self.run.can_advance():
            self.advance_requested.emit()
        else:
            self.show_error(force=True)

    def show_error(self, force: bool = False) -> None:
        """Explain why the answer is not valid; an empty field only when `force` (Enter)."""
        self._timer.stop()
        if self._invalid is None:
            self.error.hide()
            self._describe()
            return
        if not force and not self.edit.text().strip() and self.error.isHidden():
            return
        invalid = self._invalid
        text = message_text(invalid.message, invalid.params)
        shown_before = self.error.text() if not self.error.isHidden() else ""
        self.error.setText(text)
        self.error.show()
        self._describe()
        if text != shown_before or force:
            self._announce(invalid)

    def _update_shown_error(self) -> None:
        """The answer changed while its error shows: the shown reason follows every key, but
        screen readers hear it again only when the reason itself changes ("18 digits, you typed
        5", then 6, 7... is one reason; "the check digit is wrong" once all 18 are typed is
        another), or on Enter and when the field is left."""
        invalid = self._invalid
        assert invalid is not None
        self.error.setText(message_text(invalid.message, invalid.params))
        if invalid.message != self._announced:
            self._describe()
            self._announce(invalid)

    def _announce(self, invalid: Invalid) -> None:
        self._announced = invalid.message
        announce(self.edit, self.error.text())

    def _describe(self) -> None:
        """The field's description: the reason it is not valid (when shown), then the hint."""
        parts = [self.error_text, self.hint.text() if self.hint.isVisibleTo(self) else ""]
        self.edit.setAccessibleDescription("\n".join(part for part in parts if part))

    @property
    def error_text(self) -> str:
        return self.error.text() if not self.error.isHidden() else ""

    def missing(self) -> str:
        if self._invalid is not None and self.edit.text().strip():
            return message_text(self._invalid.message, self._invalid.params)
        return _("Type your answer in the box first.")

    def retranslate_ui(self) -> None:
        step = self.step
        assert isinstance(step, InputStep)
        self.field_label.setText(_("Your answer:"))
        hint = self.run.render(step.hint) if step.hint is not None else ""
        self.hint.setText(hint)
        self.edit.setPlaceholderText(hint)
        self.edit.setAccessibleName(field_name(self.run.render(step.text), step.unit))
        if not self.error.isHidden() and self._invalid is not None:
            # the shown reason in the language now shown, not said again: a redraw (the
            # location's settings arriving, say) announced it a second time (#24)
            self.error.setText(message_text(self._invalid.message, self._invalid.params))
        self._describe()
