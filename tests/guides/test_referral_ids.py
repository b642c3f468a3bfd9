"""A guide may refer to any referral id a hub holds (#17): `to:` follows the hub's id rule, so
`social_services` (the example of docs/protocol.md) checks clean in `kiosk guide check`, the JSON
Schema and the loader; the hub's rule is never narrowed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import jsonschema_rs
import pytest
from ruamel.yaml import YAML

from kiosk.domain.guide import REFERRAL_ID_PATTERN, HandoffStep
from kiosk.guides import GuideError, load_guide
from kiosk.guides.schema import json_schema
from kiosk.hub.locations import REFERRAL_ID
from kiosk.hub.records.schemas import AssistedSessionV1
from tests.guides.support import BASE, write_bundle


def _guide(to: str) -> str:
    return BASE.replace("reason: volunteer", f"reason: referral\n    to: {to}")


def test_the_guide_rule_is_the_hubs_rule() -> None:
    assert REFERRAL_ID.pattern == f"^{REFERRAL_ID_PATTERN.pattern}$"
    referral = AssistedSessionV1.model_json_schema()["properties"]["referral"]
    assert {"pattern": REFERRAL_ID.pattern, "type": "string"} in referral["anyOf"]


@pytest.mark.parametrize("to", ["social_services", "ocmw-gent", "OCMW.Gent:2", "x"])
def test_hub_referral_ids_check_clean(tmp_path: Path, kiosk_cmd: list[str], to: str) -> None:
    folder = write_bundle(tmp_path / "guide", _guide(to))
    helper = load_guide(folder).steps[-1]
    assert isinstance(helper, HandoffStep)
    assert helper.to == to
    document = YAML(typ="safe", pure=True).load((folder / "guide.yaml").read_text())
    assert jsonschema_rs.validator_for(json_schema()).is_valid(document)
    if to == "social_services":
        result = subprocess.run(
            [*kiosk_cmd, "guide", "check", str(folder)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert (result.returncode, result.stdout) == (0, "ok: 1 guide\n"), result.stderr


@pytest.mark.parametrize("to", ["_social", "social services", "a" * 65, "'x/y'"])
def test_ids_the_hub_refuses_are_refused(tmp_path: Path, to: str) -> None:
    folder = write_bundle(tmp_path / "guide", _guide(to))
    with pytest.raises(GuideError, match="referral id"):
        load_guide(folder)
    document = YAML(typ="safe", pure=True).load((folder / "guide.yaml").read_text())
    assert not jsonschema_rs.validator_for(json_schema()).is_valid(document)
