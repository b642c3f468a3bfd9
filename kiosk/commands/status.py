"""`kiosk status`: enrollment, outbox, last sync and installed guides, for people and scripts."""

from __future__ import annotations

import argparse
import json
from typing import Any

from kiosk.commands import add_command, load_settings_for


def register(subparsers: Any) -> None:
    parser = add_command(
        subparsers, "status", "show enrollment, outbox length, last sync and guides", handle
    )
    parser.add_argument("--config", metavar="FILE", help="read settings from FILE instead")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def collect_status(paths: Any, settings: Any) -> dict[str, Any]:
    """The status object (keys as documented for `kiosk status --json`)."""
    from kiosk.store import RecordStore, open_database

    status: dict[str, Any] = {
        "enrolled": False,
        "hub_url": settings.hub.url or None,
        "kiosk_id": None,
        "location": settings.location.name,
        "outbox_pending": 0,
        "outbox_parked": 0,
        "last_sync_ok": None,
        "last_error": None,
        "guides": [],
        "parked": [],
    }
    if paths.database.exists():
        database = open_database(paths.database)
        try:
            store = RecordStore(database)
            counts = store.counts()
            status["outbox_pending"] = counts.pending
            status["outbox_parked"] = counts.parked
            enrollment = store.get_state("enrollment") or {}
            status["enrolled"] = bool(enrollment.get("kiosk_id"))
            status["kiosk_id"] = enrollment.get("kiosk_id")
            status["hub_url"] = enrollment.get("hub_url") or status["hub_url"]
            status["location"] = enrollment.get("location") or status["location"]
            status["parked"] = [
                {"uuid": p.uuid, "kind": p.kind, "revision": p.revision, "reason": p.reason}
                for p in store.parked()
            ]
            sync = store.get_state("sync") or {}
            status["last_sync_ok"] = sync.get("last_sync_ok")
            status["last_error"] = sync.get("last_error")
        finally:
            database.close()
    status["guides"] = _installed_guides(paths)
    from kiosk.sync.guide_updates import read_state

    guide_state = read_state(paths)
    status["root_fingerprint"] = guide_state.get("root_fingerprint")
    status["guides_last_update_ok"] = guide_state.get("last_update_ok")
    status["guides_error"] = guide_state.get("last_error")
    return status


def _installed_guides(paths: Any) -> list[dict[str, Any]]:
    from kiosk import resources
    from kiosk.guides.catalog import load_catalog

    catalog = load_catalog([resources.builtin_guides_dir(), paths.guides_dir])
    return [
        {"id": g.id, "version": g.version}
        for g in sorted(catalog.guides.values(), key=lambda g: g.id)
    ]


def handle(args: argparse.Namespace) -> int:
    from kiosk.i18n import _

    paths, settings = load_settings_for(args)
    status = collect_status(paths, settings)
    if args.json:
        print(json.dumps(status, indent=2, ensure_ascii=False))
        return 0
    yes, no = _("yes"), _("no")
    lines = [
        _("Location: {name}").format(name=status["location"]),
        _("Enrolled: {answer}").format(answer=yes if status["enrolled"] else no),
        _("Hub: {url}").format(url=status["hub_url"] or "-"),
        _("Kiosk id: {id}").format(id=status["kiosk_id"] or "-"),
        _("Waiting to be sent: {n}").format(n=status["outbox_pending"]),
        _("Refused by the hub (parked): {n}").format(n=status["outbox_parked"]),
        _("Last good sync: {when}").format(when=status["last_sync_ok"] or "-"),
        _("Last error: {error}").format(error=status["last_error"] or "-"),
    ]
    lines += [f"  {p['uuid']} ({p['kind']}): {p['reason']}" for p in status["parked"]]
    lines += [
        _("Guide signing root (fingerprint): {fingerprint}").format(
            fingerprint=status["root_fingerprint"] or "-"
        ),
        _("Last guide update: {when}").format(when=status["guides_last_update_ok"] or "-"),
        _("Last guide error: {error}").format(error=status["guides_error"] or "-"),
    ]
    lines += [_("Guides: {n}").format(n=len(status["guides"]))]
    lines += [f"  {g['id']} (v{g['version']})" for g in status["guides"]]
    print("\n".join(lines))
    return 0
