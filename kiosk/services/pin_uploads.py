"""Sending the PIN hashes volunteers set on this kiosk to the hub, and keeping what it did.

A round has three parts, each run where it belongs (`kiosk.ui.flows.sync.PinUploads` runs
them; a script could call them in a row):

1. `pending_with_access(store)` (database thread): the hub access and the pending hashes;
2. `upload_all(access, pending, ...)` (a worker: it waits on the network);
3. `settle_all(store, uploaded)` (database thread): what the hub did, kept in the store.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from kiosk.services.helpdesk import hub_access, pending_pin_uploads, settle_pin_upload

if TYPE_CHECKING:
    from kiosk.store import RecordStore
    from kiosk.sync.transport import Timeouts

log = logging.getLogger(__name__)

#: (volunteer id, hash, what the hub did: a `kiosk.sync.helpdesk.PinUpload` value)
Uploaded = tuple[str, str, str]
#: (hub URL, token)
Access = tuple[str, str]


#: (volunteer id, hash, the invitation code it was chosen with)
Pending = tuple[str, str, str]


def pending_with_access(store: RecordStore) -> tuple[Access, list[Pending]] | None:
    """(hub access, pending uploads); None when nothing is pending."""
    pending = list(pending_pin_uploads(store))
    if not pending:
        return None
    return hub_access(store), pending


def upload_all(
    access: Access, pending: list[Pending], ca_bundle: str, timeouts: Timeouts
) -> list[Uploaded]:
    """Upload each hash; stops at the first sign that the hub is unreachable."""
    from kiosk.sync import helpdesk

    hub_url, token = access
    done: list[Uploaded] = []
    for volunteer_id, pin_hash, code in pending:
        try:
            result = helpdesk.upload_pin(
                hub_url,
                token,
                volunteer_id,
                pin_hash,
                invitation_code=code or None,
                ca_bundle=ca_bundle,
                timeouts=timeouts,
            )
        except (helpdesk.HubOfflineError, helpdesk.KioskRefusedError) as exc:
            log.info("PIN uploads wait for the hub: %s", exc)
            break
        except helpdesk.HelpdeskError as exc:
            log.warning("the PIN of %s is kept on this kiosk: %s", volunteer_id, exc)
            continue
        if result is helpdesk.PinUpload.UNKNOWN_VOLUNTEER:
            log.warning(
                "the hub does not know volunteer %s; their PIN here is dropped", volunteer_id
            )
        elif result is helpdesk.PinUpload.INVITATION_REFUSED:
            log.warning(
                "the hub refused the invitation code of volunteer %s; their PIN here is dropped",
                volunteer_id,
            )
        else:
            log.info("the PIN of %s is on the hub (%s)", volunteer_id, result.value)
        done.append((volunteer_id, pin_hash, result.value))
    return done


def settle_all(store: RecordStore, uploaded: list[Uploaded]) -> list[Uploaded]:
    """Keep what the hub did with each uploaded hash; returns `uploaded`."""
    for volunteer_id, pin_hash, result in uploaded:
        settle_pin_upload(store, volunteer_id, pin_hash, result)
    return uploaded
