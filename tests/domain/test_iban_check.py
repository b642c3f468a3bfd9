"""IBANs (#23): a well-formed IBAN with right check digits is never refused or warned about
because python-stdnum's bank registry lacks its bank code; python-stdnum's own examples, read
from the installed package's documentation, are the test data."""

from __future__ import annotations

import doctest
import importlib
import re

import pytest

from kiosk.domain.iban_check import IbanVerdict, check_iban, iban_ok
from kiosk.domain.qr_epc import parse_epc

IBAN_MODULES = (
    "stdnum.iban",
    "stdnum.be.iban",
    "stdnum.es.iban",
    "stdnum.me.iban",
    "stdnum.no.iban",
)
_CALL = re.compile(r"^(?:\w+\.)?(validate|is_valid)\('([^']+)'\)")


def stdnum_examples() -> tuple[list[str], list[tuple[str, str]]]:
    """(numbers python-stdnum calls valid, (number, exception) it refuses) in its docstrings."""
    valid: list[str] = []
    refused: list[tuple[str, str]] = []
    parser = doctest.DocTestParser()
    for name in IBAN_MODULES:
        module = importlib.import_module(name)
        for example in parser.get_examples(module.__doc__ or ""):
            match = _CALL.match(example.source.strip())
            if not match:
                continue
            call, number = match.groups()
            want = example.want.strip()
            if (call == "validate" and not want.startswith("Traceback")) or (
                call == "is_valid" and want == "True"
            ):
                valid.append(number)
            elif example.exc_msg is not None or want.startswith("Traceback"):
                refused.append((number, want.splitlines()[-1]))
    return valid, refused


def test_the_examples_are_found() -> None:
    valid, refused = stdnum_examples()
    assert len(valid) >= 5
    assert any(number.startswith("BE") for number in valid)
    assert any("InvalidChecksum" in reason for _n, reason in refused)


def test_none_of_python_stdnums_valid_examples_is_refused_or_warned_about() -> None:
    valid, _refused = stdnum_examples()
    for number in valid:
        compact, verdict = check_iban(number)
        assert verdict is IbanVerdict.VALID, number
        assert iban_ok(number)
        _details, warnings = parse_epc(f"BCD\n002\n1\nSCT\n\nSomeone\n{compact}\nEUR10")
        assert warnings == [], number


def test_refused_check_digits_stay_refused() -> None:
    _valid, refused = stdnum_examples()
    for number, reason in refused:
        if "InvalidChecksum" in reason:
            assert not iban_ok(number), number


@pytest.mark.parametrize(
    "number",
    [
        "BE68 5390 0754 7034",  # the IBAN registry's own Belgian example (bank 539)
        "BE83138811735115",  # python-stdnum: "unknown bank code"
    ],
)
def test_an_unknown_bank_code_is_valid_with_at_most_a_neutral_verdict(number: str) -> None:
    compact, verdict = check_iban(number)
    assert verdict is IbanVerdict.UNKNOWN_BANK
    assert iban_ok(number)
    text = f"BCD\n002\n1\nSCT\n\nHuisarts\n{compact}\nEUR45.2\n\n090933755493"
    _details, warnings = parse_epc(text)
    assert "iban_invalid" not in warnings


@pytest.mark.parametrize(
    "number",
    [
        "BE68 5390 0754 7035",  # a wrong check digit
        "BE68 5390 0754 703",  # too short
        "BE68 5390 0754 70\u00b24",  # a superscript two
        "BE68 \u0665\u0663\u0669\u0660 0754 7034",  # Arabic-Indic digits would pass int()
        "",
    ],
)
def test_wrong_ibans_are_still_refused(number: str) -> None:
    assert not iban_ok(number)
