"""The `ended` value `not_done` (#23): a guide that reached a step it could not carry out (its
website could not be reached) is recorded as not done. The hub accepts it, counts it as not
completed, and its funnels show where runs stopped not done; older kiosks never send it."""

from __future__ import annotations

from datetime import date

from kiosk.domain.records import RunEnd
from kiosk.hub.records import dashboard
from kiosk.hub.records.stats import Filters
from tests.hub.conftest import LiveHub
from tests.hub.records.envelopes import envelope, run

PERIOD = Filters(start=date(2025, 1, 1), end=date(2025, 12, 31))


def test_a_run_not_done_is_accepted_and_never_counted_as_completed(sqlite_hub: LiveHub) -> None:
    done = run()
    not_done = run(ended=RunEnd.NOT_DONE, steps=("intro", "open_site"), last_step="open_site")
    abandoned = run(ended=RunEnd.ABANDONED, steps=("intro",), last_step="intro")
    body = [envelope(r) for r in (done, not_done, abandoned)]
    assert body[1]["data"]["ended"] == "not_done"
    token = sqlite_hub.enroll()
    response = sqlite_hub.client.post(
        "/api/v1/records", json={"records": body}, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    assert sorted(response.json()["accepted"]) == sorted(r["uuid"] for r in body)

    board = dashboard.build(sqlite_hub.db, PERIOD)
    assert board.totals["runs"] == 3
    assert board.totals["completed_pct"] == 33  # one of three: not_done is not completed
    series = {s.label: s.values for s in board.charts["guides"].series}  # a Chart since #19
    assert series["Not done (a step could not be carried out)"] == [1]
    assert series["Completed"] == [1]
    (funnel,) = board.funnels
    columns = {s.label: s.values for s in funnel.series}
    steps = dict(zip(funnel.labels, columns["Not done here"], strict=True))
    assert steps == {"intro": 0, "open_site": 1, "done": 0}
    abandoned_at = dict(zip(funnel.labels, columns["Abandoned here"], strict=True))
    assert abandoned_at == {"intro": 1, "open_site": 0, "done": 0}
