"""URL payloads and every URL warning, with the built-in and the admins' domain lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.domain.qr_payload import interpret
from kiosk.domain.url_safety import (
    UrlLists,
    builtin_lists,
    is_ip_host,
    parse_domain_list,
    registrable_domain,
    skeleton,
)
from kiosk.qr.lists import load_url_lists


def warnings_of(url: str, lists: UrlLists | None = None) -> tuple[str, ...]:
    payload = interpret(url, lists)
    assert payload.kind == "url"
    return payload.warnings


def test_details_of_a_clean_url() -> None:
    payload = interpret("  https://www.Fluvius.be/nl/meterstand?x=1  ")
    assert payload.details == {
        "url": "https://www.Fluvius.be/nl/meterstand?x=1",
        "scheme": "https",
        "host": "www.fluvius.be",
    }
    assert payload.warnings == ()


def test_not_https() -> None:
    assert warnings_of("http://www.fluvius.be/") == ("not_https",)
    assert warnings_of("HTTP://example.org") == ("not_https",)


@pytest.mark.parametrize(
    "url",
    [
        "https://192.168.1.20/login",
        "https://[2001:db8::1]/x",
        "http://3232235777/",
        "https://0x7f.1/",
    ],
)
def test_ip_host(url: str) -> None:
    assert "ip_host" in warnings_of(url)


@pytest.mark.parametrize("url", ["https://xn--mnchen-3ya.de/", "https://bélastingdienst.nl/"])
def test_punycode_host(url: str) -> None:
    assert "punycode_host" in warnings_of(url)


@pytest.mark.parametrize(
    "url", ["https://bit.ly/3abc", "https://www.tinyurl.com/y", "https://T.co/z"]
)
def test_url_shortener(url: str) -> None:
    assert warnings_of(url) == ("url_shortener",)


def test_userinfo_in_url() -> None:
    payload = interpret("https://bank.be@evil.example/pay")
    assert payload.details["host"] == "evil.example"
    assert payload.warnings == ("userinfo_in_url",)
    assert "userinfo_in_url" in warnings_of("https://user:pw@example.org/")


@pytest.mark.parametrize(
    "host",
    [
        "belastingdienst-nl.info",  # the trusted name inside another domain
        "kbc.be.secure-login.com",  # the trusted domain as a subdomain of another
        "itsrne.be",  # "rn" passes for "m"
        "be1fius.be",  # a digit for a letter
        "belfuis.be",  # two letters swapped
        "mijnbelastingdienst.com",
        "xn--itsm-epa.be",  # "itsmé.be" in punycode
        "ing-secure.com",
        "belastingdienst.nl.evil.example",
        "dіgid.nl",  # Cyrillic і
    ],
)
def test_lookalike_host(host: str) -> None:
    assert "lookalike_host" in warnings_of(f"https://{host}/login")


@pytest.mark.parametrize(
    "host",
    ["www.kbc.be", "kbc.be", "login.belastingdienst.nl", "mijn.digid.nl", "www.booking.com",
     "shopping.be", "www.google.com", "example.org", "gent.be", "www.bibliotheek.be"],
)  # fmt: skip
def test_trusted_and_unrelated_hosts_are_not_lookalikes(host: str) -> None:
    assert "lookalike_host" not in warnings_of(f"https://{host}/")


def test_admin_lists_extend_the_builtin_ones(tmp_path: Path) -> None:
    folder = tmp_path / "qr"
    folder.mkdir()
    (folder / "trusted_domains.txt").write_text("# ours\nbibliotheek-zuid.be\n", encoding="utf-8")
    (folder / "url_shorteners.txt").write_text("go.gemeente.example  # our own\n", encoding="utf-8")
    lists = load_url_lists(tmp_path)
    assert "kbc.be" in lists.trusted
    assert "bibliotheek-zuid.be" in lists.trusted
    assert "bit.ly" in lists.shorteners
    assert warnings_of("https://bibliotheek-zuld.be/", lists) == ("lookalike_host",)
    assert warnings_of("https://go.gemeente.example/a", lists) == ("url_shortener",)
    assert load_url_lists(tmp_path / "missing") == builtin_lists()


def test_helpers() -> None:
    assert parse_domain_list("# c\n\n Bit.LY. \nx.org # y\n") == frozenset({"bit.ly", "x.org"})
    assert registrable_domain("a.b.example.co.uk") == "example.co.uk"
    assert registrable_domain("login.kbc.be") == "kbc.be"
    assert skeleton("ítsrne") == skeleton("itsme")
    assert not is_ip_host("example.org")
    assert not is_ip_host("")


@pytest.mark.parametrize(
    "text", ["www.kbc.be", "ftp://example.org", "https://", "see https://x.org now"]
)
def test_not_urls_are_text(text: str) -> None:
    assert interpret(text).kind == "text"
