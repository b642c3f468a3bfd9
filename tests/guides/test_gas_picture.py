"""The meter-reading guide's gas step shows a gas meter (#23, stranger round 6: its picture
said kWh; a gas meter counts m³), and says so in its alt text in every language."""

from __future__ import annotations

from kiosk import resources
from kiosk.guides.loader import check_text

FOLDER = resources.builtin_guides_dir() / "meter-reading"


def test_the_gas_step_shows_m3_not_kwh() -> None:
    path = FOLDER / "guide.yaml"
    guide, problems = check_text(path.read_bytes(), str(path), FOLDER)
    assert problems == []
    assert guide is not None
    assert guide.version >= 3
    for step in guide.steps:
        if "gas" not in step.id or step.image is None:
            continue
        picture = (FOLDER / step.image).read_text(encoding="utf-8")
        assert "kWh" not in picture, step.id
        if "meter" not in step.image:
            continue  # the letter with the EAN code
        assert "m³" in picture, step.id
        assert step.alt is not None
        assert all("m³" in text or "м³" in text for text in step.alt.values()), step.id
    assert guide.step("read-gas").image == "images/meter-gas.svg"
