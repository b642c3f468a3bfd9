"""`kiosk enroll HUB_URL CODE`: enroll this kiosk with a hub; the token goes to the keyring.

`--admin-pin-file FILE` also sets the location admin PIN on this kiosk (the first line of FILE,
kept as a hash): for a kiosk without a hub, `kiosk enroll --admin-pin-file FILE` alone. A kiosk
with a hub gets the admin PIN the coordinator sets there with its next sync, and the hub's wins.
Until there is one, the kiosk's admin screen cannot be opened (docs/volunteers.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.commands import Subparsers, add_command, load_settings_for


def register(subparsers: Subparsers) -> None:
    parser = add_command(
        subparsers, "enroll", "enroll this kiosk with a hub; the token goes to the keyring", handle
    )
    parser.add_argument(
        "hub_url", metavar="HUB_URL", nargs="?", help="the hub, e.g. https://hub.example.be"
    )
    parser.add_argument(
        "code", metavar="CODE", nargs="?", help="the one-time code from the hub's admin"
    )
    parser.add_argument("--name", help="how the hub lists this kiosk (default: the host name)")
    parser.add_argument("--config", metavar="FILE", help="read settings from FILE instead")
    parser.add_argument(
        "--admin-pin-file",
        metavar="FILE",
        help="set the location admin PIN from FILE's first line (a kiosk without a hub; "
        "the hub's, set by the coordinator, wins)",
    )


def _read_pin(path: str) -> str:
    from kiosk.errors import KioskError
    from kiosk.i18n import _

    try:
        if Path(path).stat().st_mode & 0o077:  # docs/deploy.md: written with umask 077
            print(
                _("Warning: other users can read {file}; remove it now (or chmod 600).").format(
                    file=path
                ),
                file=sys.stderr,
            )
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        raise KioskError(_("cannot read the PIN file {file}").format(file=path)) from None
    if not lines or not lines[0].strip():
        raise KioskError(_("{file}: the first line must hold the PIN").format(file=path))
    return lines[0].strip()


def _set_admin_pin(database: Path, pin: str) -> None:
    from kiosk.services.helpdesk import set_admin_pin_from_file
    from kiosk.store import RecordStore, open_database

    db = open_database(database)
    try:
        set_admin_pin_from_file(RecordStore(db), pin)
    finally:
        db.close()


def handle(args: argparse.Namespace) -> int:
    from kiosk.errors import KioskError
    from kiosk.i18n import _

    if (args.hub_url is None and args.admin_pin_file is None) or (args.hub_url and not args.code):
        raise KioskError(
            _("give the hub's address and the enrollment code, or --admin-pin-file FILE, or both")
        )
    paths, settings = load_settings_for(args)
    pin = _read_pin(args.admin_pin_file) if args.admin_pin_file else None
    if pin is not None:
        from kiosk.domain.pins import pin_problem

        problem = pin_problem(pin)
        if problem is not None:  # refused before anything is enrolled
            raise KioskError(_(problem))
    if args.hub_url:
        from kiosk.sync.enrollment import enroll

        enrollment = enroll(
            paths.database,
            args.hub_url,
            args.code,
            name=args.name,
            ca_bundle=settings.hub.ca_bundle,
        )
        print(
            _("Enrolled with {hub} as kiosk {id} at {location}.").format(
                hub=enrollment.hub_url, id=enrollment.kiosk_id, location=enrollment.location
            )
        )
    if pin is not None:
        _set_admin_pin(paths.database, pin)
        print(_("The location admin PIN is set on this kiosk."))
    return 0
