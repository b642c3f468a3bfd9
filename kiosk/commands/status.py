"""`kiosk status`: enrollment, outbox, last sync and installed guides, for people and scripts.

What is reported comes from `kiosk.services.status.collect_status()`, which the admin screen
shows too; this module only prints it.
"""

from __future__ import annotations

import argparse
import json

from kiosk.commands import Subparsers, add_command, load_settings_for


def register(subparsers: Subparsers) -> None:
    parser = add_command(
        subparsers, "status", "show enrollment, outbox length, last sync and guides", handle
    )
    parser.add_argument("--config", metavar="FILE", help="read settings from FILE instead")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def handle(args: argparse.Namespace) -> int:
    from kiosk.i18n import _, moment_text, set_country, set_time_zone
    from kiosk.services.status import collect_status

    paths, settings = load_settings_for(args)
    set_country(settings.location.country)
    status = collect_status(paths, settings)
    set_time_zone(status.get("timezone"))  # times in the location's zone, as on the admin screen
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
        _("Last good sync: {when}").format(when=moment_text(status["last_sync_ok"]) or "-"),
        _last_error_line(status["last_error"], status["last_error_at"]),
    ]
    lines += [f"  {p['uuid']} ({p['kind']}): {p['reason']}" for p in status["parked"]]
    lines += [
        _("Guide signing root (fingerprint): {fingerprint}").format(
            fingerprint=status["root_fingerprint"] or "-"
        ),
        _("Last guide update: {when}").format(
            when=moment_text(status["guides_last_update_ok"]) or "-"
        ),
        _("Last guide error: {error}").format(error=status["guides_error"] or "-"),
    ]
    lines += [_("Guides: {n}").format(n=len(status["guides"]))]
    hidden = set(status["hidden_guides"])
    lines += [
        f"  {g['id']} (v{g['version']})"
        + (" " + _("hidden at this location") if g["id"] in hidden else "")
        for g in status["guides"]
    ]
    lines += [
        _("Hidden at this location (hub setting): {ids}").format(
            ids=", ".join(status["hidden_guides"]) or "-"
        )
    ]
    lines += [_("Log files: {folder}").format(folder=status["log_dir"])]
    print("\n".join(lines))
    return 0


def _last_error_line(error: str | None, when: str | None) -> str:
    from kiosk.i18n import _, moment_text

    if error and when:
        return _("Last error: {error} (at {when})").format(error=error, when=moment_text(when))
    return _("Last error: {error}").format(error=error or "-")
