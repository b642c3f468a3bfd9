"""Sample data for `kiosk demo` and for tests: a location, a staff login, weeks of records.

The guide runs are walks through the guides the demo kiosk ships (resources/guides), so the
dashboard's guides and funnel steps are those a visitor of the demo kiosk sees.

    from kiosk.hub.dev.demo import seed_demo, start_hub_in_thread
    info = seed_demo(hub_dir)                       # or a HubSettings, or a database URL
    url, stop = start_hub_in_thread(info.settings)  # http://127.0.0.1:PORT
    print(url + "/login", info.staff_email, info.staff_password, info.enroll_code)
    ...
    stop()

Seeding is deterministic for a given `seed` and `now`, and safe to run again on the same
database (the sample records are added only once; a fresh enrollment code is made each time).
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select

from kiosk.domain.guide import END, ChoiceStep, Guide, HandoffStep
from kiosk.domain.records import TOPICS
from kiosk.hub.db.engine import HubDatabase, open_hub_db
from kiosk.hub.db.models import RecordRow, User
from kiosk.hub.dev.helpdesk import seed_helpdesk
from kiosk.hub.errors import NotFoundError
from kiosk.hub.guides.titles import guide_titles
from kiosk.hub.helpdesk.volunteers import volunteers
from kiosk.hub.kiosks.enrollment import KioskRef, create_enroll_code, enroll
from kiosk.hub.locations import add_location, find_location, set_contact, update_location
from kiosk.hub.records.ingest import prepare_all, store_batch
from kiosk.hub.server import start_hub_in_thread
from kiosk.hub.settings import HubSettings
from kiosk.hub.staff.accounts import add_user

__all__ = ["DemoInfo", "seed_demo", "start_hub_in_thread"]

STAFF_EMAIL = "staff@demo.example"
STAFF_PASSWORD = "demo-password"
#: The demo location's admin PIN (#21: the kiosk's admin screen opens only with it).
DEMO_ADMIN_PIN = "246813"
LOCATIONS = ("Bibliotheek Centrum", "Digitaal Hulppunt Noord")
REFERRALS = [
    {"id": "social_services", "label": "Sociale dienst (OCMW)"},
    {"id": "tax_office", "label": "Belastingkantoor (FOD Financiën)"},
    {"id": "library_course", "label": "Computercursus in de bibliotheek"},
    {"id": "legal_aid", "label": "Juridisch advies (justitiehuis)"},
]
#: How often residents open each shipped guide (the demo kiosk's guides, resources/guides); a
#: guide not named here is opened as often as the least used one.
GUIDE_WEIGHTS = {
    "digital-login": 30,
    "meter-reading": 25,
    "help-appointment": 20,
    "doctor-appointment": 15,
    "read-qr-code": 10,
}
TOPIC_WEIGHTS = (14, 12, 18, 6, 9, 7, 5, 4, 10, 11, 4)
#: A JSON object of sync protocol v1 (a record envelope or its data).
Json = dict[str, object]
LANGUAGES = ("nl", "nl", "nl", "fr", "en", "ar", "tr", "uk")


@dataclass(frozen=True)
class DemoInfo:
    settings: HubSettings
    staff_email: str
    staff_password: str
    location_name: str
    location_id: str
    enroll_code: str
    records_added: int
    admin_pin: str = DEMO_ADMIN_PIN
    #: (volunteer name, invitation code as printed) for a first PIN, made at every start
    invitation: tuple[str, str] | None = None


def _settings_for(target: HubSettings | Path | str) -> HubSettings:
    if isinstance(target, HubSettings):
        return target
    if isinstance(target, str) and "://" in target:
        from kiosk.paths import resolve_paths

        return HubSettings.for_dir(resolve_paths().hub_dir, target)
    return HubSettings.for_dir(Path(target))


def _session(rng: random.Random, start: datetime, volunteer: str) -> Json:
    topics = sorted(set(rng.choices(TOPICS, weights=TOPIC_WEIGHTS, k=rng.choice((1, 1, 1, 2, 3)))))
    outcome = rng.choices(("helped", "partly", "not_helped", "referred"), (60, 20, 8, 12))[0]
    return {
        "started_at": start.isoformat(timespec="seconds"),
        "ended_at": (start + timedelta(minutes=rng.randint(8, 55))).isoformat(timespec="seconds"),
        "topics": topics,
        "outcome": outcome,
        "referral": rng.choice(REFERRALS)["id"] if outcome == "referred" else None,
        "language": rng.choice(LANGUAGES),
        "age_band": rng.choice(("under_25", "25_44", "45_64", "65_74", "75_plus", None)),
        "first_visit": rng.choice((True, False, None)),
        "volunteer": volunteer,
    }


def _shipped_guides() -> list[Guide]:
    """The guides the demo kiosk shows (the shipped ones), in a fixed order."""
    return sorted(guide_titles(None).guides.values(), key=lambda guide: guide.id)


def _walk(rng: random.Random, guide: Guide) -> tuple[list[str], str]:
    """A resident's way through `guide`: the steps seen and how the run ended. At a choice
    the resident picks one of its options; at every step they may give up; a handoff step
    ends the run there (handed off); the end of the guide completes it."""
    steps: list[str] = []
    step = guide.first
    while True:
        steps.append(step.id)
        if isinstance(step, HandoffStep):
            return steps, "handed_off"
        if rng.random() < 0.07:
            return steps, rng.choices(("abandoned", "handed_off"), (80, 20))[0]
        if isinstance(step, ChoiceStep) and step.options:
            target = rng.choice(step.options).goto or guide.default_next(step)
        else:
            target = guide.default_next(step)
        if target == END or not guide.has_step(target) or target in steps or len(steps) > 40:
            return steps, "completed"
        step = guide.step(target)


def _run(rng: random.Random, start: datetime, guides: list[Guide]) -> Json:
    least = min(GUIDE_WEIGHTS.values())
    guide = rng.choices(guides, [GUIDE_WEIGHTS.get(g.id, least) for g in guides])[0]
    steps, ended = _walk(rng, guide)
    return {
        "guide_id": guide.id,
        "guide_version": guide.version,
        "language": rng.choice(LANGUAGES),
        "started_at": start.isoformat(timespec="seconds"),
        "ended_at": (start + timedelta(minutes=rng.randint(2, 25))).isoformat(timespec="seconds"),
        "steps": steps,
        "ended": ended,
        "last_step": steps[-1],
        "assisted_session": None,
    }


def sample_records(
    rng: random.Random,
    weeks: int,
    now: datetime,
    busy: float = 1.0,
    volunteer_ids: list[str] | None = None,
) -> list[Json]:
    """Envelopes of sync protocol v1 for `weeks` weeks of opening days before `now`; the
    sessions name the volunteers `volunteer_ids` (the location's), else vol-1 to vol-4."""
    helpers = volunteer_ids or [f"vol-{n}" for n in range(1, 5)]
    records: list[Json] = []
    guides = _shipped_guides()
    first_day = (now - timedelta(weeks=weeks)).date()
    day = first_day
    while day < now.date():
        if day.weekday() < 5:
            for _ in range(max(0, round(rng.gauss(6 * busy, 2)))):
                start = datetime(
                    day.year, day.month, day.day, rng.randint(9, 16), rng.randint(0, 59), tzinfo=UTC
                )
                data = _session(rng, start, rng.choice(helpers))
                records.append(_envelope(rng, "assisted_session", start, data))
            for _ in range(max(0, round(rng.gauss(9 * busy, 3)))):
                start = datetime(
                    day.year, day.month, day.day, rng.randint(9, 17), rng.randint(0, 59), tzinfo=UTC
                )
                records.append(_envelope(rng, "guide_run", start, _run(rng, start, guides)))
        day += timedelta(days=1)
    return records


def _envelope(rng: random.Random, kind: str, start: datetime, data: Json) -> Json:
    return {
        "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "kind": kind,
        "revision": 1,
        "created_at": (start + timedelta(hours=1)).isoformat(timespec="seconds"),
        "data": data,
    }


def _location(db: HubDatabase, name: str) -> str:
    try:
        return find_location(db, name).id
    except NotFoundError:
        location_id = add_location(db, name)
        update_location(
            db,
            location_id,
            idle_timeout=180,
            allowed_sites=["https://www.belastingdienst.nl"],
            referrals=REFERRALS,
        )
        # The ticket and the .ics name where to come and whom to call (#23).
        set_contact(db, location_id, address="Kerkstraat 1, 1000 Brussel", phone="+32 2 123 45 67")
        return location_id


def seed_demo(
    target: HubSettings | Path | str, *, weeks: int = 6, seed: int = 5, now: datetime | None = None
) -> DemoInfo:
    """Create the demo location(s), staff login and sample records; returns what to show."""
    settings = _settings_for(target)
    moment = now or datetime.now(UTC)
    rng = random.Random(seed)
    db = open_hub_db(settings.db_url)
    try:
        with db.sessions() as session:
            has_user = session.scalar(select(User.id).where(User.email == STAFF_EMAIL))
            has_records = session.scalar(select(func.count()).select_from(RecordRow)) or 0
        if has_user is None:
            add_user(db, STAFF_EMAIL, "hub_admin", STAFF_PASSWORD)
        ids = [_location(db, name) for name in LOCATIONS]
        # the volunteers first: the sample sessions name them, as a kiosk's sessions do
        seed_helpdesk(db, ids)
        on_duty = {
            location_id: [v.id for v in volunteers(db) if v.location_id == location_id]
            for location_id in ids
        }
        added = 0
        if not has_records:
            for index, name in enumerate(LOCATIONS):
                code, _expires = create_enroll_code(db, name, 1, moment)
                kiosk = enroll(db, code, f"{name} kiosk 1", moment)
                ref = KioskRef(kiosk.kiosk_id, kiosk.location_id)
                raw = sample_records(
                    rng,
                    weeks,
                    moment,
                    busy=1.0 if index == 0 else 0.6,
                    volunteer_ids=on_duty[kiosk.location_id],
                )
                valid, _rejected = prepare_all(raw)
                for start in range(0, len(valid), 500):
                    store_batch(db.sessions, ref, valid[start : start + 500], moment, 0)
                added += len(valid)
        invitation = _pins(db, ids[0])
        code, _expires = create_enroll_code(db, LOCATIONS[0], 24, moment)
    finally:
        db.close()
    return DemoInfo(
        settings=settings,
        staff_email=STAFF_EMAIL,
        staff_password=STAFF_PASSWORD,
        location_name=LOCATIONS[0],
        location_id=ids[0],
        enroll_code=code,
        records_added=added,
        invitation=invitation,
    )


def _pins(db: HubDatabase, location_id: str) -> tuple[str, str] | None:
    """The demo location's admin PIN (set once) and a fresh invitation code for its first
    volunteer without a PIN (None when they all have one)."""
    from kiosk.hub.helpdesk import invitations, volunteers

    if not invitations.admin_pin_set(db).get(location_id):
        invitations.set_admin_pin(db, location_id, DEMO_ADMIN_PIN)
    waiting = [
        v for v in volunteers.volunteers(db) if v.location_id == location_id and not v.has_pin
    ]
    if not waiting:
        return None
    made = invitations.invite(db, waiting[0].id)
    return made.name, made.shown
