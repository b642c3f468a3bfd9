"""The HTTP side of talking to the hub: which addresses are allowed, and the httpx client.

HTTPS is verified (optionally against the municipality's own CA bundle, `[hub] ca_bundle`);
plain `http://` is allowed only to this machine (127.0.0.1, localhost, ::1), for tests and the
demo. Redirects are never followed: a hub does not redirect its API, a captive portal does.
Every request has explicit timeouts. The environment's proxy settings are not used
(`trust_env=False`), so what the kiosk talks to depends only on its configuration.
"""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from kiosk.i18n import _
from kiosk.sync.errors import HubUrlError

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
USER_AGENT = "kiosk-sync/1"


@dataclass(frozen=True)
class Timeouts:
    """Seconds to wait for each phase of a request (tests use short ones)."""

    connect: float = 10.0
    read: float = 30.0
    write: float = 30.0
    pool: float = 10.0

    def httpx(self) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=self.read, write=self.write, pool=self.pool)


def normalize_hub_url(url: str) -> str:
    """`url` without a trailing slash, or HubUrlError when the kiosk may not talk to it."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise HubUrlError(_("{url} is not a valid hub address").format(url=url)) from None
    if parts.scheme not in ("https", "http") or not host:
        raise HubUrlError(
            _("{url} is not a hub address; give one such as https://hub.example.be").format(url=url)
        )
    if parts.username or parts.password or parts.query or parts.fragment:
        raise HubUrlError(
            _("the hub address {url} must not contain a user name, query or fragment").format(
                url=url
            )
        )
    if parts.scheme == "http" and host not in LOOPBACK_HOSTS:
        raise HubUrlError(
            _("the hub address must start with https:// (plain http is only for this machine)")
        )
    return text.rstrip("/")


def verify_setting(ca_bundle: str) -> ssl.SSLContext | bool:
    """Certificate verification: the system's trust (True) or the given CA bundle file."""
    if not ca_bundle:
        return True
    path = Path(ca_bundle).expanduser()
    if not path.is_file():
        raise HubUrlError(
            _("the CA bundle {path} ([hub] ca_bundle) does not exist").format(path=path)
        )
    try:
        return ssl.create_default_context(cafile=str(path))
    except (ssl.SSLError, OSError) as exc:
        raise HubUrlError(
            _("the CA bundle {path} cannot be used: {reason}").format(path=path, reason=exc)
        ) from None


def make_client(
    hub_url: str, ca_bundle: str = "", timeouts: Timeouts | None = None
) -> httpx.Client:
    """An httpx client for the hub at `hub_url` (checked), never following redirects."""
    base = normalize_hub_url(hub_url)
    return httpx.Client(
        base_url=base,
        verify=verify_setting(ca_bundle),
        timeout=(timeouts or Timeouts()).httpx(),
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": USER_AGENT},
    )
