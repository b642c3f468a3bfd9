"""`kiosk sync [--once]`: send the outbox and pull the location config, headless."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from kiosk.commands import Subparsers, add_command, load_settings_for

if TYPE_CHECKING:
    from kiosk.store import RecordStore
    from kiosk.sync.service import SyncService


def register(subparsers: Subparsers) -> None:
    parser = add_command(
        subparsers, "sync", "send the outbox and fetch guides and config, headless", handle
    )
    parser.add_argument(
        "--once",
        action="store_true",
        help="sync once now and exit: 0 when nothing is left to send, 1 with the reason otherwise",
    )
    parser.add_argument("--config", metavar="FILE", help="read settings from FILE instead")


def handle(args: argparse.Namespace) -> int:
    from kiosk.store import RecordStore, open_database
    from kiosk.sync.enrollment import require_enrollment
    from kiosk.sync.service import SyncService

    paths, settings = load_settings_for(args)
    database = open_database(paths.database)
    try:
        store = RecordStore(database)
        require_enrollment(store)
        service = SyncService(store, ca_bundle=settings.hub.ca_bundle, paths=paths)
        if args.once:
            return _once(store, service)
        return _loop(service, settings.hub.sync_interval)
    finally:
        database.close()


def _once(store: RecordStore, service: SyncService) -> int:
    import sys

    from kiosk.i18n import _, ngettext

    store.retry_now()  # an operator asking for a sync means now, whatever the backoff says
    result = service.sync_once()
    print(
        _("Sent: {sent}; refused by the hub (parked): {parked}; still waiting: {pending}").format(
            sent=result.sent, parked=result.parked, pending=result.pending
        )
    )
    if result.error is not None:
        print(f"kiosk: {result.error}", file=sys.stderr)
        return 1
    if result.pending:
        print(
            "kiosk: "
            + ngettext(
                "{n} record is still waiting to be sent; run again",
                "{n} records are still waiting to be sent; run again",
                result.pending,
            ).format(n=result.pending),
            file=sys.stderr,
        )
        return 1
    return 0


def _loop(service: SyncService, interval: int) -> int:
    import signal
    import threading

    from kiosk.i18n import ngettext

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_args: stop.set())
    syncing = ngettext(
        "Syncing every {n} second; press Ctrl-C to stop.",
        "Syncing every {n} seconds; press Ctrl-C to stop.",
        interval,
    )
    print(syncing.format(n=interval), flush=True)
    try:
        service.run(interval, stop)
    except KeyboardInterrupt:
        stop.set()
    return 0
