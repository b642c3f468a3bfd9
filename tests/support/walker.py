"""THE step walker: every step of every shipped guide, every overlay and the volunteer panel, in
every window size, language and text size asked for, with pluggable checks and a time budget.

`Walker(kiosk, qtbot, checks=[...])` drives a kiosk built through `kiosk.app` (the real window,
header and screens). For each text size, language and guide, it opens every step the guide can
reach (`step_paths()`: the shortest path to each step, answers filled in), drives steps that
have more than one face into each (`STATES`: an appointment's slots, details and ticket; a QR
step's reader and its result with a warning), then every overlay of the window and the
volunteer panel's pages; at each of those it resizes the window to every size and runs every
check. A check is `check(window, place) -> list[str]` (what is wrong, in words); `place` says
where (`Place`: guide, step, state, size, language, text size). Findings are collected, not
raised: `walker.findings` lists `"<where>: <what>"`, and the test asserts it is empty.

The walker stops with a failure when `budget_s` is spent (it must stay cheap: the whole walk is
part of `make test`). `walker.visited` counts the places checked and `walker.elapsed` the time.

The checks shipped here:

- `no_covered_controls`: every visible control (button, field, box) is what a tap on it reaches:
  at its centre and near its corners (where they are in view), `window.childAt()` finds the
  control or something inside it, never another widget lying over it;
- `primary_action_in_view`: the step's primary action (Next when it shows, else the step's own
  primary buttons, such as "Book"; on the home screen every tile) is wholly in view, or a
  visible "More below" of the reading area it is in says there is more.

The in-process accessibility audit (`kiosk.ui.a11y`) and other issues' checks plug in as more
`checks`.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QLineEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from kiosk import resources
from kiosk.domain.guide import END, ChoiceStep, Guide
from kiosk.guides.catalog import load_catalog
from kiosk.ui.widgets.overlay import is_shield
from kiosk.ui.widgets.reading_area import ReadingArea

SIZES: tuple[tuple[int, int], ...] = ((1366, 768), (1280, 720))
LANGUAGES: tuple[str, ...] = ("nl", "ar")
SCALES: tuple[int, ...] = (100, 200)
CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QTextEdit)


@dataclass(frozen=True)
class Place:
    """Where a check runs."""

    what: str  # "guide meter-reading step ready", "overlay language", "panel who"
    size: tuple[int, int]
    language: str
    scale: int

    def __str__(self) -> str:
        return f"{self.what} [{self.size[0]}x{self.size[1]} {self.language} {self.scale}%]"


Check = Callable[[QWidget, Place], list[str]]


class BudgetSpent(AssertionError):
    """The walk took longer than its budget."""


# -- geometry -----------------------------------------------------------------------------------


def window_rect(widget: QWidget, window: QWidget) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def in_view(widget: QWidget, window: QWidget) -> QRect:
    """The part of `widget` its ancestors let show (scrolled-out parts cut), in window
    coordinates; empty when none."""
    rect = window_rect(widget, window)
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        rect = rect.intersected(window_rect(parent, window))
        if isinstance(parent, QAbstractScrollArea):
            rect = rect.intersected(window_rect(parent.viewport(), window))
        parent = parent.parentWidget()
    return rect.intersected(window.rect())


def name_of(widget: QWidget) -> str:
    text = ""
    if isinstance(widget, QAbstractButton):
        text = widget.text()
    text = text or widget.accessibleName() or widget.objectName()
    return f"{type(widget).__name__}({text[:40]!r})"


def _points(rect: QRect) -> Iterator[QPoint]:
    inset = 4
    yield rect.center()
    if rect.width() > 2 * inset and rect.height() > 2 * inset:
        yield QPoint(rect.left() + inset, rect.top() + inset)
        yield QPoint(rect.right() - inset, rect.top() + inset)
        yield QPoint(rect.left() + inset, rect.bottom() - inset)
        yield QPoint(rect.right() - inset, rect.bottom() - inset)


# -- the checks ---------------------------------------------------------------------------------


def no_covered_controls(window: QWidget, _place: Place) -> list[str]:
    """No visible control has another widget lying over it."""
    problems: list[str] = []
    for control in window.findChildren(QWidget):
        if not isinstance(control, CONTROLS) or not control.isVisible() or is_shield(control):
            continue
        view = in_view(control, window)
        if view.isEmpty():
            continue
        for point in _points(view):
            hit = window.childAt(point)
            if hit is None or hit is control or control.isAncestorOf(hit) or is_shield(hit):
                continue
            problems.append(f"{name_of(control)} is covered by {name_of(hit)}")
            break
    return problems


def _cue_for(widget: QWidget) -> bool:
    """Whether a visible "More below" of a reading area around `widget` says there is more."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, ReadingArea) and parent.more.isVisible():
            return True
        parent = parent.parentWidget()
    return False


