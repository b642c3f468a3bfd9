"""Property tests: the interpreters never raise, whatever a code holds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain import qr_payload
from kiosk.domain.qr_payload import KINDS, WARNING_NAMES, Payload, interpret_bytes

PREFIXES = ["", "BCD\n001\n", "BCD\n002\n", "BCD\n002\n5\nSCT\n", "WIFI:", "MECARD:",
            "BEGIN:VCARD\n", "https://", "http://", "HTTPS://["]  # fmt: skip
line = st.text(max_size=40)
epc_like = st.lists(line, max_size=14).map(lambda lines: "BCD\n002\n" + "\n".join(lines))


def check(payload: Payload) -> None:
    assert payload.kind in KINDS
    assert set(payload.warnings) <= set(WARNING_NAMES)
    payload.to_json()


@given(st.sampled_from(PREFIXES), st.text())
def test_interpret_never_raises(prefix: str, text: str) -> None:
    check(qr_payload._interpret(prefix + text, None))  # no safety net: a bug must show here


@given(epc_like)
def test_epc_like_never_raises(text: str) -> None:
    check(qr_payload._interpret(text, None))


@given(st.binary(max_size=300), st.text(max_size=50))
def test_interpret_bytes_never_raises(data: bytes, text: str) -> None:
    check(interpret_bytes(b"BCD\n002\n" + data, text))
    check(interpret_bytes(data, text))


@given(st.text(alphabet="abcdefghijklmnoprstuvwxyz0123456789.-@:[]%иоаxn", max_size=60))
def test_url_hosts_never_raise(host: str) -> None:
    check(qr_payload._interpret("https://" + host + "/", None))
