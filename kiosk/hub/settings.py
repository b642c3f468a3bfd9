"""The hub's settings: one frozen object, built from command-line options and the environment.

`HubSettings.from_home()` puts everything under `KIOSK_HOME/hub/` (the SQLite database, the log
file, later the TUF repository); `--db URL` points at PostgreSQL instead. Environment variables
`KIOSK_HUB_DB`, `KIOSK_HUB_RETENTION_MONTHS`, `KIOSK_HUB_AUDIT_RETENTION_MONTHS`,
`KIOSK_HUB_COOKIE_SECURE` and `KIOSK_HUB_TRUSTED_PROXIES` override the defaults.

**Trusted proxy addresses**: the hub limits logins, enrollment and cancel-code guesses per
client address. Behind a reverse proxy every request comes from the proxy, so the hub takes the
client's address from `X-Forwarded-For` (and the scheme from `X-Forwarded-Proto`), but only
when the request comes from one of these addresses or networks; from anyone else those headers
are ignored, so a client cannot pick its own address. The default is loopback only (a proxy on
the same machine).
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.hub.errors import HubError

DEFAULT_RETENTION_MONTHS = 24
DEFAULT_AUDIT_RETENTION_MONTHS = 24
MAX_BATCH_RECORDS = 1000
MAX_BATCH_BYTES = 2 * 1024 * 1024
LOOPBACK_PROXIES = ("127.0.0.1", "::1")


@dataclass(frozen=True)
class HubSettings:
    """Everything a hub process needs to know; nothing else reads the environment."""

    db_url: str
    hub_dir: Path
    retention_months: int = DEFAULT_RETENTION_MONTHS
    max_batch_records: int = MAX_BATCH_RECORDS
    max_batch_bytes: int = MAX_BATCH_BYTES
    #: True/False forces the Secure flag on cookies; None: Secure unless plain HTTP on loopback.
    cookie_secure: bool | None = None
    #: Run the daily retention job inside `serve`.
    purge_job: bool = True
    #: How long audit entries are kept (kiosk.hub.audit); the daily job purges older ones.
    audit_retention_months: int = DEFAULT_AUDIT_RETENTION_MONTHS
    session_hours: int = 12
    #: Failures for one account (within the window) after which each attempt waits first.
    login_attempts: int = 5
    login_window_minutes: int = 15
    #: The wait before the first delayed attempt; it doubles with each failure, up to the cap.
    login_backoff_seconds: float = 1.0
    login_backoff_cap_seconds: float = 30.0
    #: Failed logins from one client address (within the window) before it gets 429; higher
    #: than the per-account count because many people can share one address behind a NAT.
    login_address_attempts: int = 50
    #: Threads that verify passwords (argon2), off the event loop; more logins wait their turn.
    password_workers: int = 2
    #: Lifetime of the guide repository's TUF timestamp (issue #7); renewed at half of it.
    tuf_timestamp_hours: float = 24
    #: Addresses or networks (CIDR) whose X-Forwarded-For the hub believes; see the docstring.
    trusted_proxies: tuple[str, ...] = LOOPBACK_PROXIES

    @property
    def tuf_dir(self) -> Path:
        """Where issue #7 keeps the TUF repository the hub serves."""
        return self.hub_dir / "tuf"

    @classmethod
    def from_home(
        cls, home: str | os.PathLike[str] | None = None, db_url: str | None = None
    ) -> HubSettings:
        """Settings for the hub of `home` (else KIOSK_HOME, else platformdirs)."""
        from kiosk.paths import resolve_paths

        hub_dir = resolve_paths(home).hub_dir
        return cls.for_dir(hub_dir, db_url)

    @classmethod
    def for_dir(cls, hub_dir: Path, db_url: str | None = None) -> HubSettings:
        url = db_url or os.environ.get("KIOSK_HUB_DB") or sqlite_url(hub_dir / "hub.sqlite3")
        settings = cls(db_url=url, hub_dir=hub_dir)
        months = os.environ.get("KIOSK_HUB_RETENTION_MONTHS")
        if months:
            if not months.isdigit() or not 1 <= int(months) <= 240:
                raise HubError("KIOSK_HUB_RETENTION_MONTHS must be a whole number of months, 1-240")
            settings = replace(settings, retention_months=int(months))
        audit_months = os.environ.get("KIOSK_HUB_AUDIT_RETENTION_MONTHS")
        if audit_months:
            if not audit_months.isdigit() or not 1 <= int(audit_months) <= 240:
                raise HubError(
                    "KIOSK_HUB_AUDIT_RETENTION_MONTHS must be a whole number of months, 1-240"
                )
            settings = replace(settings, audit_retention_months=int(audit_months))
        secure = os.environ.get("KIOSK_HUB_COOKIE_SECURE")
        if secure:
            if secure not in ("0", "1"):
                raise HubError("KIOSK_HUB_COOKIE_SECURE must be 0 or 1")
            settings = replace(settings, cookie_secure=secure == "1")
        proxies = os.environ.get("KIOSK_HUB_TRUSTED_PROXIES")
        if proxies is not None:
            settings = replace(settings, trusted_proxies=parse_proxies(proxies.split(",")))
        return settings

    def with_(self, **changes: object) -> HubSettings:
        return replace(self, **changes)  # type: ignore[arg-type]


def parse_proxies(values: list[str]) -> tuple[str, ...]:
    """Addresses or CIDR networks, checked; an empty list trusts no proxy at all."""
    proxies: list[str] = []
    for raw in values:
        value = raw.strip()
        if not value:
            continue
        try:
            network = ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise HubError(
                f"trusted proxy {value!r} is not an IP address or network (like 10.0.0.5, "
                "10.0.0.0/24 or ::1); host names and '*' are not accepted"
            ) from None
        proxies.append(str(network.network_address) if network.num_addresses == 1 else str(network))
    return tuple(proxies)


def forwarded_allow_ips(settings: HubSettings) -> str:
    """The trusted proxies in the form uvicorn's `forwarded_allow_ips` takes ("" trusts none)."""
    return ",".join(settings.trusted_proxies)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"
