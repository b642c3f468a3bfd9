"""Sample data for `kiosk demo` and for tests: a location, a staff login, weeks of records.

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

from kiosk.domain.records import TOPICS
from kiosk.hub.db.engine import HubDatabase, open_hub_db
from kiosk.hub.db.models import RecordRow, User
from kiosk.hub.dev.helpdesk import seed_helpdesk
from kiosk.hub.errors import NotFoundError
from kiosk.hub.kiosks.enrollment import KioskRef, create_enroll_code, enroll
from kiosk.hub.locations import add_location, find_location, update_location
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
    {"id": "social_services", "label": "Social services (OCMW/CPAS)"},
    {"id": "tax_office", "label": "Tax office"},
    {"id": "library_course", "label": "Library computer course"},
    {"id": "legal_aid", "label": "Legal aid desk"},
]
GUIDES: dict[str, tuple[str, ...]] = {
    "digid-apply": ("intro", "open_site", "enter_bsn", "choose_method", "confirm", "done"),
    "energy-allowance": ("intro", "check_income", "open_form", "upload_proof", "submit", "done"),
    "tax-return": ("intro", "login", "check_data", "sign", "done"),
    "book-appointment": ("choose_service", "choose_slot", "ticket"),
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
        "volunteer": f"vol-{volunteer}",
    }


def _run(rng: random.Random, start: datetime) -> Json:
    guide = rng.choices(list(GUIDES), (30, 25, 20, 25))[0]
    steps = GUIDES[guide]
    reached = 1
    while reached < len(steps) and rng.random() < 0.82:
        reached += 1
    done = reached == len(steps)
    ended = "completed" if done else rng.choices(("abandoned", "handed_off"), (75, 25))[0]
    return {
        "guide_id": guide,
        "guide_version": 1,
        "language": rng.choice(LANGUAGES),
        "started_at": start.isoformat(timespec="seconds"),
        "ended_at": (start + timedelta(minutes=rng.randint(2, 25))).isoformat(timespec="seconds"),
        "steps": list(steps[:reached]),
        "ended": ended,
        "last_step": steps[reached - 1],
        "assisted_session": None,
    }


def sample_records(rng: random.Random, weeks: int, now: datetime, busy: float = 1.0) -> list[Json]:
    """Envelopes of sync protocol v1 for `weeks` weeks of opening days before `now`."""
    records: list[Json] = []
    first_day = (now - timedelta(weeks=weeks)).date()
    day = first_day
    while day < now.date():
        if day.weekday() < 5:
            for _ in range(max(0, round(rng.gauss(6 * busy, 2)))):
                start = datetime(
                    day.year, day.month, day.day, rng.randint(9, 16), rng.randint(0, 59), tzinfo=UTC
                )
                data = _session(rng, start, str(rng.randint(1, 4)))
                records.append(_envelope(rng, "assisted_session", start, data))
            for _ in range(max(0, round(rng.gauss(9 * busy, 3)))):
                start = datetime(
                    day.year, day.month, day.day, rng.randint(9, 17), rng.randint(0, 59), tzinfo=UTC
                )
                records.append(_envelope(rng, "guide_run", start, _run(rng, start)))
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
        added = 0
        if not has_records:
            for index, name in enumerate(LOCATIONS):
                code, _expires = create_enroll_code(db, name, 1, moment)
                kiosk = enroll(db, code, f"{name} kiosk 1", moment)
                ref = KioskRef(kiosk.kiosk_id, kiosk.location_id)
                raw = sample_records(rng, weeks, moment, busy=1.0 if index == 0 else 0.6)
                valid, _rejected = prepare_all(raw)
                for start in range(0, len(valid), 500):
                    store_batch(db.sessions, ref, valid[start : start + 500], moment, 0)
                added += len(valid)
        seed_helpdesk(db, ids)
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
