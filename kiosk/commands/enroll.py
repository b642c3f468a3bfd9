"""`kiosk enroll HUB_URL CODE`: enroll this kiosk with a hub; the token goes to the keyring."""

from __future__ import annotations

import argparse

from kiosk.commands import Subparsers, add_command, load_settings_for


def register(subparsers: Subparsers) -> None:
    parser = add_command(
        subparsers, "enroll", "enroll this kiosk with a hub; the token goes to the keyring", handle
    )
    parser.add_argument("hub_url", metavar="HUB_URL", help="the hub, e.g. https://hub.example.be")
    parser.add_argument("code", metavar="CODE", help="the one-time code from the hub's admin")
    parser.add_argument("--name", help="how the hub lists this kiosk (default: the host name)")
    parser.add_argument("--config", metavar="FILE", help="read settings from FILE instead")


def handle(args: argparse.Namespace) -> int:
    from kiosk.i18n import _
    from kiosk.sync.enrollment import enroll

    paths, settings = load_settings_for(args)
    enrollment = enroll(
        paths.database, args.hub_url, args.code, name=args.name, ca_bundle=settings.hub.ca_bundle
    )
    print(
        _("Enrolled with {hub} as kiosk {id} at {location}.").format(
            hub=enrollment.hub_url, id=enrollment.kiosk_id, location=enrollment.location
        )
    )
    return 0
