"""Is a web address from a QR code safe to open? The checks behind the `url` payload's warnings.

Pure functions over a URL string and two domain lists (`UrlLists`): link shorteners, and the
domains residents trust and fraudsters imitate. The built-in lists are `resources/qr/*.txt`;
`kiosk.qr.lists` adds the admins' own lists from the kiosk's config folder.

Warning names (stable; the UI and `kiosk qr decode --json` use them): `not_https`, `ip_host`,
`punycode_host`, `url_shortener`, `userinfo_in_url`, `lookalike_host`.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit

from kiosk import resources

#: Public suffixes of more than one label that residents meet; enough to find the registrable
#: domain ("example.co.uk") without shipping the whole Public Suffix List.
_MULTI_LABEL_SUFFIXES = frozenset(
    {
        "co.uk", "org.uk", "gov.uk", "ac.uk", "com.au", "net.au", "org.au", "co.nz", "com.br",
        "co.jp", "com.tr", "gov.tr", "com.pl", "co.za", "com.cn", "com.ua", "com.es", "com.mx",
        "co.in", "com.sg", "co.il", "com.ar", "com.eg", "com.ma", "gov.be", "ac.be",
    }
)  # fmt: skip

#: Characters from other scripts that look like Latin letters (after NFKD), and digits that
#: pass for letters; a small part of Unicode's confusables (UTS #39) that covers what phishers use.
_CONFUSABLE_CHARS = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i", "ј": "j",
        "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y",
        "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ɡ": "g", "ӏ": "l", "ь": "b",
        # Greek
        "α": "a", "β": "b", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
        "τ": "t", "υ": "u", "χ": "x", "ω": "w",
        # Latin extras and digits
        "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "0": "o", "1": "l", "!": "l",
        "|": "l", "5": "s", "$": "s", "3": "e", "4": "a", "@": "a", "9": "g", "6": "b",
        "_": "", "-": "",
    }
)  # fmt: skip
_CONFUSABLE_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("nn", "m"), ("ii", "u"))

WARNING_NAMES = (
    "not_https",
    "ip_host",
    "punycode_host",
    "url_shortener",
    "userinfo_in_url",
    "lookalike_host",
)


@dataclass(frozen=True)
class UrlLists:
    """The domain lists the URL checks use; both hold lowercase registrable domains."""

    shorteners: frozenset[str] = field(default_factory=frozenset)
    trusted: frozenset[str] = field(default_factory=frozenset)

    def extended(self, shorteners: Iterable[str] = (), trusted: Iterable[str] = ()) -> UrlLists:
        return UrlLists(
            shorteners=self.shorteners | {_clean_domain(d) for d in shorteners},
            trusted=self.trusted | {_clean_domain(d) for d in trusted},
        )


@dataclass(frozen=True)
class UrlCheck:
    """What the checks found about one URL."""

    url: str
    scheme: str
    host: str
    warnings: tuple[str, ...]


def parse_domain_list(text: str) -> frozenset[str]:
    """The domains in a list file: one per line, `#` starts a comment, blank lines ignored."""
    domains = set()
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            domains.add(_clean_domain(entry))
    return frozenset(domains)


@cache
def builtin_lists() -> UrlLists:
    """The lists shipped in `resources/qr/`."""
    return UrlLists(
        shorteners=_read_list("qr/url_shorteners.txt"),
        trusted=_read_list("qr/trusted_domains.txt"),
    )


def _read_list(relative: str) -> frozenset[str]:
    try:
        return parse_domain_list(resources.resource_path(relative).read_text(encoding="utf-8"))
    except OSError:  # a broken installation must not stop QR reading
        return frozenset()


def looks_like_url(text: str) -> bool:
    return re.match(r"(?i)^https?://\S", text) is not None


def check_url(text: str, lists: UrlLists) -> UrlCheck:
    """Scheme, host and warnings of `text`, which `looks_like_url`. Never raises."""
    url = text.strip()
    try:
        parts = urlsplit(url)
        netloc = parts.netloc
        host = parts.hostname or ""
    except ValueError:  # e.g. an unbalanced "[" in the host
        netloc = url.split("://", 1)[-1].split("/", 1)[0]
        host = netloc.rsplit("@", 1)[-1].strip("[]").lower()
        parts = None
    scheme = (parts.scheme if parts else url.split(":", 1)[0]).lower()
    host = host.rstrip(".")
    warnings: list[str] = []
    if scheme != "https":
        warnings.append("not_https")
    if "@" in netloc:
        warnings.append("userinfo_in_url")
    if is_ip_host(host):
        warnings.append("ip_host")
    else:
        if any(label.startswith("xn--") for label in host.split(".")) or not host.isascii():
            warnings.append("punycode_host")
        if matches_domain(host, lists.shorteners):
            warnings.append("url_shortener")
        if is_lookalike(host, lists.trusted):
            warnings.append("lookalike_host")
    return UrlCheck(url=url, scheme=scheme, host=host, warnings=tuple(warnings))


def is_ip_host(host: str) -> bool:
    """True for IPv4/IPv6 addresses, including the forms browsers accept (0x7f.1, 3232235777)."""
    if not host:
        return False
    try:
        ipaddress.ip_address(host.strip("[]"))
        return True
    except ValueError:
        pass
    labels = host.split(".")
    return 1 <= len(labels) <= 4 and all(
        re.fullmatch(r"0x[0-9a-f]*|[0-9]+", label) for label in labels
    )


def matches_domain(host: str, domains: frozenset[str]) -> bool:
    """Is `host` one of `domains` or a subdomain of one?"""
    labels = host.split(".")
    return any(".".join(labels[i:]) in domains for i in range(len(labels)))


def registrable_domain(host: str) -> str:
    """`login.kbc.be` -> `kbc.be`; `a.b.example.co.uk` -> `example.co.uk` (approximately)."""
    labels = host.split(".")
    if len(labels) >= 3 and ".".join(labels[-2:]) in _MULTI_LABEL_SUFFIXES:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


@cache
def skeleton(label: str) -> str:
    """`label` with look-alike characters folded: "ítsrne" and "itsme" have the same skeleton."""
    text = _to_unicode(label).lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_CONFUSABLE_CHARS)
    for pair, single in _CONFUSABLE_PAIRS:
        text = text.replace(pair, single)
    return text


def is_lookalike(host: str, trusted: frozenset[str]) -> bool:
    """Does `host` resemble a trusted domain without being it or one of its subdomains?"""
    if not host or not trusted or matches_domain(host, trusted):
        return False
    host_labels = [label for label in host.split(".") if label]
    registrable = registrable_domain(host)
    suffix_len = len(registrable.split(".")) - 1
    candidates = host_labels[: len(host_labels) - suffix_len] if suffix_len else host_labels
    tokens = {token for label in host_labels for token in re.split(r"[-_]", label) if token}
    joined_skeleton = skeleton("".join(host_labels))
    for domain in trusted:
        brand = domain.split(".")[0]
        brand_skeleton = skeleton(brand)
        if brand in tokens or f".{domain}." in f".{host}.":
            return True
        if len(brand_skeleton) >= 6 and brand_skeleton in joined_skeleton:
            return True
        for label in candidates:
            label_skeleton = skeleton(label)
            if label_skeleton == brand_skeleton:
                return True
            if len(brand_skeleton) >= 5 and _distance(label_skeleton, brand_skeleton) <= (
                1 if len(brand_skeleton) < 9 else 2
            ):
                return True
    return False


def _to_unicode(label: str) -> str:
    if label.startswith("xn--"):
        try:
            return label[4:].encode("ascii").decode("punycode")
        except (UnicodeError, ValueError):
            return label
    return label


def _clean_domain(domain: str) -> str:
    return domain.strip().lower().rstrip(".")


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance (Levenshtein with adjacent swaps), capped for speed."""
    if abs(len(a) - len(b)) > 2:
        return 3
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]
