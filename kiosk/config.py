"""The kiosk's settings: one typed, frozen object, loaded once.

Read from `config.toml` in the kiosk's home, then overridden by environment variables named
`KIOSK_<SECTION>_<KEY>` (for example `KIOSK_SESSION_IDLE_TIMEOUT=90`). Nothing else in the
program reads config files. Unknown sections or keys, wrong types and values out of range are
errors that name the file, the line and the key: the kiosk does not start on a wrong guess.

The fully commented example is `resources/config.example.toml`; a test keeps it in step with
the dataclasses below.
"""

from __future__ import annotations

import os
import re
import tomllib
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from kiosk.errors import ConfigError
from kiosk.protocol import IDLE_TIMEOUT_MAX_S, IDLE_TIMEOUT_MIN_S, idle_timeout_ok

LANGUAGES = ("nl", "fr", "en", "ar", "tr", "pl", "uk")
COUNTRIES = ("BE", "NL")


@dataclass(frozen=True)
class LocationSettings:
    """Who this kiosk belongs to."""

    name: str = "Bibliotheek"
    country: str = "BE"

    def check(self) -> dict[str, str]:
        problems = {}
        if not self.name.strip():
            problems["name"] = "must not be empty"
        if self.country not in COUNTRIES:
            problems["country"] = f"must be one of {', '.join(COUNTRIES)}"
        return problems


@dataclass(frozen=True)
class SessionSettings:
    """How a resident's session behaves."""

    idle_timeout: int = 180
    countdown: int = 30
    default_language: str = "nl"
    languages: tuple[str, ...] = ("nl", "fr", "en")
    #: Print jobs websites may start in one resident session (`window.print()`).
    print_limit: int = 3

    def check(self) -> dict[str, str]:
        problems = {}
        if not 0 <= self.print_limit <= 50:
            problems["print_limit"] = "must be between 0 and 50"
        if not idle_timeout_ok(self.idle_timeout):
            problems["idle_timeout"] = (
                f"must be between {IDLE_TIMEOUT_MIN_S} and {IDLE_TIMEOUT_MAX_S} seconds"
            )
        if not 5 <= self.countdown <= 120:
            problems["countdown"] = "must be between 5 and 120 seconds"
        unknown = [lang for lang in self.languages if lang not in LANGUAGES]
        if unknown:
            problems["languages"] = f"unknown language {unknown[0]!r}; use {', '.join(LANGUAGES)}"
        elif not self.languages:
            problems["languages"] = "must list at least one language"
        if self.default_language not in self.languages:
            problems["default_language"] = "must be one of the languages in 'languages'"
        return problems


@dataclass(frozen=True)
class HubSettings:
    """The municipality's hub this kiosk syncs with (set by `kiosk enroll`)."""

    url: str = ""
    ca_bundle: str = ""
    sync_interval: int = 60

    def check(self) -> dict[str, str]:
        problems = {}
        if self.url and not re.match(r"^https?://[^/\s]+", self.url):
            problems["url"] = "must be an http(s) URL such as https://hub.example.be"
        if not 5 <= self.sync_interval <= 86400:
            problems["sync_interval"] = "must be between 5 and 86400 seconds"
        return problems


@dataclass(frozen=True)
class DisplaySettings:
    """How the screen looks."""

    text_scale: int = 100
    high_contrast: bool = False

    def check(self) -> dict[str, str]:
        if self.text_scale not in (100, 150, 200):
            return {"text_scale": "must be 100, 150 or 200"}
        return {}


@dataclass(frozen=True)
class SystemSettings:
    """How the kiosk runs on its computer."""

    #: Let `kiosk run` start as root. Only for test machines, benches and CI: a real kiosk runs
    #: as the unprivileged `kiosk` user, with the web sandbox on (docs/deploy.md).
    allow_root: bool = False

    def check(self) -> dict[str, str]:
        return {}


@dataclass(frozen=True)
class Settings:
    """Every setting of the kiosk. Build it with `load_settings`."""

    location: LocationSettings = field(default_factory=LocationSettings)
    session: SessionSettings = field(default_factory=SessionSettings)
    hub: HubSettings = field(default_factory=HubSettings)
    display: DisplaySettings = field(default_factory=DisplaySettings)
    system: SystemSettings = field(default_factory=SystemSettings)


_Section = LocationSettings | SessionSettings | HubSettings | DisplaySettings | SystemSettings
_S = TypeVar("_S", LocationSettings, SessionSettings, HubSettings, DisplaySettings, SystemSettings)

_SECTION_TYPES: dict[str, type[_Section]] = {
    "location": LocationSettings,
    "session": SessionSettings,
    "hub": HubSettings,
    "display": DisplaySettings,
    "system": SystemSettings,
}


def env_name(section: str, key: str) -> str:
    return f"KIOSK_{section}_{key}".upper()


@dataclass(frozen=True)
class _Source:
    """The config file's text and tables, where they came from, and the environment."""

    where: str
    text: str
    tables: dict[str, dict[str, object]]
    environ: Mapping[str, str]


