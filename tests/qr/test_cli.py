"""`kiosk qr decode IMAGE... [--json]` in a child process, as an admin or volunteer runs it."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
import segno
from PIL import Image

from tests.qr.images import on_paper, qr_image, save

FLUVIUS_TEXT = (
    "BCD\n002\n1\nSCT\n\nFluvius System Operator\nBE71 0961 2345 6769\nEUR45.2\n\n090933755493"
)


def run(
    cmd: list[str], *args: str, language: str = "en", country: str = "BE"
) -> subprocess.CompletedProcess[str]:
    # The command speaks the location's language; these tests read its English sentences
    # (English number formats: en_GB).
    env = {
        **os.environ,
        "PYTHONIOENCODING": "utf-8",
        "KIOSK_SESSION_DEFAULT_LANGUAGE": language,
        "KIOSK_LOCATION_COUNTRY": country,
    }
    return subprocess.run(
        [*cmd, "qr", "decode", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


@pytest.fixture
def images(tmp_path: Path) -> dict[str, Path]:
    pay = save(on_paper(qr_image(segno.make_qr(FLUVIUS_TEXT, error="m"))), tmp_path / "pay.png")
    page = Image.new("L", (1000, 500), 255)
    page.paste(qr_image(segno.make_qr("https://kbc.be.secure-login.com/")), (20, 20))
    page.paste(qr_image(segno.make_qr("WIFI:T:WPA;S:Bib;P:x;;")), (520, 20))
    two = save(page, tmp_path / "two.png")
    blank = save(Image.new("L", (200, 200), 255), tmp_path / "blank.png")
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"no picture here")
    return {"pay": pay, "two": two, "blank": blank, "broken": broken}


def test_json_output_and_success(kiosk_cmd: list[str], images: dict[str, Path]) -> None:
    result = run(kiosk_cmd, "--json", str(images["pay"]), str(images["two"]))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [entry["image"] for entry in data] == [str(images["pay"]), str(images["two"])]
    assert data[0] == {
        "image": str(images["pay"]),
        "codes": [
            {
                "format": "QRCode",
                "text": FLUVIUS_TEXT,
                "kind": "epc_payment",
                "details": {
                    "name": "Fluvius System Operator",
                    "iban": "BE71096123456769",
                    "bic": None,
                    "amount": "45.20",
                    "currency": "EUR",
                    "reference": "+++090/9337/55493+++",
                    "remittance": None,
                    "purpose": None,
                },
                "warnings": [],
            }
        ],
        "error": None,
    }
    kinds = {code["kind"]: code for code in data[1]["codes"]}
    assert kinds["url"]["warnings"] == ["lookalike_host"]
    assert kinds["url"]["details"]["host"] == "kbc.be.secure-login.com"
    assert kinds["wifi"]["details"] == {
        "ssid": "Bib",
        "security": "WPA",
        "hidden": False,
        "password": "x",
    }


def test_exit_1_when_an_image_has_no_code_or_cannot_be_read(
    kiosk_cmd: list[str], images: dict[str, Path]
) -> None:
    result = run(
        kiosk_cmd, "--json", str(images["pay"]), str(images["blank"]), str(images["broken"])
    )
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert len(data[0]["codes"]) == 1
    assert data[1] == {"image": str(images["blank"]), "codes": [], "error": None}
    assert data[2]["codes"] == []
    assert "cannot read this file as an image" in data[2]["error"]
    assert "Traceback" not in result.stderr


def test_text_output_says_what_the_screen_says(
    kiosk_cmd: list[str], images: dict[str, Path]
) -> None:
    result = run(kiosk_cmd, str(images["pay"]), str(images["two"]))
    assert result.returncode == 0, result.stderr
    assert (
        "This is a payment request: pay €45.20 to Fluvius System Operator, account "
        "BE71 0961 2345 6769, with reference +++090/9337/55493+++"
    ) in result.stdout
    assert "This website pretends to be one you know" in result.stdout
    # the headline and its advice on lines of their own: no "fausse: La" to typeset (#30)
    assert "  ! This website pretends to be one you know\n    The address " in result.stdout
    assert "password “x”" in result.stdout


def test_text_output_uses_the_dutch_words_at_a_dutch_location(
    kiosk_cmd: list[str], images: dict[str, Path]
) -> None:
    # issue #30: a Dutch location reads "betalingskenmerk", a Belgian one "mededeling"
    dutch = run(kiosk_cmd, str(images["pay"]), language="nl", country="NL")
    belgian = run(kiosk_cmd, str(images["pay"]), language="nl", country="BE")
    assert "betalingskenmerk" in dutch.stdout, dutch.stdout + dutch.stderr
    assert "mededeling" not in dutch.stdout
    assert "mededeling" in belgian.stdout
    assert "\u2060" not in dutch.stdout + belgian.stdout  # no word joiners in a terminal


def test_text_output_for_errors(
    kiosk_cmd: list[str], images: dict[str, Path], tmp_path: Path
) -> None:
    result = run(kiosk_cmd, str(images["blank"]), str(tmp_path / "missing.png"))
    assert result.returncode == 1
    assert "No code was found in this image." in result.stdout
    assert f"kiosk: {tmp_path / 'missing.png'}: no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_admin_trusted_domains_are_used(
    kiosk_cmd: list[str], kiosk_home: Path, tmp_path: Path
) -> None:
    (kiosk_home / "qr").mkdir()
    (kiosk_home / "qr" / "trusted_domains.txt").write_text(
        "bibliotheek-zuid.be\n", encoding="utf-8"
    )
    image = save(
        on_paper(qr_image(segno.make_qr("https://bibliotheek-zu1d.be/"))), tmp_path / "u.png"
    )
    data = json.loads(run(kiosk_cmd, "--json", str(image)).stdout)
    assert data[0]["codes"][0]["warnings"] == ["lookalike_host"]


def test_usage_errors(kiosk_cmd: list[str]) -> None:
    assert run(kiosk_cmd).returncode == 2
