"""The run state machine on the real meter-reading guide: branches, Back, answers, end states."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from kiosk.domain.guide import Guide
from kiosk.domain.records import RunEnd
from kiosk.domain.run import GuideRunState, RunError
from kiosk.guides import load_guide
from kiosk.resources import builtin_guides_dir

VALID_EAN = "541448820000000008"


@pytest.fixture(scope="module")
def meter() -> Guide:
    return load_guide(builtin_guides_dir() / "meter-reading")


def _clock() -> object:
    moments = iter(
        datetime(2025, 3, 1, 10, 0, tzinfo=UTC) + timedelta(minutes=n) for n in range(100)
    )
    return lambda: next(moments)


def _run(guide: Guide, language: str = "nl", locale: str = "nl_BE") -> GuideRunState:
    return GuideRunState(guide, language, locale, clock=_clock())  # type: ignore[arg-type]


def test_digital_branch_to_completion(meter: Guide) -> None:
    run = _run(meter)
    assert run.current.id == "start"
    assert not run.can_go_back
    run.next()
    run.next()
    assert run.current.id == "meter-type"
    assert not run.can_advance()
    with pytest.raises(RunError):
        run.next()
    run.choose(0)
    assert run.current.id == "read-digital"
    run.next()
    assert run.current.id == "ask-ean"
    assert not run.can_advance()
    rejected = run.answer("541448820000000009")
    assert rejected is not None
    assert "not correct" in rejected.message
    assert not run.can_advance()
    assert run.answer(VALID_EAN) is None
    run.next()
    assert run.answer("12345,5") is not None  # decimals: 0
    assert run.answer("-3") is not None
    assert run.answer("012345") is None
    run.next()
    assert run.current.id == "check"
    assert "**541448820000000008**" in run.render(run.current.text)
    # #23: echoed exactly as typed, never "12.345" (a decimal to a Dutch reader)
    assert "**012345 kWh**" in run.render(run.current.text)
    run.next()
    run.next()
    assert run.current.id == "proof"
    assert run.formatted_answer("reading") == "012345"
    run.next()
    assert run.ended is RunEnd.COMPLETED
    record = run.record()
    assert record.ended is RunEnd.COMPLETED
    assert record.last_step == "proof"
    assert record.steps == (
        "start",
        "ready",
        "meter-type",
        "read-digital",
        "ask-ean",
        "ask-reading",
        "check",
        "website",
        "proof",
    )
    assert record.started_at < record.ended_at


def test_back_after_a_branch_returns_to_the_branch(meter: Guide) -> None:
    run = _run(meter)
    run.next()
    run.next()
    run.choose(1)
    assert run.current.id == "read-analogue"
    run.next()
    assert run.current.id == "ask-ean"
    run.back()
    assert run.current.id == "read-analogue"
    run.back()
    assert run.current.id == "meter-type"
    run.choose(0)
    assert run.current.id == "read-digital"
    assert run.history == ("start", "ready", "meter-type", "read-digital")
    assert run.visited == (
        "start",
        "ready",
        "meter-type",
        "read-analogue",
        "ask-ean",
        "read-analogue",
        "meter-type",
        "read-digital",
    )


def test_step_numbers_follow_the_path(meter: Guide) -> None:
    run = _run(meter)
    assert (run.step_number, run.step_total) == (1, 9)
    run.next()
    run.next()
    run.choose(1)
    assert (run.step_number, run.step_total) == (4, 9)


def test_abandon_and_hand_off(meter: Guide) -> None:
    run = _run(meter)
    run.next()
    run.abandon()
    assert run.record().ended is RunEnd.ABANDONED
    assert run.record().last_step == "ready"
    with pytest.raises(RunError):
        run.next()
    other = _run(meter)
    other.hand_off()
    assert other.record().ended is RunEnd.HANDED_OFF
    with pytest.raises(RunError):
        _run(meter).record()


def test_the_record_never_holds_the_answers(meter: Guide) -> None:
    run = _run(meter)
    run.next()
    run.next()
    run.choose(0)
    run.next()
    run.answer(VALID_EAN)
    run.next()
    run.answer("98765")
    run.abandon()
    payload = repr(run.record().to_payload()) + repr(run.record())
    assert VALID_EAN not in payload
    assert "98765" not in payload
    run.wipe()
    assert dict(run.answers) == {}


def test_placeholders_are_formatted_for_the_locale(meter: Guide) -> None:
    run = _run(meter, "en", "en_GB")
    run.set_answer("reading", Decimal("12345"))
    run.set_answer("ean", VALID_EAN)
    check = meter.step("check")
    # #23: the locale's decimal sign, but never a grouping separator
    assert "**12345 kWh**" in run.render(check.text)
    assert "EAN code" in run.render(check.text)
    run_fr = _run(meter, "fr", "fr_BE")
    run_fr.set_answer("reading", Decimal("12345.5"))
    assert "12345,5" in run_fr.render(check.text)


def test_unknown_language_falls_back_to_the_first(meter: Guide) -> None:
    run = _run(meter, "de")
    assert run.language == "nl"
    assert run.render(meter.title) == "Meterstand doorgeven"


def test_choice_and_input_calls_on_the_wrong_step_are_refused(meter: Guide) -> None:
    run = _run(meter)
    with pytest.raises(RunError):
        run.choose(0)
    with pytest.raises(RunError):
        run.answer("1")
    with pytest.raises(RunError):
        run.back()


def test_follow_walks_an_earlier_path_with_its_answers(meter: Guide) -> None:
    earlier = _run(meter)
    earlier.next()  # start -> ready
    earlier.next()  # -> meter-type
    earlier.choose(0)  # the digital meter
    earlier.next()  # -> ask-ean
    assert earlier.answer("541448820000000008") is None
    earlier.next()  # -> ask-reading
    again = _run(meter)
    again.follow(earlier.history, earlier.answers)
    assert again.history == earlier.history
    assert dict(again.answers) == dict(earlier.answers)
    # Without the answer of a step on the way, it stops there.
    partial = _run(meter)
    partial.follow(earlier.history, {})
    assert partial.current.id == "ask-ean"
    # A path that does not start here, or an unknown step, goes nowhere further.
    lost = _run(meter)
    lost.follow(("elsewhere", "ready"), {})
    assert lost.current.id == "start"
    lost.follow(("start", "no-such-step"), {})
    assert lost.current.id == "start"


def test_a_step_that_could_not_be_carried_out_ends_the_run_not_done(meter: Guide) -> None:
    """#23: the run of a guide whose website could not be reached is never "completed"."""
    run = _run(meter)
    run.next()
    run.next()
    run.choose(0)
    run.next()
    assert run.answer(VALID_EAN) is None
    run.next()
    assert run.answer("12345") is None
    run.next()
    run.next()
    assert run.current.id == "website"
    run.not_done()
    assert run.finished
    record = run.record()
    assert record.ended is RunEnd.NOT_DONE
    assert record.last_step == "website"
    assert record.to_payload()["ended"] == "not_done"
    run.abandon()  # a later reset does not change how it ended
    assert run.record().ended is RunEnd.NOT_DONE
