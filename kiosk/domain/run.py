"""One resident's run through a guide: the state machine the guide screen drives.

`GuideRunState(guide, language, locale)` starts at the guide's first step. The screen reads
`current`, `step_number`/`step_total`, `can_go_back`, and calls:

- `answer(raw)` on an `input` step (validates and keeps the answer; returns the `Invalid`
  reason to show next to the field, or None), `set_answer(field, value)` for a `qr_scan` step;
- `choose(index)` on a `choice` step, `next()` on every other step (`can_advance()` says
  whether Next may be pressed), `back()` (history, so Back after a branch returns to the branch);
- `hand_off()`, `abandon()`, `not_done()` (a step could not be carried out) and, when
  `next()` reaches `end`, the run is completed.

`render(texts)` gives a text in the run's language with `{field}` placeholders filled (a typed
answer exactly as typed, anything else formatted for the locale). Answers live only in this
object, in memory; `record()` gives the `GuideRun` to store (ids, times, visited steps, how it
ended, never the answers), and `wipe()` forgets the answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from types import MappingProxyType

from kiosk.clock import utc_now
from kiosk.domain.guide import ENDS, STOP, ChoiceStep, Guide, InputStep, QrScanStep, Step, Texts
from kiosk.domain.placeholders import Answer, fill, format_answer
from kiosk.domain.records import GuideRun, RunEnd
from kiosk.domain.validators import Invalid, Valid, validate


class RunError(Exception):
    """A call that the run's current state does not allow (a bug in the caller)."""


