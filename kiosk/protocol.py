"""Constants of the sync protocol that both sides share (docs/protocol.md).

Pure: no Qt, no database, no HTTP. The kiosk's sync client and the hub's API both import these,
so a constant of the wire format is written down once.
"""

from __future__ import annotations

from typing import Final

#: The version of the sync protocol; every answer and the location config carry it.
PROTOCOL_VERSION: Final = 1

#: The request header in which a kiosk reports how many records still wait in its outbox.
OUTBOX_HEADER: Final = "Kiosk-Outbox-Pending"
