"""`kiosk guide preview`: reloads on save (also when the editor replaces the file) and shows
check errors in the window instead of crashing."""

from __future__ import annotations

import shutil
from pathlib import Path

from kiosk import resources
from kiosk.ui.preview import PreviewWindow
from kiosk.ui.screens.guide import GuideScreen
from kiosk.ui.shell.theme import Theme
from tests.ui.flows.guides.conftest import PLATFORM_NOISE

pytestmark = PLATFORM_NOISE


def test_preview_reloads_and_shows_problems(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "meter-reading"
    shutil.copytree(resources.builtin_guides_dir() / "meter-reading", folder)
    yaml = folder / "guide.yaml"
    window = PreviewWindow(folder, Theme(), speech_engine="mock")
    qtbot.addWidget(window)
    window.show()
    assert isinstance(window.body, GuideScreen)
    assert window.problems == []
    assert (
        "meter-reading version 3" in window.status.text()
    )  # the shipped version (#23 raised it twice)

    good = yaml.read_text(encoding="utf-8")
    yaml.write_text(good.replace("type: checklist", "type: checklistt"), encoding="utf-8")
    qtbot.waitUntil(lambda: bool(window.problems), timeout=10_000)
    assert not isinstance(window.body, GuideScreen)
    assert any("guide.yaml:" in problem and "ready" in problem for problem in window.problems)

    # An editor that writes a new file and renames it over the old one.
    replacement = folder / "guide.yaml.tmp"
    replacement.write_text(good.replace("version: 3", "version: 4"), encoding="utf-8")
    replacement.replace(yaml)
    qtbot.waitUntil(lambda: isinstance(window.body, GuideScreen), timeout=10_000)
    assert window.problems == []
    assert "version 4" in window.status.text()

    yaml.write_text("format: 1\nid: [unclosed\n", encoding="utf-8")
    qtbot.waitUntil(lambda: bool(window.problems), timeout=10_000)
    assert "guide.yaml:" in window.problems[0]


def test_a_reload_keeps_the_author_on_the_step_being_edited(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "meter-reading"
    shutil.copytree(resources.builtin_guides_dir() / "meter-reading", folder)
    yaml = folder / "guide.yaml"
    window = PreviewWindow(folder, Theme(), speech_engine="mock")
    qtbot.addWidget(window)
    window.show()
    screen = window.body
    assert isinstance(screen, GuideScreen)
    screen.go_next()  # past the intro
    run = screen.run
    run.next()  # start -> ready (the checklist)
    run.next()  # -> meter-type
    run.choose(1)  # the analogue meter
    run.next()  # -> ask-ean
    assert run.answer("541448820000000008") is None
    run.next()  # -> ask-reading
    screen.show_step()

    text = yaml.read_text(encoding="utf-8")
    yaml.write_text(text.replace("version: 3", "version: 4"), encoding="utf-8")
    qtbot.waitUntil(lambda: "version 4" in window.status.text(), timeout=10_000)
    reloaded = window.body
    assert isinstance(reloaded, GuideScreen)
    assert reloaded is not screen
    assert reloaded.run.current.id == "ask-reading"
    assert "read-analogue" in reloaded.run.history
    assert reloaded.run.answers["ean"] == "541448820000000008"

    # A step that is gone: the preview stops at the last step that still leads on.
    text = yaml.read_text(encoding="utf-8")
    yaml.write_text(
        text.replace("id: ask-reading", "id: ask-the-reading").replace(
            "ask-reading", "ask-the-reading"
        ),
        encoding="utf-8",
    )
    qtbot.waitUntil(
        lambda: window.body is not reloaded and isinstance(window.body, GuideScreen), timeout=10_000
    )
    assert window.body.run.current.id == "ask-ean"


def test_a_broken_save_then_a_fixed_one_keeps_the_authors_step(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """#23: "after a broken save followed by a fixed one the preview goes back to the start"."""
    folder = tmp_path / "meter-reading"
    shutil.copytree(resources.builtin_guides_dir() / "meter-reading", folder)
    yaml = folder / "guide.yaml"
    window = PreviewWindow(folder, Theme(), speech_engine="mock")
    qtbot.addWidget(window)
    window.show()
    screen = window.body
    assert isinstance(screen, GuideScreen)
    screen.go_next()  # past the intro
    screen.run.next()  # start -> ready
    screen.run.next()  # -> meter-type
    screen.run.choose(0)  # the digital meter
    screen.show_step()
    assert screen.run.current.id == "read-digital"

    good = yaml.read_text(encoding="utf-8")
    yaml.write_text(good.replace("steps:", "stepz:", 1), encoding="utf-8")  # broken
    qtbot.waitUntil(lambda: bool(window.problems), timeout=10_000)
    assert not isinstance(window.body, GuideScreen)
    yaml.write_text(good.replace("version: 3", "version: 4"), encoding="utf-8")  # fixed
    qtbot.waitUntil(lambda: "version 4" in window.status.text(), timeout=10_000)
    fixed = window.body
    assert isinstance(fixed, GuideScreen)
    assert not fixed.on_intro
    assert fixed.run.current.id == "read-digital"
    assert "meter-type" in fixed.run.history