def load_settings(config_file: Path | None, environ: Mapping[str, str] | None = None) -> Settings:
    """Read `config_file` (a missing file means defaults) and the environment overrides."""
    environ = os.environ if environ is None else environ
    where = str(config_file) if config_file else "<defaults>"
    text, raw = _read_toml(config_file, where)
    source = _Source(where, text, _tables(raw, text, where), environ)
    return Settings(
        location=_section(source, "location", LocationSettings),
        session=_section(source, "session", SessionSettings),
        hub=_section(source, "hub", HubSettings),
        display=_section(source, "display", DisplaySettings),
        system=_section(source, "system", SystemSettings),
    )


def _read_toml(config_file: Path | None, where: str) -> tuple[str, dict[str, object]]:
    """The config file's text and its TOML document (both empty when there is no file)."""
    if config_file is None or not config_file.exists():
        return "", {}
    try:
        text = config_file.read_text(encoding="utf-8")
        return text, tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError(f"{where}: the file is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        line = _decode_error_line(exc)
        reason = str(exc).split(" (at ")[0]
        raise ConfigError(f"{where}:{line}: TOML syntax error: {reason}") from None
    except OSError as exc:
        raise ConfigError(f"{where}: cannot read the config file: {exc.strerror}") from None


def _tables(raw: dict[str, object], text: str, where: str) -> dict[str, dict[str, object]]:
    """The document's sections, refusing an unknown section or one that is not a table."""
    tables: dict[str, dict[str, object]] = {}
    for section, value in raw.items():
        if section not in _SECTION_TYPES:
            line = _line_of(text, section, None)
            known = ", ".join(_SECTION_TYPES)
            raise ConfigError(f"{where}:{line}: unknown section [{section}]; known: {known}")
        if not isinstance(value, dict):
            raise ConfigError(f"{where}:{_line_of(text, section, None)}: {section} must be a table")
        tables[section] = value
    return tables


def _section(source: _Source, section: str, cls: Callable[..., _S]) -> _S:
    """One section: the file's values, then the environment's, checked by the section."""
    where, text, environ = source.where, source.text, source.environ
    hints = typing.get_type_hints(cls)
    values: dict[str, object] = {}
    for key, value in source.tables.get(section, {}).items():
        if key not in hints:
            line = _line_of(text, section, key)
            known = ", ".join(hints)
            raise ConfigError(
                f"{where}:{line}: [{section}] unknown key '{key}'; known keys: {known}"
            )
        try:
            values[key] = _coerce(value, hints[key], from_env=False)
        except ValueError as exc:
            line = _line_of(text, section, key)
            raise ConfigError(f"{where}:{line}: [{section}] {key}: {exc}") from None
    for key, hint in hints.items():
        name = env_name(section, key)
        if name in environ:
            try:
                values[key] = _coerce(environ[name], hint, from_env=True)
            except ValueError as exc:
                raise ConfigError(f"environment variable {name}: {exc}") from None
    obj = cls(**values)  # each value was coerced to its field's type above
    for key, problem in obj.check().items():
        name = env_name(section, key)
        if name in environ:
            raise ConfigError(f"environment variable {name}: {problem}")
        line = _line_of(text, section, key)
        raise ConfigError(f"{where}:{line}: [{section}] {key}: {problem}")
    return obj


def _to_bool(value: object, from_env: bool) -> bool:
    if from_env:
        lowered = str(value).strip().lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise ValueError("must be true or false")
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _to_int(value: object, from_env: bool) -> int:
    if from_env:
        try:
            return int(str(value).strip())
        except ValueError:
            raise ValueError("must be a whole number") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number")
    return value


def _to_str(value: object, from_env: bool) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a text in quotes")
    return value


def _to_texts(value: object, from_env: bool) -> tuple[str, ...]:
    if from_env:
        value = [part.strip() for part in str(value).split(",") if part.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError('must be a list of texts, such as ["nl", "fr"]')
    return tuple(value)


#: How a setting of each field type is read from TOML (or, with from_env, from a variable).
_COERCERS: dict[object, Callable[[object, bool], object]] = {
    bool: _to_bool,
    int: _to_int,
    str: _to_str,
}


def _coerce(value: object, hint: object, *, from_env: bool) -> object:
    if typing.get_origin(hint) is tuple:
        return _to_texts(value, from_env)
    coerce = _COERCERS.get(hint)
    if coerce is not None:
        return coerce(value, from_env)
    if isinstance(hint, types.UnionType):  # pragma: no cover - no such field yet
        raise ValueError("unsupported type")
    raise ValueError(f"unsupported setting type {hint!r}")  # pragma: no cover


def _decode_error_line(exc: tomllib.TOMLDecodeError) -> int:
    lineno = getattr(exc, "lineno", None)
    if isinstance(lineno, int):
        return lineno
    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else 1


def _line_of(text: str, section: str, key: str | None) -> int:
    """The 1-based line of `[section]` or of `key = ...` inside it (best effort, else 1)."""
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.match(r"^\[\s*([A-Za-z0-9_.-]+)\s*\]", stripped)
        if header:
            current = header.group(1)
            if key is None and current == section:
                return number
            continue
        if (
            key is not None
            and current == section
            and re.match(rf"^\"?{re.escape(key)}\"?\s*=", stripped)
        ):
            return number
    return 1
