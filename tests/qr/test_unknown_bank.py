"""`kiosk qr decode` and an IBAN whose bank python-stdnum does not know (#23, what was seen:
"`kiosk qr decode` calls a well-formed IBAN with correct check digits (BE68 5390 0754 7034)
"not a valid IBAN. Do not pay with this code""): no warning, in the JSON and in the text."""

from __future__ import annotations

import json
from pathlib import Path

import segno

from tests.qr.images import on_paper, qr_image, save
from tests.qr.test_cli import run

REGISTRY_EXAMPLE = (
    "BCD\n002\n1\nSCT\n\nHuisartsenpraktijk\nBE68 5390 0754 7034\nEUR45.2\n\n090933755493"
)
WRONG_DIGIT = REGISTRY_EXAMPLE.replace("7034", "7035")


def test_an_unknown_bank_code_is_no_warning(kiosk_cmd: list[str], tmp_path: Path) -> None:
    good = save(on_paper(qr_image(segno.make_qr(REGISTRY_EXAMPLE, error="m"))), tmp_path / "a.png")
    bad = save(on_paper(qr_image(segno.make_qr(WRONG_DIGIT, error="m"))), tmp_path / "b.png")
    result = run(kiosk_cmd, "--json", str(good), str(bad))
    assert result.returncode == 0, result.stderr
    first, second = json.loads(result.stdout)
    assert first["codes"][0]["details"]["iban"] == "BE68539007547034"
    assert first["codes"][0]["warnings"] == []
    assert second["codes"][0]["warnings"] == ["iban_invalid"]  # a wrong check digit still is

    text = run(kiosk_cmd, str(good))
    assert text.returncode == 0, text.stderr
    assert "not a valid IBAN" not in text.stdout
    assert "Do not pay" not in text.stdout
