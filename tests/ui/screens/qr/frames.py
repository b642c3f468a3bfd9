"""Synthetic camera frames: a QR code on a 1280×720 "letter", as a QVideoFrame."""

from __future__ import annotations

import io

import segno
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtMultimedia import QVideoFrame

FLUVIUS_TEXT = (
    "BCD\n002\n1\nSCT\n\nFluvius System Operator\nBE71096123456769\nEUR45.2\n\n090933755493"
)


def code_image(data: str | bytes, scale: int = 6) -> QImage:
    buffer = io.BytesIO()
    segno.make_qr(data, error="m").save(buffer, kind="png", scale=scale)
    return QImage.fromData(buffer.getvalue())


def letter_frame(
    data: str | bytes | None, image_format: QImage.Format = QImage.Format.Format_RGB32
) -> QVideoFrame:
    page = QImage(1280, 720, QImage.Format.Format_RGB32)
    page.fill(Qt.GlobalColor.white)
    if data is not None:
        painter = QPainter(page)
        painter.drawImage(480, 160, code_image(data))
        painter.end()
    return QVideoFrame(page.convertToFormat(image_format))