#: The roles of the buttons that are a screen's actions: the primary one, and the home tiles.
PRIMARY_ROLES = ("primary", "tile")


def primary_actions(window: QWidget) -> list[QPushButton]:
    """The screen's primary actions now: visible, enabled buttons with a `PRIMARY_ROLES` role
    (Next, Book, Print the ticket, the home screen's tiles...)."""
    found = []
    for button in window.findChildren(QPushButton):
        if button.property("role") in PRIMARY_ROLES and button.isVisible() and button.isEnabled():
            found.append(button)
    return found


def primary_action_in_view(window: QWidget, _place: Place) -> list[str]:
    """Every primary action is wholly in view, or announced by a visible "More below"."""
    problems = []
    for button in primary_actions(window):
        whole = window_rect(button, window)
        if in_view(button, window) == whole or _cue_for(button):
            continue
        problems.append(f"the primary action {name_of(button)} is out of view, with no cue")
    return problems


DEFAULT_CHECKS: tuple[Check, ...] = (no_covered_controls, primary_action_in_view)


# -- what to visit ------------------------------------------------------------------------------


def shipped_guides() -> list[Guide]:
    catalog = load_catalog([resources.builtin_guides_dir()])
    return [catalog.guides[key] for key in sorted(catalog.guides)]


def step_paths(guide: Guide) -> dict[str, tuple[str, ...]]:
    """The shortest path (step ids, from the first step) to every step the guide can reach."""
    first = guide.steps[0].id
    paths: dict[str, tuple[str, ...]] = {first: (first,)}
    queue = deque([first])
    while queue:
        step = guide.step(queue.popleft())
        targets = [guide.default_next(step)]
        if isinstance(step, ChoiceStep):
            targets = [option.goto or guide.default_next(step) for option in step.options]
        for target in targets:
            if target != END and guide.has_step(target) and target not in paths:
                paths[target] = (*paths[step.id], target)
                queue.append(target)
    return paths


def answers_for(guide: Guide) -> dict[str, Any]:
    """A plausible answer for every field (the walker looks, it does not validate)."""
    answers: dict[str, Any] = {}
    for step in guide.steps:
        field_name = getattr(step, "field", None)
        if isinstance(field_name, str):
            answers[field_name] = "541448820000000008" if "ean" in field_name else "12345"
    return answers


def _appointment_states(widget: Any) -> Iterator[str]:
    from kiosk.sync.helpdesk import FreeSlot, Ticket

    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    slots = [
        FreeSlot(f"s{i}", "digital-help", start + timedelta(minutes=30 * i), start)
        for i in range(12)
    ]
    widget.show_slots(slots)
    yield "slots"
    widget.choose(slots[0])
    widget.first_name.setText("Fatima")
    yield "details"
    ticket = Ticket("ABCD-EFGH-JKLM", "digital-help", "Digital help", start, start, "Bibliotheek")
    widget._on_booked(ticket)
    yield "ticket"


def _qr_states(widget: Any) -> Iterator[str]:
    from kiosk.domain.qr_payload import interpret
    from kiosk.qr.decode import DecodedCode

    yield "reader"
    if widget.panel is None:
        return
    text = "http://bank.be@192.168.0.9/"
    widget._on_codes_read([DecodedCode("QRCode", text, interpret(text), text.encode())])
    yield "result with a warning"
    if widget.result is not None and widget.result.bigger_buttons:
        widget.result.bigger_buttons[0].click()
        yield "shown bigger"


#: Step widgets with more than one face: a generator that drives the widget into each and
#: yields its name (the widget as first shown is always visited first, as "shown").
STATES: dict[str, Callable[[Any], Iterator[str]]] = {
    "appointment": _appointment_states,
    "qr_scan": _qr_states,
}


# -- the walk -----------------------------------------------------------------------------------


