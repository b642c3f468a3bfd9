"""Every guide shipped in resources/guides passes the checker, in all seven languages."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema_rs
import pytest
from ruamel.yaml import YAML

from kiosk.domain.guide import ChoiceStep, InputStep, QrScanStep, SummaryStep, WebStep
from kiosk.domain.markdown import find_links
from kiosk.guides import load_guide
from kiosk.guides.catalog import load_catalog
from kiosk.guides.schema import json_schema
from kiosk.resources import builtin_guides_dir

SHIPPED = sorted(p for p in builtin_guides_dir().iterdir() if (p / "guide.yaml").exists())
IDS = [p.name for p in SHIPPED]


def test_five_guides_are_shipped() -> None:
    assert IDS == [
        "digital-login",
        "doctor-appointment",
        "help-appointment",
        "meter-reading",
        "read-qr-code",
    ]


@pytest.mark.parametrize("folder", SHIPPED, ids=IDS)
def test_shipped_guide_is_valid_and_complete(folder: Path) -> None:
    guide = load_guide(folder)
    assert guide.id == folder.name
    assert guide.languages == ("nl", "fr", "en", "ar", "tr", "pl", "uk")
    assert guide.icon is not None
    assert guide.image_path(guide.icon).is_file()  # type: ignore[union-attr]
    for step in guide.steps:
        for texts in step.texts():
            # country variants (nl_NL, an extension) come on top of the guide's languages
            assert {lang.split("_")[0] for lang in texts} == set(guide.languages)
            assert not any(find_links(text) for text in texts.values())
        if step.image:
            assert (folder / step.image).is_file()


@pytest.mark.parametrize("folder", SHIPPED, ids=IDS)
def test_shipped_guide_matches_the_json_schema(folder: Path) -> None:
    document = YAML(typ="safe", pure=True).load((folder / "guide.yaml").read_text())
    validator = jsonschema_rs.validator_for(json.loads(json.dumps(json_schema())))
    errors = [error.message for error in validator.iter_errors(document)]
    assert errors == []


def test_the_schema_refuses_unknown_keys() -> None:
    validator = jsonschema_rs.validator_for(json_schema())
    document = YAML(typ="safe", pure=True).load((SHIPPED[0] / "guide.yaml").read_text())
    assert validator.is_valid(document)
    document["colour"] = "red"
    assert not validator.is_valid(document)
    document.pop("colour")
    document["steps"][0]["url"] = "https://x.example"
    assert not validator.is_valid(document)


def test_the_meter_guide_has_what_the_issue_asks() -> None:
    guide = load_guide(builtin_guides_dir() / "meter-reading")
    kinds = {step.kind for step in guide.steps if isinstance(step, InputStep)}
    assert {"ean", "meter_reading"} <= kinds
    assert any(isinstance(step, ChoiceStep) for step in guide.steps)
    assert any(isinstance(step, WebStep) for step in guide.steps)
    summary = next(step for step in guide.steps if isinstance(step, SummaryStep))
    assert summary.print
    assert summary.qr


def test_the_qr_guide_scans() -> None:
    guide = load_guide(builtin_guides_dir() / "read-qr-code")
    assert any(isinstance(step, QrScanStep) for step in guide.steps)


def test_the_catalog_finds_every_shipped_guide() -> None:
    catalog = load_catalog([builtin_guides_dir()])
    assert sorted(catalog.guides) == IDS
    assert catalog.problems == ()
