"""Reading codes from real image and PDF files: damaged scans, photos, every EPC charset."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import segno
import segno.helpers
from PIL import Image

from kiosk.qr.decode import load_images, read_file
from kiosk.qr.errors import QrError
from kiosk.qr.explain import summary
from tests.qr.images import (
    blurred,
    low_contrast,
    noisy,
    on_paper,
    perspective,
    qr_image,
    rotated,
    save,
)

IBAN = "BE71096123456769"
FLUVIUS_TEXT = (
    "BCD\n002\n1\nSCT\n\nFluvius System Operator\nBE71096123456769\nEUR45.2\n\n090933755493"
)
SENTENCE = (
    "This is a payment request: pay €\u00a045,20 to Fluvius System Operator, "
    "account BE71 0961 2345 6769, with reference +++090/9337/55493+++"
)


def fluvius(scale: int = 6) -> Image.Image:
    return on_paper(qr_image(segno.make_qr(FLUVIUS_TEXT, error="m"), scale=scale))


DAMAGE: dict[str, Callable[[], Image.Image]] = {
    "clean": lambda: fluvius(),
    "rotated": lambda: rotated(fluvius(), 33),
    "upside_down": lambda: rotated(fluvius(), 180),
    "blurred": lambda: blurred(fluvius(), 2.0),
    "perspective": lambda: perspective(fluvius()),
    "small": lambda: on_paper(qr_image(segno.make_qr(FLUVIUS_TEXT, error="m"), scale=2, border=2)),
    "low_contrast": lambda: low_contrast(fluvius(), 110, 150),
    "noisy": lambda: noisy(fluvius(), 35.0),
    "everything": lambda: noisy(
        low_contrast(blurred(rotated(perspective(fluvius()), 12), 0.8)), 10.0
    ),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_damaged_payment_codes_are_read_and_explained(damage: str, tmp_path: Path) -> None:
    path = save(DAMAGE[damage](), tmp_path / f"{damage}.png")
    codes = read_file(path)
    assert len(codes) == 1
    assert codes[0].format == "QRCode"
    assert codes[0].payload.kind == "epc_payment"
    assert codes[0].payload.details["amount"] == "45.20"
    assert summary(codes[0].payload, "nl", "BE") == SENTENCE


@pytest.mark.parametrize("encoding", range(1, 9))
def test_segno_epc_codes_in_every_character_set(encoding: int, tmp_path: Path) -> None:
    names = {1: "Łódź € Київ", 2: "Société Générale", 3: "Spółka Łódź", 4: "Rīgas Ūdens",
             5: "Київенерго", 6: "Αθήνα ΔΕΗ", 7: "Þjóðskrá Ísland", 8: "Œuvre € Šabac"}  # fmt: skip
    qr = segno.helpers.make_epc_qr(
        name=names[encoding], iban=IBAN, amount=12.5, text="Factuur 7", encoding=encoding
    )
    codes = read_file(save(on_paper(qr_image(qr)), tmp_path / "epc.png"))
    assert [code.payload.details["name"] for code in codes] == [names[encoding]]
    payload = codes[0].payload
    assert payload.details["amount"] == "12.50"
    assert payload.details["remittance"] == "Factuur 7"
    assert payload.warnings == ()
    assert names[encoding] in codes[0].text


def test_all_codes_on_a_page_are_read(tmp_path: Path) -> None:
    page = Image.new("L", (1400, 900), 255)
    page.paste(qr_image(segno.make_qr("https://bit.ly/abc")), (40, 40))
    page.paste(qr_image(segno.make_qr("WIFI:T:WPA;S:Bib;P:x;;")), (700, 40))
    page.paste(qr_image(segno.make_qr(FLUVIUS_TEXT, error="m"), scale=5), (300, 450))
    codes = read_file(save(page, tmp_path / "three.png"))
    assert sorted(code.payload.kind for code in codes) == ["epc_payment", "url", "wifi"]


def test_jpeg_exif_orientation_is_applied(tmp_path: Path) -> None:
    photo = on_paper(qr_image(segno.make_qr("https://www.kbc.be/")), size=(800, 400))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    path = tmp_path / "phone.jpg"
    photo.save(path, exif=exif, quality=90)
    images = list(load_images(path))
    assert (images[0].width(), images[0].height()) == (400, 800)
    assert [code.text for code in read_file(path)] == ["https://www.kbc.be/"]


def test_webp(tmp_path: Path) -> None:
    path = save(fluvius(), tmp_path / "code.webp", lossless=False, quality=70)
    assert [code.payload.kind for code in read_file(path)] == ["epc_payment"]


def test_each_pdf_page(tmp_path: Path) -> None:
    first = Image.new("L", (1240, 1754), 255)  # an A4 page at 150 dpi, with no code
    second = fluvius().convert("RGB")
    third = on_paper(
        qr_image(segno.make_qr("http://192.168.1.5/")), size=(1240, 1754), at=(700, 1200)
    )
    path = tmp_path / "letter.pdf"
    first.convert("RGB").save(
        path, save_all=True, append_images=[second, third.convert("RGB")], resolution=150
    )
    codes = read_file(path)
    assert [code.payload.kind for code in codes] == ["epc_payment", "url"]
    assert codes[1].payload.warnings == ("ip_host", "not_https")


def test_an_image_without_a_code_gives_no_codes(tmp_path: Path) -> None:
    assert read_file(save(Image.new("L", (300, 200), 200), tmp_path / "blank.png")) == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is not a picture", "cannot read this file as an image"),
        (b"", "the file is empty"),
        (b"%PDF-1.4\n garbage", "cannot read this PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "cannot read this file as an image"),
    ],
)
def test_unreadable_files_give_a_clear_error(content: bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / "broken.png"
    path.write_bytes(content)
    with pytest.raises(QrError, match=message):
        read_file(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(QrError, match="no such file"):
        read_file(tmp_path / "missing.png")
    with pytest.raises(QrError, match="is a folder"):
        read_file(tmp_path)
