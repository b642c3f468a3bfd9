"""The reset service runs every wipe action, in order, even when one fails."""

from __future__ import annotations

import logging

import pytest

from kiosk.reset import ResetReport, ResetService


def test_actions_run_in_order_and_report() -> None:
    calls: list[str] = []
    service = ResetService()
    service.register("first", lambda: calls.append("first"))
    service.register("second", lambda: calls.append("second"))
    reports: list[ResetReport] = []
    service.subscribe(reports.append)
    report = service.reset("test")
    assert calls == ["first", "second"]
    assert report.done == ("first", "second")
    assert report.ok
    assert reports == [report]


def test_a_failing_action_does_not_stop_the_others(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[str] = []
    service = ResetService()

    def broken() -> None:
        raise OSError("disk gone")

    service.register("broken", broken)
    service.register("after", lambda: calls.append("after"))
    with caplog.at_level(logging.ERROR):
        report = service.reset("idle")
    assert calls == ["after"]
    assert report.failed == (("broken", "OSError: disk gone"),)
    assert not report.ok
    assert "broken" in caplog.text


def test_names_are_unique_and_can_be_removed() -> None:
    service = ResetService()
    service.register("x", lambda: None)
    with pytest.raises(ValueError, match="already registered"):
        service.register("x", lambda: None)
    service.unregister("x")
    assert service.action_names == ()
