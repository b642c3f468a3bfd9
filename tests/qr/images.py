"""Test images of QR codes made with segno, then damaged the way real scans and photos are."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import segno
from PIL import Image, ImageFilter


def qr_image(qr: segno.QRCode, scale: int = 8, border: int = 4) -> Image.Image:
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=scale, border=border)
    buffer.seek(0)
    return Image.open(buffer).convert("L")


def on_paper(
    code: Image.Image, size: tuple[int, int] = (1280, 720), at: tuple[int, int] = (100, 80)
) -> Image.Image:
    page = Image.new("L", size, 255)
    page.paste(code, at)
    return page


def rotated(image: Image.Image, degrees: float = 30) -> Image.Image:
    return image.rotate(degrees, resample=Image.Resampling.BILINEAR, expand=True, fillcolor=255)


def blurred(image: Image.Image, radius: float = 2.0) -> Image.Image:
    return image.filter(ImageFilter.GaussianBlur(radius))


def perspective(image: Image.Image) -> Image.Image:
    """The page seen at an angle: the top edge narrower than the bottom one."""
    width, height = image.size
    source = [(0, 0), (width, 0), (width, height), (0, height)]
    target = [(width * 0.15, height * 0.05), (width * 0.85, 0), (width, height), (0, height * 0.95)]
    coefficients = _perspective_coefficients(target, source)
    return image.transform(
        image.size,
        Image.Transform.PERSPECTIVE,
        coefficients,
        Image.Resampling.BILINEAR,
        fillcolor=255,
    )


def low_contrast(image: Image.Image, dark: int = 110, light: int = 150) -> Image.Image:
    pixels = np.asarray(image, dtype=np.float32) / 255.0
    return Image.fromarray((dark + pixels * (light - dark)).astype(np.uint8))


def noisy(image: Image.Image, sigma: float = 30.0, seed: int = 4) -> Image.Image:
    rng = np.random.default_rng(seed)
    pixels = np.asarray(image, dtype=np.float32) + rng.normal(0, sigma, (image.height, image.width))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def save(image: Image.Image, path: Path, **options: object) -> Path:
    image.save(path, **options)
    return path


def _perspective_coefficients(
    target: list[tuple[float, float]], source: list[tuple[float, float]]
) -> list[float]:
    rows = []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    matrix = np.array(rows, dtype=np.float64)
    vector = np.array(source, dtype=np.float64).reshape(8)
    return [float(value) for value in np.linalg.solve(matrix, vector)]
