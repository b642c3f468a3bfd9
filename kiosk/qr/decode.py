"""Reading every code in a greyscale buffer, an image file or each page of a PDF (zxing-cpp).

The hot path, `read_luminance`, wraps a greyscale buffer (a camera frame's Y plane, a QImage's
bits) in a `zxingcpp.ImageView` without copying it, and hands it to `zxingcpp.read_barcodes`;
each result is interpreted (`kiosk.domain.qr_payload`). Files are loaded with Qt: images
through QImageReader with `autoTransform` (so a JPEG's EXIF orientation is applied), PDFs page
by page through QtPdf. A file that cannot be read raises `QrError`, never anything else.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import zxingcpp

from kiosk.domain.jsontypes import JsonObject
from kiosk.domain.qr_payload import Payload, interpret_bytes
from kiosk.domain.url_safety import UrlLists
from kiosk.qr.errors import QrError

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

#: Pages of a PDF are rendered at this resolution; scanned letters are usually 200-300 dpi.
PDF_DPI = 200
#: ... but never larger than this many pixels on the long side (memory on a kiosk is limited).
PDF_MAX_SIDE = 3000
#: Images larger than this (in pixels) are refused rather than risking the kiosk's memory.
MAX_IMAGE_PIXELS = 60_000_000
SUPPORTED = "PNG, JPEG, WebP or PDF"


@dataclass(frozen=True)
class DecodedCode:
    """One code found in an image: its symbology, its text and what that text means."""

    format: str
    text: str
    payload: Payload
    raw: bytes = field(default=b"", repr=False)

    def to_json(self) -> JsonObject:
        return {"format": self.format, "text": self.text, **self.payload.to_json()}


def read_luminance(
    buffer: Any,  # Any: zxing-cpp reads any buffer; its stub wants a numpy array
    width: int,
    height: int,
    stride: int = 0,
    lists: UrlLists | None = None,
) -> list[DecodedCode]:
    """Every code in an 8-bit greyscale buffer (`stride` bytes per row; 0 means `width`)."""
    view = zxingcpp.ImageView(buffer, width, height, zxingcpp.ImageFormat.Lum, stride, 1)
    return codes_from(zxingcpp.read_barcodes(view), lists)


def codes_from(
    barcodes: list[zxingcpp.Barcode], lists: UrlLists | None = None
) -> list[DecodedCode]:
    """`DecodedCode`s for zxing-cpp results."""
    codes = []
    for barcode in barcodes:
        raw = bytes(barcode.bytes)
        payload = interpret_bytes(raw, barcode.text, lists)
        # payload.text is the EPC text read in its own character set; zxing-cpp had to guess.
        codes.append(DecodedCode(barcode.format.name, payload.text or barcode.text, payload, raw))
    return codes


def read_qimage(image: QImage, lists: UrlLists | None = None) -> list[DecodedCode]:
    """Every code in a QImage (converted to greyscale first)."""
    from PySide6.QtGui import QImage

    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    return read_luminance(
        memoryview(grey.constBits()), grey.width(), grey.height(), grey.bytesPerLine(), lists
    )


def read_file(path: str | Path, lists: UrlLists | None = None) -> list[DecodedCode]:
    """Every code in an image file or in any page of a PDF file."""
    codes: list[DecodedCode] = []
    for image in load_images(Path(path)):
        codes.extend(read_qimage(image, lists))
    return codes


def load_images(path: Path) -> Iterator[QImage]:
    """The QImage(s) of a file: one for an image, one per page for a PDF. Raises QrError."""
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except FileNotFoundError:
        raise QrError(f"{path}: no such file; check the name") from None
    except IsADirectoryError:
        raise QrError(f"{path}: is a folder, not an image; name a {SUPPORTED} file") from None
    except OSError as exc:
        raise QrError(f"{path}: cannot open the file ({exc.strerror})") from None
    if not head:
        raise QrError(f"{path}: the file is empty; scan or save the letter again")
    if b"%PDF-" in head:
        yield from _pdf_pages(path)
    else:
        yield _image(path)


def _image(path: Path) -> QImage:
    from PySide6.QtGui import QImageReader

    reader = QImageReader(str(path))
    reader.setAutoTransform(True)  # apply the EXIF orientation of phone photos
    size = reader.size()
    if size.isValid() and size.width() * size.height() > MAX_IMAGE_PIXELS:
        raise QrError(
            f"{path}: the image is too large ({size.width()}×{size.height()} pixels); "
            "scan it at 300 dpi or less"
        )
    image = reader.read()
    if image.isNull():
        raise QrError(
            f"{path}: cannot read this file as an image ({reader.errorString()}); "
            f"use a {SUPPORTED} file"
        )
    return image


def _pdf_pages(path: Path) -> Iterator[QImage]:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtPdf import QPdfDocument

    document = QPdfDocument()
    try:
        error = document.load(str(path))
        if error != QPdfDocument.Error.None_:
            reason = {
                QPdfDocument.Error.IncorrectPassword: "it is protected with a password",
                QPdfDocument.Error.UnsupportedSecurityScheme: "it is protected",
                QPdfDocument.Error.InvalidFileFormat: "it is not a valid PDF",
                QPdfDocument.Error.FileNotFound: "the file was not found",
            }.get(error, "it could not be opened")
            raise QrError(f"{path}: cannot read this PDF: {reason}; scan the letter as an image")
        for page in range(document.pageCount()):
            points = document.pagePointSize(page)
            scale = PDF_DPI / 72
            width, height = (
                max(1, round(points.width() * scale)),
                max(1, round(points.height() * scale)),
            )
            longest = max(width, height)
            if longest > PDF_MAX_SIDE:
                width = max(1, width * PDF_MAX_SIDE // longest)
                height = max(1, height * PDF_MAX_SIDE // longest)
            rendered = document.render(page, QSize(width, height))
            if rendered.isNull():
                continue
            # Pages are rendered with a transparent background; put them on white paper.
            page_image = QImage(rendered.size(), QImage.Format.Format_RGB32)
            page_image.fill(QColor("white"))
            painter = QPainter(page_image)
            painter.drawImage(0, 0, rendered)
            painter.end()
            yield page_image
    finally:
        document.close()
