"""The hub's settings: one frozen object, built from command-line options and the environment.

`HubSettings.from_home()` puts everything under `KIOSK_HOME/hub/` (the SQLite database, the log
file, later the TUF repository); `--db URL` points at PostgreSQL instead. Environment variables
`KIOSK_HUB_DB`, `KIOSK_HUB_RETENTION_MONTHS` and `KIOSK_HUB_COOKIE_SECURE` override the defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.hub.errors import HubError

DEFAULT_RETENTION_MONTHS = 24
MAX_BATCH_RECORDS = 1000
MAX_BATCH_BYTES = 2 * 1024 * 1024


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
    session_hours: int = 12
    login_attempts: int = 5
    login_window_minutes: int = 15
    #: Lifetime of the guide repository's TUF timestamp (issue #7); renewed at half of it.
    tuf_timestamp_hours: float = 24

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
        secure = os.environ.get("KIOSK_HUB_COOKIE_SECURE")
        if secure:
            if secure not in ("0", "1"):
                raise HubError("KIOSK_HUB_COOKIE_SECURE must be 0 or 1")
            settings = replace(settings, cookie_secure=secure == "1")
        return settings

    def with_(self, **changes: object) -> HubSettings:
        return replace(self, **changes)  # type: ignore[arg-type]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"
