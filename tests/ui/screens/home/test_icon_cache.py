"""The icon cache renders each guide icon once, keeps it as a PNG in the cache folder, and never
trusts a cached file blindly: a changed icon is rendered again, a damaged PNG is rebuilt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage, QPixmap

from kiosk.ui.widgets.icon_cache import IconCache, is_intact_png

SIZE = 56

#: A plain red square, so a test can see which of two icons was drawn.
RED_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="56" height="56" viewBox="0 0 56 56">'
    '<rect width="56" height="56" fill="#ff0000"/></svg>'
)
BLUE_SVG = RED_SVG.replace("#ff0000", "#0000ff")


def image(pixmap: QPixmap) -> QImage:
    return pixmap.toImage().convertToFormat(QImage.Format.Format_ARGB32)


def centre(pixmap: QPixmap) -> QColor:
    picture = image(pixmap)
    return picture.pixelColor(picture.width() // 2, picture.height() // 2)


def cached_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.png"))


def test_an_icon_is_rendered_once_and_loaded_from_the_cache_after(qapp, tmp_path, icons) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "cache"
    first = IconCache(folder)
    rendered = first.pixmap(icons[0], SIZE)
    again = first.pixmap(icons[0], SIZE)
    assert first.rendered == 1
    assert again.cacheKey() == rendered.cacheKey()  # the same pixmap, from memory
    (png,) = cached_files(folder)
    assert is_intact_png(png.read_bytes())

    # The next start: a new cache over the same folder renders nothing.
    second = IconCache(folder)
    loaded = second.pixmap(icons[0], SIZE)
    assert second.rendered == 0
    assert not loaded.isNull()
    assert loaded.size() == rendered.size()
    assert loaded.devicePixelRatio() == rendered.devicePixelRatio()
    assert image(loaded) == image(rendered)


def test_a_changed_icon_is_rendered_again(qapp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "cache"
    icon = tmp_path / "icon.svg"
    icon.write_text(RED_SVG, encoding="utf-8")
    assert centre(IconCache(folder).pixmap(icon, SIZE)) == QColor("#ff0000")

    # Same path, same size in bytes, the modification time put back: only the content differs.
    stat = icon.stat()
    icon.write_text(BLUE_SVG, encoding="utf-8")
    os.utime(icon, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    cache = IconCache(folder)
    assert centre(cache.pixmap(icon, SIZE)) == QColor("#0000ff")
    assert cache.rendered == 1
    assert len(cached_files(folder)) == 2


def test_identical_icons_of_different_guides_share_one_file(qapp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "cache"
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "icon.svg").write_text(RED_SVG, encoding="utf-8")
    cache = IconCache(folder)
    for name in ("a", "b", "c"):
        cache.pixmap(tmp_path / name / "icon.svg", SIZE)
    assert cache.rendered == 1
    assert len(cached_files(folder)) == 1


def test_a_damaged_cached_png_is_ignored_and_rebuilt(qapp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "cache"
    icon = tmp_path / "icon.svg"
    icon.write_text(RED_SVG, encoding="utf-8")
    IconCache(folder).pixmap(icon, SIZE)
    (png,) = cached_files(folder)
    good = png.read_bytes()
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0xFF
    damages = {
        "truncated": good[: len(good) // 2],
        "a flipped byte": bytes(flipped),
        "not a png": b"this is not a picture",
        "empty": b"",
        "trailing junk": good + b"junk",
    }
    for what, data in damages.items():
        png.write_bytes(data)
        cache = IconCache(folder)
        pixmap = cache.pixmap(icon, SIZE)
        assert cache.rendered == 1, what
        assert centre(pixmap) == QColor("#ff0000"), what
        assert png.read_bytes() == good, what  # written again, whole


def test_a_cached_png_of_the_wrong_size_is_not_used(qapp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "cache"
    icon = tmp_path / "icon.svg"
    icon.write_text(RED_SVG, encoding="utf-8")
    IconCache(folder).pixmap(icon, SIZE)
    (png,) = cached_files(folder)
    big = QPixmap(300, 300)
    big.fill(QColor("#00ff00"))
    assert big.save(str(png), "PNG")
    cache = IconCache(folder)
    pixmap = cache.pixmap(icon, SIZE)
    assert cache.rendered == 1
    assert pixmap.width() <= SIZE * pixmap.devicePixelRatio()
    assert centre(pixmap) == QColor("#ff0000")


# Qt's SVG reader says why it can't read the file that is not an SVG; that is expected here.
@pytest.mark.qt_log_ignore(r"^Cannot read file '.*notes\.svg'")
def test_no_icon_or_an_unreadable_one_is_a_white_circle(qapp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "cache"
    not_an_image = tmp_path / "notes.svg"
    not_an_image.write_text("no picture here", encoding="utf-8")
    cache = IconCache(folder)
    for icon in (None, tmp_path / "missing.svg", not_an_image):
        pixmap = cache.pixmap(icon, SIZE)
        assert centre(pixmap) == QColor("white")
        assert image(pixmap).pixelColor(1, 1).alpha() == 0  # outside the circle
    assert cached_files(folder) == []


def test_prune_drops_the_icons_no_longer_shown(qapp, tmp_path, icons) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "cache"
    cache = IconCache(folder)
    for icon in icons:
        cache.pixmap(icon, SIZE)
    cache.prune()
    assert len(cached_files(folder)) == len(icons)
    # The guides change: only the first icon is still shown. (And a crash once left a file
    # half-written.)
    half_written = folder / ".0123-56-100-v1.999.tmp"
    half_written.write_bytes(b"\x89PNG")
    kept = cache.pixmap(icons[0], SIZE)
    cache.prune()
    (left,) = cached_files(folder)
    assert not half_written.exists()
    assert image(QPixmap(str(left))) == image(kept)
    assert IconCache(folder).pixmap(icons[0], SIZE).cacheKey() != 0


def test_without_a_writable_folder_icons_still_render(qapp, tmp_path, icons, caplog) -> None:  # type: ignore[no-untyped-def]
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way", encoding="utf-8")
    cache = IconCache(blocked / "icons")  # its parent is a file: nothing can be written
    first = cache.pixmap(icons[0], SIZE)
    second = cache.pixmap(icons[1], SIZE)
    assert not first.isNull()
    assert not second.isNull()
    assert image(first) != image(second)
    assert cache.rendered == 2
    assert "could not cache icons" in caplog.text


def test_is_intact_png_checks_the_whole_file(qapp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pixmap = QPixmap(8, 8)
    pixmap.fill(QColor("#123456"))
    path = tmp_path / "x.png"
    assert pixmap.save(str(path), "PNG")
    data = path.read_bytes()
    assert is_intact_png(data)
    assert not is_intact_png(data[:-1])
    assert not is_intact_png(data[:8])
    assert not is_intact_png(b"GIF89a" + data[6:])