@dataclass
class Walker:
    kiosk: Any
    qtbot: Any
    checks: Sequence[Check] = DEFAULT_CHECKS
    sizes: Sequence[tuple[int, int]] = SIZES
    languages: Sequence[str] = LANGUAGES
    scales: Sequence[int] = SCALES
    budget_s: float = 150.0
    #: A folder for a picture of the window at each place with findings (None: no pictures).
    shots: Path | None = None
    findings: list[str] = field(default_factory=list)
    visited: int = 0
    elapsed: float = 0.0
    _started: float = 0.0

    def run(self) -> list[str]:
        self._started = time.monotonic()
        window = self.kiosk.window
        guides = shipped_guides()
        for scale in self.scales:
            window.apply_display(scale, False)
            for language in self.languages:
                window.apply_language(language)
                self._settle()
                self._walk_home(scale, language)
                for guide in guides:
                    self._walk_guide(guide, scale, language)
                self._walk_overlays(scale, language)
                self._walk_panel(scale, language)
        self.elapsed = time.monotonic() - self._started
        return self.findings

    # -- the places --------------------------------------------------------------------------

    def _walk_home(self, scale: int, language: str) -> None:
        self.kiosk.window.show_home()
        self._check_sizes("home", scale, language)

    def _walk_guide(self, guide: Guide, scale: int, language: str) -> None:
        """One run of `guide`: its intro, then each step, reached along its path from the first
        step (Back to the first step between two, as a resident would)."""
        flow = self.kiosk.flows.guides
        answers = answers_for(guide)
        screen = flow.start_guide(guide)
        if screen.on_intro:
            self._check_sizes(f"guide {guide.id} intro", scale, language)
        for step_id, path in step_paths(guide).items():
            run = screen.run
            while run.can_go_back:
                run.back()
            run.follow(path, answers)
            if run.current.id != step_id:
                self.findings.append(f"guide {guide.id}: the walker could not reach {step_id}")
                continue
            screen.show_step()
            where = f"guide {guide.id} step {step_id}"
            self._check_sizes(where, scale, language)
            states = STATES.get(run.current.type)
            if states is not None and screen.step_widget is not None:
                for state in states(screen.step_widget):
                    self._check_sizes(f"{where} ({state})", scale, language)
        flow.close()
        self._delete_later_now()

    def _walk_overlays(self, scale: int, language: str) -> None:
        window = self.kiosk.window
        window.show_home()
        opened = {
            "language": window.show_languages,
            "help": window.show_help,
            "text size": window.show_display,
            "start over?": window.ask_start_over,
            "receipt": window.receipt.show_receipt,
            "saved": lambda: (window.receipt.show_receipt(), window.receipt.show_saved(False)),
            "idle countdown": window.countdown.start,
        }
        for name, show in opened.items():
            show()
            self._check_sizes(f"overlay {name}", scale, language)
            window.close_overlays()

    def _walk_panel(self, scale: int, language: str) -> None:
        helpdesk = self.kiosk.flows.helpdesk
        helpdesk.open_panel()
        self.qtbot.waitUntil(lambda: helpdesk.desk is not None, timeout=20_000)
        panel = helpdesk.panel
        for name, page in (
            ("who", panel.who),
            ("pin", panel.pin),
            ("home", panel.home),
            ("session form", panel.form),
        ):
            panel.pages.setCurrentWidget(page)
            self._check_sizes(f"volunteer panel {name}", scale, language)
        panel.close_overlay()

    # -- checking ----------------------------------------------------------------------------

    def _delete_later_now(self) -> None:
        """Delete the screens just closed now (the checks then walk only the living ones)."""
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    def _settle(self) -> None:
        app = QApplication.instance()
        assert app is not None
        for _ in range(2):
            app.sendPostedEvents()
            app.processEvents()

    def _check_sizes(self, what: str, scale: int, language: str) -> None:
        window = self.kiosk.window
        for size in self.sizes:
            if time.monotonic() - self._started > self.budget_s:
                raise BudgetSpent(
                    f"the walk took more than {self.budget_s:.0f} s ({self.visited} places)"
                )
            window.resize(*size)
            self._settle()
            place = Place(what, size, language, scale)
            self.visited += 1
            before = len(self.findings)
            for check in self.checks:
                self.findings.extend(f"{place}: {problem}" for problem in check(window, place))
            if self.shots is not None and len(self.findings) > before:
                window.grab().save(str(self.shots / f"walker-{before:03d}.png"))
