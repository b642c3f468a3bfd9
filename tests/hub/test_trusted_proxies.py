"""Trusted proxy addresses: X-Forwarded-For counts only from the configured proxies (#17)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from kiosk.hub.errors import HubError
from kiosk.hub.server import start_hub_in_thread
from kiosk.hub.settings import HubSettings, parse_proxies


def test_proxies_are_addresses_or_networks() -> None:
    assert parse_proxies(["10.0.0.5", " 10.1.0.0/16 ", "::1", ""]) == (
        "10.0.0.5",
        "10.1.0.0/16",
        "::1",
    )
    assert parse_proxies([]) == ()
    for bad in ("*", "proxy.example", "10.0.0.0/33"):
        with pytest.raises(HubError, match="not an IP address"):
            parse_proxies([bad])


def test_environment_sets_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert HubSettings.for_dir(tmp_path).trusted_proxies == ("127.0.0.1", "::1")
    monkeypatch.setenv("KIOSK_HUB_TRUSTED_PROXIES", "10.20.0.5,10.30.0.0/24")
    assert HubSettings.for_dir(tmp_path).trusted_proxies == ("10.20.0.5", "10.30.0.0/24")
    monkeypatch.setenv("KIOSK_HUB_TRUSTED_PROXIES", "everyone")
    with pytest.raises(HubError):
        HubSettings.for_dir(tmp_path)


def _failed_logins(url: str, forwarded_for: str, email: str, times: int) -> list[int]:
    codes = []
    with httpx.Client(base_url=url, follow_redirects=False) as client:
        for _ in range(times):
            page = client.get("/login")
            token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            answer = client.post(
                "/login",
                data={"email": email, "password": "wrong password 123", "csrf_token": token},
                headers={"X-Forwarded-For": forwarded_for},
            )
            codes.append(answer.status_code)
    return codes


@pytest.mark.parametrize(
    ("proxies", "other_client_limited"),
    [(("127.0.0.1",), False), ((), True), (("10.0.0.0/8",), True)],
)
def test_forwarded_for_only_from_trusted_proxies(
    tmp_path: Path, proxies: tuple[str, ...], other_client_limited: bool
) -> None:
    """Five failed logins from one client; a sixth from another client with another e-mail.
    (Issue #18 limits addresses separately from accounts: `login_address_attempts`.)

    When the hub trusts its loopback peer as a proxy, the two clients are told apart by
    X-Forwarded-For and the second is not limited. When it does not trust the peer, the header
    is ignored: both are the peer's address, and the second is refused too.
    """
    settings = HubSettings.for_dir(tmp_path / "hub").with_(
        trusted_proxies=proxies, login_address_attempts=5
    )
    url, stop = start_hub_in_thread(settings)
    try:
        first = _failed_logins(url, "198.51.100.7", "a@example.org", 6)
        second = _failed_logins(url, "203.0.113.9", "b@example.org", 1)
    finally:
        stop()
    assert first[-1] == 429
    assert (second[0] == 429) is other_client_limited
