"""Config loading: defaults, the commented example, environment overrides, and clear errors."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest

from kiosk import resources
from kiosk.config import Settings, env_name, load_settings
from kiosk.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "absent.toml", environ={}) == Settings()


def test_example_file_loads_and_documents_every_key() -> None:
    example = resources.resource_path("config.example.toml")
    settings = load_settings(example, environ={})
    assert settings == Settings(), "the example shows the defaults"
    text = example.read_text(encoding="utf-8")
    for section in ("location", "session", "hub", "display"):
        assert f"[{section}]" in text
        for key in typing.get_type_hints(type(getattr(settings, section))):
            assert re.search(rf"^{key} = ", text, re.M), f"{section}.{key} missing in example"


def test_values_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[location]\nname = "Digipunt Gent"\ncountry = "BE"\n'
        '[session]\nidle_timeout = 60\nlanguages = ["fr", "nl"]\ndefault_language = "fr"\n',
    )
    settings = load_settings(path, environ={})
    assert settings.location.name == "Digipunt Gent"
    assert settings.session.idle_timeout == 60
    assert settings.session.languages == ("fr", "nl")
    assert settings.session.default_language == "fr"


def test_settings_are_frozen() -> None:
    settings = Settings()
    with pytest.raises(AttributeError):
        settings.session.idle_timeout = 5  # type: ignore[misc]


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[location]\nname = "x"\n\n[session\nidle_timeout = 60\n')
    with pytest.raises(ConfigError, match=rf"^{re.escape(str(path))}:4: TOML syntax error"):
        load_settings(path, environ={})


def test_unknown_key_names_line_and_key(tmp_path: Path) -> None:
    path = write(tmp_path, "[session]\nidle_timeout = 60\nidle_timout = 90\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    message = str(caught.value)
    assert message.startswith(f"{path}:3: [session] unknown key 'idle_timout'")
    assert "idle_timeout" in message  # lists the known keys


def test_unknown_section(tmp_path: Path) -> None:
    path = write(tmp_path, '[location]\nname = "x"\n[sesion]\nidle_timeout = 60\n')
    with pytest.raises(ConfigError, match=r":3: unknown section \[sesion\]"):
        load_settings(path, environ={})


def test_wrong_type_names_line_and_key(tmp_path: Path) -> None:
    path = write(tmp_path, '[session]\ncountdown = 30\nidle_timeout = "sixty"\n')
    with pytest.raises(ConfigError, match=r":3: \[session\] idle_timeout: must be a whole number"):
        load_settings(path, environ={})


@pytest.mark.parametrize(
    ("text", "line", "key"),
    [
        ("[session]\nidle_timeout = 2\n", 2, "idle_timeout"),
        ('[session]\nlanguages = ["nl", "xx"]\n', 2, "languages"),
        ('[session]\nlanguages = ["fr"]\n', 1, "default_language"),
        ('[location]\nname = "x"\ncountry = "DE"\n', 3, "country"),
        ("[display]\ntext_scale = 120\n", 2, "text_scale"),
        ('[hub]\nurl = "ftp//nope"\n', 2, "url"),
        ("[display]\nhigh_contrast = 1\n", 2, "high_contrast"),
    ],
)
def test_bad_values(tmp_path: Path, text: str, line: int, key: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=rf"^{re.escape(str(path))}:{line}: .*{key}"):
        load_settings(path, environ={})


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b'[location]\nname = "Biblioth\xe8que"\n')
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_settings(path, environ={})


def test_environment_overrides_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[session]\nidle_timeout = 60\n")
    environ = {
        env_name("session", "idle_timeout"): "90",
        "KIOSK_SESSION_LANGUAGES": "nl, en",
        "KIOSK_DISPLAY_HIGH_CONTRAST": "yes",
        "KIOSK_LOCATION_NAME": "Bib Leuven",
    }
    settings = load_settings(path, environ=environ)
    assert settings.session.idle_timeout == 90
    assert settings.session.languages == ("nl", "en")
    assert settings.display.high_contrast is True
    assert settings.location.name == "Bib Leuven"


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("KIOSK_SESSION_IDLE_TIMEOUT", "soon", "whole number"),
        ("KIOSK_SESSION_IDLE_TIMEOUT", "1", "between 10 and 3600"),
        ("KIOSK_DISPLAY_HIGH_CONTRAST", "maybe", "true or false"),
    ],
)
def test_bad_environment_value_names_the_variable(name: str, value: str, problem: str) -> None:
    with pytest.raises(ConfigError, match=rf"^environment variable {name}: .*{problem}"):
        load_settings(None, environ={name: value})
