"""Constants of the sync protocol that both sides share (docs/protocol.md).

Pure: no Qt, no database, no HTTP. The kiosk's sync client and the hub's API both import these,
so a constant of the wire format is written down once.
"""

from __future__ import annotations

from typing import Final, TypeGuard

#: The version of the sync protocol; every answer and the location config carry it.
PROTOCOL_VERSION: Final = 1

#: The request header in which a kiosk reports how many records still wait in its outbox.
OUTBOX_HEADER: Final = "Kiosk-Outbox-Pending"

#: Request headers in which a kiosk reports its last sync error (percent-encoded UTF-8, one
#: line) and when it happened (ISO 8601); sent with the config pull when there was one.
LAST_ERROR_HEADER: Final = "Kiosk-Last-Error"
LAST_ERROR_AT_HEADER: Final = "Kiosk-Last-Error-At"
#: The longest last error (characters) a kiosk sends and the hub keeps.
LAST_ERROR_MAX: Final = 300

#: The idle timeouts (seconds) a kiosk accepts, from its settings file or from its location's
#: config (the hub refuses others when an admin sets them).
IDLE_TIMEOUT_MIN_S: Final = 10
IDLE_TIMEOUT_MAX_S: Final = 3600


def idle_timeout_ok(seconds: object) -> TypeGuard[int]:
    """True when `seconds` is a whole number of seconds in the accepted idle-timeout range."""
    return (
        isinstance(seconds, int)
        and not isinstance(seconds, bool)
        and IDLE_TIMEOUT_MIN_S <= seconds <= IDLE_TIMEOUT_MAX_S
    )
