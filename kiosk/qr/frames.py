"""Decoding one camera frame (`QVideoFrame`) without converting it through QImage.

Planar YUV frames (NV12, YUV420P, ...) carry the greyscale picture as plane 0; it is mapped
read-only and handed to zxing-cpp as it is, with its own row stride. Packed YUV (YUYV, UYVY)
is read with a pixel stride of 2, and 32-bit RGB frames in zxing-cpp's own channel orders.
Anything else falls back to `QVideoFrame.toImage()`.
"""

from __future__ import annotations

from typing import Any

import zxingcpp
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat

from kiosk.domain.url_safety import UrlLists
from kiosk.qr.decode import DecodedCode, codes_from, read_qimage

PF = QVideoFrameFormat.PixelFormat

#: Formats whose plane 0 is the 8-bit luminance (Y) plane.
Y_PLANE_FORMATS = frozenset(
    {
        PF.Format_NV12, PF.Format_NV21, PF.Format_YUV420P, PF.Format_YUV422P, PF.Format_YV12,
        PF.Format_IMC1, PF.Format_IMC2, PF.Format_IMC3, PF.Format_IMC4, PF.Format_Y8,
    }
)  # fmt: skip
#: Packed YUV: (offset of the first Y byte, bytes between two Y samples).
PACKED_YUV = {PF.Format_YUYV: (0, 2), PF.Format_UYVY: (1, 2)}
#: 32-bit RGB formats, in memory byte order, as zxing-cpp names them.
RGB_FORMATS = {
    PF.Format_ARGB8888: zxingcpp.ImageFormat.ARGB,
    PF.Format_ARGB8888_Premultiplied: zxingcpp.ImageFormat.ARGB,
    PF.Format_XRGB8888: zxingcpp.ImageFormat.ARGB,
    PF.Format_BGRA8888: zxingcpp.ImageFormat.BGRA,
    PF.Format_BGRA8888_Premultiplied: zxingcpp.ImageFormat.BGRA,
    PF.Format_BGRX8888: zxingcpp.ImageFormat.BGRA,
    PF.Format_ABGR8888: zxingcpp.ImageFormat.ABGR,
    PF.Format_XBGR8888: zxingcpp.ImageFormat.ABGR,
    PF.Format_RGBA8888: zxingcpp.ImageFormat.RGBA,
    PF.Format_RGBX8888: zxingcpp.ImageFormat.RGBA,
}
#: The viewfinder picture is scaled down to this width.
PREVIEW_WIDTH = 640


def decode_frame(
    frame: QVideoFrame, lists: UrlLists | None = None, *, preview: bool = False
) -> tuple[list[DecodedCode], QImage | None]:
    """The codes in `frame`, and (with `preview`) a small greyscale or colour picture of it."""
    if not frame.isValid():
        return [], None
    pixel_format = frame.pixelFormat()
    if pixel_format in Y_PLANE_FORMATS or pixel_format in PACKED_YUV or pixel_format in RGB_FORMATS:
        if not frame.map(QVideoFrame.MapMode.ReadOnly):
            return [], None
        try:
            return _decode_mapped(frame, pixel_format, lists, preview)
        finally:
            frame.unmap()
    image = frame.toImage()  # unusual formats: let Qt convert
    if image.isNull():
        return [], None
    return read_qimage(image, lists), _scaled(image) if preview else None


def _decode_mapped(
    frame: QVideoFrame,
    pixel_format: QVideoFrameFormat.PixelFormat,
    lists: UrlLists | None,
    preview: bool,
) -> tuple[list[DecodedCode], QImage | None]:
    width, height = frame.width(), frame.height()
    stride = frame.bytesPerLine(0)
    bits: Any = frame.bits(0)  # Any: a memoryview; zxing-cpp reads any buffer, its stub wants numpy
    if pixel_format in Y_PLANE_FORMATS:
        view = zxingcpp.ImageView(bits, width, height, zxingcpp.ImageFormat.Lum, stride, 1)
        image_format = QImage.Format.Format_Grayscale8
    elif pixel_format in PACKED_YUV:
        offset, step = PACKED_YUV[pixel_format]
        # zxing-cpp wants whole rows after an offset: then the last row is left out.
        view = zxingcpp.ImageView(
            bits[offset:], width, height - offset, zxingcpp.ImageFormat.Lum, stride, step
        )
        image_format = QImage.Format.Format_Invalid
    else:
        view = zxingcpp.ImageView(bits, width, height, RGB_FORMATS[pixel_format], stride, 4)
        image_format = QVideoFrameFormat.imageFormatFromPixelFormat(pixel_format)
    codes = codes_from(zxingcpp.read_barcodes(view), lists)
    picture = None
    if preview:
        # QImage wraps the mapped memory; the scaled copy outlives unmap().
        if image_format == QImage.Format.Format_Invalid:
            # Packed YUV, read as little-endian 16-bit grey: the high byte of each pair is a Y.
            high = 1 - PACKED_YUV[pixel_format][0]
            pairs = QImage(
                bits[high:], width, height - high, stride, QImage.Format.Format_Grayscale16
            )
            picture = _scaled(pairs).convertToFormat(QImage.Format.Format_Grayscale8)
        else:
            picture = _scaled(QImage(bits, width, height, stride, image_format))
    return codes, picture


def _scaled(image: QImage) -> QImage:
    if image.width() <= PREVIEW_WIDTH:
        return image.copy()
    return image.scaledToWidth(PREVIEW_WIDTH)
