"""A language switch leaves no text of the old language on screen (issue #30): every visible
label and button of the home screen and of a guide step, at 200 % text (so "More below"
shows), is compared with the catalog of the language before the switch."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.exceptions import TimeoutError

from kiosk import i18n
from kiosk.ui.widgets.reading_area import ReadingArea
from tests.ui.flows.guides.conftest import PLATFORM_NOISE
from tests.ui.flows.guides.support import flow_of

pytestmark = PLATFORM_NOISE


def catalog_texts(language: str) -> set[str]:
    """Every translated text of `language`'s catalog (singular and plural forms)."""
    from babel.messages.pofile import read_po

    path = i18n.resources.translations_dir() / language / "LC_MESSAGES" / "kiosk.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    texts: set[str] = set()
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        texts.update(s.strip() for s in strings if s and "{" not in s)
    return texts


def visible_texts(window: QWidget) -> list[str]:
    widgets = [*window.findChildren(QLabel), *window.findChildren(QAbstractButton)]
    return [
        widget.text().removeprefix("\u25bc ").replace("&", "").strip()
        for widget in widgets
        if widget.isVisible() and widget.text()
    ]


def stale_texts(window: QWidget, old: str, new: str) -> list[str]:
    """Texts on screen that belong to the `old` language's catalog and not to `new`'s."""
    only_old = catalog_texts(old) - catalog_texts(new)
    return sorted(text for text in visible_texts(window) if text in only_old)


def switch(qtbot, kiosk, old: str, new: str) -> None:  # type: ignore[no-untyped-def]
    kiosk.window.apply_language(new)
    try:
        qtbot.waitUntil(lambda: not stale_texts(kiosk.window, old, new), timeout=2000)
    except TimeoutError:
        pytest.fail(f"{old} -> {new}: {stale_texts(kiosk.window, old, new)}")


def test_more_below_follows_the_language(qtbot, a11y_kiosk) -> None:  # type: ignore[no-untyped-def]
    kiosk = a11y_kiosk(text_scale=200, size=(1024, 600))
    kiosk.window.apply_language("pl")
    flow = flow_of(kiosk)
    guide = flow.load_guide("read-qr-code")
    assert guide is not None
    screen = flow.start_guide(guide)
    if screen.on_intro:
        screen.go_next()
    screen.show_step()
    qtbot.waitUntil(
        lambda: any(a.more.isVisible() for a in kiosk.window.findChildren(ReadingArea)),
        timeout=2000,
    )
    areas = [a for a in kiosk.window.findChildren(ReadingArea) if a.more.isVisible()]
    assert "Więcej poniżej" in areas[0].more.text()
    for old, new in (("pl", "tr"), ("tr", "fr"), ("fr", "ar"), ("ar", "uk"), ("uk", "nl")):
        switch(qtbot, kiosk, old, new)
        words = i18n.translations_for(new).gettext("More below")
        assert all(a.more.text() in (f"\u25bc {words}", "\u25bc") for a in areas), new
    i18n.set_language("en")


@pytest.mark.parametrize(("old", "new"), [("nl", "fr"), ("ar", "pl"), ("tr", "uk")])
def test_home_screen_keeps_no_old_text(qtbot, a11y_kiosk, old: str, new: str) -> None:  # type: ignore[no-untyped-def]
    kiosk = a11y_kiosk(text_scale=200, size=(1024, 600))
    kiosk.window.apply_language(old)
    qtbot.wait(50)
    switch(qtbot, kiosk, old, new)


def test_more_below_is_redrawn_when_only_the_language_changes(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The text's height stays the same, so no scroll range change redraws the button: the
    switch itself must (before #30 "Więcej poniżej" stayed on a Turkish ticket)."""
    from PySide6.QtCore import QCoreApplication, QEvent

    area = ReadingArea()
    content = QWidget()
    content.setFixedHeight(2000)
    area.setWidget(content)
    qtbot.addWidget(area)
    i18n.set_language("pl")
    area.resize(1200, 300)
    area.show()
    qtbot.waitExposed(area)
    assert area.more.text() == "\u25bc Więcej poniżej"
    i18n.set_language("tr")
    QCoreApplication.sendEvent(area, QEvent(QEvent.Type.LanguageChange))
    words = i18n.translations_for("tr").gettext("More below")
    assert area.more.text() == f"\u25bc {words}"
    i18n.set_language("en")
