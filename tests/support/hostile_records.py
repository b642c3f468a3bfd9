"""Hypothesis strategies for record batches that mix good and hostile records (#17).

A good record is made by the kiosk's own domain code (`AssistedSession`, `GuideRun`), with a
fresh uuid, so the hub must accept it. A hostile record is a good one with one field broken the
way the security review broke them (times whose UTC form is outside years 1-9999, lone
surrogates, huge numbers, control and bidi characters, wrong types, unknown keys, nesting), or
any JSON value at all. Nesting stays below the hub's limit of 32 levels (deeper is a 422 for
the batch, by design) and batches stay far below the body cap.

Used by tests/hub/records/test_fuzz_batches.py and bench/fuzz_hub.py.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from kiosk.domain.records import AssistedSession, GuideRun, Outcome, RunEnd

Record = dict[str, Any]
T0 = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)

NASTY_TEXT = [
    "\ud800",
    "\udfff",
    "\x00",
    "\u202e",
    "\x9b",
    "²",
    "٣",
    "a" * 5000,
    "",
    " ",
    "../../etc/passwd",
    "'; DROP TABLE records; --",
    "<script>alert(1)</script>",
]
NASTY_TIMES = [
    "0001-01-01T00:30:00+01:00",
    "9999-12-31T23:30:00-01:00",
    "9999-12-31T23:59:59+00:00",
    "2025-02-30T10:00:00+00:00",
    "2025-03-03T10:00:00",
    "2025-03-03T10:00:00+24:00",
    "yesterday",
    "",
]
NASTY_NUMBERS: list[Any] = [
    -1,
    0,
    2**31,
    2**63,
    10**400,
    -(10**400),
    1.5,
    float("inf"),
    True,
    None,
    "1",
    "²",
]

_json_leaf = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
    st.sampled_from(NASTY_TEXT),
)
#: Any JSON value, at most a few levels deep.
any_json = st.recursive(
    _json_leaf,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def good_record(draw: st.DrawFn) -> Record:
    """A record the hub must accept: made by the kiosk's domain code, with a new uuid."""
    start = T0 + timedelta(minutes=draw(st.integers(0, 60 * 24 * 365)))
    record: AssistedSession | GuideRun
    if draw(st.booleans()):
        referred = draw(st.booleans())
        record = AssistedSession(
            started_at=start,
            ended_at=start + timedelta(minutes=draw(st.integers(0, 600))),
            topics=tuple(draw(st.sets(st.sampled_from(["taxes", "housing", "energy"])))),
            outcome=Outcome.REFERRED if referred else Outcome.HELPED,
            referral="social_services" if referred else None,
            volunteer=draw(st.sampled_from(["vol-1", "import", "7f0c2a"])),
            language=draw(st.sampled_from(["nl", "fr", None])),
        )
    else:
        record = GuideRun(
            guide_id="digid-apply",
            guide_version=draw(st.integers(0, 100)),
            language="nl",
            started_at=start,
            ended_at=start + timedelta(minutes=draw(st.integers(0, 60))),
            steps=("intro", "open_site", "done"),
            ended=draw(st.sampled_from(list(RunEnd))),
            last_step="done",
        )
    payload = record.to_payload()
    return {
        "uuid": record.uuid,  # random: hypothesis replays draws, and a replayed uuid is a duplicate
        "kind": record.kind.value,
        "revision": 1,
        "created_at": (start + timedelta(hours=1)).isoformat(timespec="seconds"),
        "data": payload,
    }


def _nested(depth: int) -> Any:
    value: Any = "deep"
    for level in range(depth):
        value = [value] if level % 2 else {"x": value}
    return value


@st.composite
def hostile_record(draw: st.DrawFn) -> Any:
    """A good record with one field broken, or any JSON value."""
    if draw(st.integers(0, 9)) == 0:
        return draw(any_json)
    record = copy.deepcopy(draw(good_record()))
    where = draw(st.sampled_from(["envelope", "data"]))
    target = record if where == "envelope" else record["data"]
    key = draw(st.sampled_from([*sorted(target), "extra_key"]))
    value = draw(
        st.one_of(
            st.sampled_from(NASTY_TEXT),
            st.sampled_from(NASTY_TIMES),
            st.sampled_from(NASTY_NUMBERS),
            st.integers(1, 20).map(_nested),
            any_json,
        )
    )
    if draw(st.integers(0, 5)) == 0:
        target.pop(key, None)
    else:
        target[key] = value
    return record


@st.composite
def mixed_batch(draw: st.DrawFn) -> tuple[list[Any], list[str]]:
    """A batch in random order and the uuids of its good records (which must be accepted)."""
    good = draw(st.lists(good_record(), min_size=0, max_size=8, unique_by=lambda r: r["uuid"]))
    bad = draw(st.lists(hostile_record(), min_size=1, max_size=8))
    batch: list[Any] = draw(st.permutations([*good, *bad]))
    good_uuids = [r["uuid"] for r in good]
    # a hostile record that reuses a good uuid with other content would be a fair conflict
    hostile_uuids = {
        r.get("uuid") for r in bad if isinstance(r, dict) and isinstance(r.get("uuid"), str)
    }
    return batch, [u for u in good_uuids if u not in hostile_uuids]


def body(batch: list[Any]) -> bytes:
    """The request body as a hostile client sends it: JSON with lone surrogates as \\ud800
    escapes (what `json.dumps` writes; httpx's own encoder refuses them), and huge numbers."""
    return json.dumps({"records": batch}, allow_nan=True).encode("ascii")


JSON_HEADERS = {"Content-Type": "application/json"}


def judge(answer: dict[str, Any], good_uuids: list[str]) -> list[str]:
    """What is wrong with the hub's 200 answer to a mixed batch (empty when nothing)."""
    problems: list[str] = []
    if answer.get("ok") is not True:
        problems.append("no ok: true")
    accepted = set(answer.get("accepted", []))
    missing = [u for u in good_uuids if u not in accepted]
    if missing:
        problems.append(f"good records not accepted: {missing}")
    return problems