class GuideRunState:
    """The state of one run; pure Python, driven by the UI."""

    def __init__(
        self,
        guide: Guide,
        language: str,
        locale: str = "nl_BE",
        *,
        clock: Callable[[], datetime] = utc_now,
        assisted_session: str | None = None,
    ) -> None:
        self.guide = guide
        self.language = language if language in guide.languages else guide.languages[0]
        self.locale = locale
        self.assisted_session = assisted_session
        self._clock = clock
        self.started_at = clock()
        self.ended_at: datetime | None = None
        self.ended: RunEnd | None = None
        self._history: list[Step] = [guide.first]
        self._visited: list[str] = [guide.first.id]
        self._answers: dict[str, Answer] = {}
        #: Fields whose answer carries a warning (a scanned code that looks like a scam): no
        #: later step offers that answer for scanning.
        self._warned: set[str] = set()
        #: what the resident typed for each answer, echoed as is by placeholders and summaries
        self._typed: dict[str, str] = {}
        #: the location's values for location placeholders (`{location_phone}`), set by the UI
        self.location_values: dict[str, str] = {}

    # -- reading the state -------------------------------------------------------------------

    @property
    def current(self) -> Step:
        return self._history[-1]

    @property
    def finished(self) -> bool:
        return self.ended is not None

    @property
    def history(self) -> tuple[str, ...]:
        """The ids of the steps on the way to the current one (what Back walks through)."""
        return tuple(step.id for step in self._history)

    @property
    def visited(self) -> tuple[str, ...]:
        """Every step shown, in order, repeats included (what the record keeps)."""
        return tuple(self._visited)

    @property
    def answers(self) -> Mapping[str, Answer]:
        return MappingProxyType(self._answers)

    @property
    def warned(self) -> frozenset[str]:
        """The fields whose answer came with a warning (`set_answer(..., warned=True)`)."""
        return frozenset(self._warned)

    @property
    def can_go_back(self) -> bool:
        return not self.finished and len(self._history) > 1

    @property
    def step_number(self) -> int:
        """1-based number of the current step on this run's path ("Step 2 of 6")."""
        return len(self._history)

    @property
    def step_total(self) -> int:
        """Steps on this path so far plus the fewest still needed to reach the end."""
        return len(self._history) + self._distance_to_end(self.current) - 1

    def _distance_to_end(self, start: Step) -> int:
        distances = {start.id: 1}
        queue = [start]
        while queue:
            step = queue.pop(0)
            for target in self.guide.successors(step):
                if target in ENDS:
                    return distances[step.id]
                if target not in distances and self.guide.has_step(target):
                    distances[target] = distances[step.id] + 1
                    queue.append(self.guide.step(target))
        return 1

    def render(self, texts: Texts) -> str:
        """`texts` in the run's language with placeholders filled from the answers."""
        return fill(
            self.guide.text(texts, self.locale),
            self._answers,
            self.locale,
            self._typed,
            self.location_values,
        )

    def formatted_answer(self, field: str) -> str:
        """One answer as text for the summary ("" when not given); a typed one as typed."""
        value = self._answers.get(field)
        if value is None:
            return ""
        return self._typed.get(field) or format_answer(value, self.locale)

    def can_advance(self) -> bool:
        """Whether Next may be pressed on the current step (the UI also checks checklists)."""
        step = self.current
        if self.finished or isinstance(step, ChoiceStep):
            return False
        if isinstance(step, InputStep):
            return step.field in self._answers or not step.required
        if isinstance(step, QrScanStep):
            return step.field in self._answers
        return True

    # -- acting ------------------------------------------------------------------------------

    def _require(self, kind: type[Step]) -> Step:
        if self.finished:
            raise RunError("the run has ended")
        if not isinstance(self.current, kind):
            raise RunError(f"step {self.current.id!r} is not a {kind.type or 'step'} step")
        return self.current

    def answer(self, raw: str) -> Invalid | None:
        """Validate and keep the answer to the current `input` step; the reason if invalid."""
        step = self._require(InputStep)
        assert isinstance(step, InputStep)
        result = validate(step, raw)
        self._typed.pop(step.field, None)
        if isinstance(result, Valid):
            if result.value == "" and not step.required:
                self._answers.pop(step.field, None)
            else:
                self._answers[step.field] = result.value
                if result.typed:
                    self._typed[step.field] = result.typed
            return None
        self._answers.pop(step.field, None)
        return result

    def set_answer(self, field: str, value: Answer, *, warned: bool = False) -> None:
        """Keep what a `qr_scan` step decoded (or any other answer the UI collected); `warned`
        when it came with a warning, so later steps never invite scanning it."""
        if self.finished:
            raise RunError("the run has ended")
        self._answers[field] = value
        if warned:
            self._warned.add(field)
        else:
            self._warned.discard(field)
        self._typed.pop(field, None)

    def choose(self, index: int) -> None:
        """Press option `index` of the current `choice` step."""
        step = self._require(ChoiceStep)
        assert isinstance(step, ChoiceStep)
        option = step.options[index]
        self._go(option.goto or self.guide.default_next(step))

    def next(self) -> None:
        """Go on from the current step (not a choice step: use `choose()`)."""
        if not self.can_advance():
            raise RunError(f"step {self.current.id!r} is not complete")
        self._go(self.guide.default_next(self.current))

    def back(self) -> None:
        """Return to the step before the current one on this run's path."""
        if not self.can_go_back:
            raise RunError("there is no step to go back to")
        self._history.pop()
        self._visited.append(self.current.id)

    def _go(self, target: str) -> None:
        if target in ENDS:
            self._finish(RunEnd.ABANDONED if target == STOP else RunEnd.COMPLETED)
            return
        step = self.guide.step(target)
        self._history.append(step)
        self._visited.append(step.id)

    def follow(self, path: Sequence[str], answers: Mapping[str, Answer]) -> None:
        """Walk from the current step along `path` (step ids, as `history` gives them), taking
        each step's answer from `answers`, as far as this guide allows: it stops at a step that
        no longer exists, a choice with no option leading on, or a step whose answer is
        missing. For the author's preview, which reloads an edited guide where the author was.
        """
        position = list(path)
        if not position or position[0] != self.current.id:
            return
        for target in position[1:]:
            step = self.current
            if self.finished or not self.guide.has_step(target):
                return
            if isinstance(step, ChoiceStep):
                leads = [
                    index
                    for index, option in enumerate(step.options)
                    if (option.goto or self.guide.default_next(step)) == target
                ]
                if not leads:
                    return
                self.choose(leads[0])
                continue
            field = getattr(step, "field", None)
            if isinstance(field, str) and field in answers:
                self._answers[field] = answers[field]
            if not self.can_advance() or self.guide.default_next(step) != target:
                return
            self.next()

    def hand_off(self) -> None:
        """End the run here: a volunteer takes over, or the resident is referred on."""
        if not self.finished:
            self._finish(RunEnd.HANDED_OFF)

    def abandon(self) -> None:
        """End the run here without completing it (reset, idle timeout, "I am done")."""
        if not self.finished:
            self._finish(RunEnd.ABANDONED)

    def not_done(self) -> None:
        """End the run here: the current step could not be carried out (its website could not be
        reached, ...), so the task is not done; the record says so (`ended: not_done`)."""
        if not self.finished:
            self._finish(RunEnd.NOT_DONE)

    def _finish(self, how: RunEnd) -> None:
        self.ended = how
        self.ended_at = self._clock()

    def wipe(self) -> None:
        """Forget every answer (the run's end, or a kiosk reset)."""
        self._answers.clear()
        self._typed.clear()
        self._warned.clear()

    def record(self) -> GuideRun:
        """The record of this ended run: never the answers."""
        if self.ended is None or self.ended_at is None:
            raise RunError("the run has not ended")
        return GuideRun(
            guide_id=self.guide.id,
            guide_version=self.guide.version,
            language=self.language,
            started_at=self.started_at,
            ended_at=self.ended_at,
            steps=tuple(self._visited),
            ended=self.ended,
            last_step=self.current.id,
            assisted_session=self.assisted_session,
        )
