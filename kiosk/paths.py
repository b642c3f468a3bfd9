"""Where the kiosk keeps its files.

Everything the kiosk writes lives under one *home* folder: `--home DIR`, else the `KIOSK_HOME`
environment variable, else the platform's folders (platformdirs). With a home folder, config,
data, cache and logs are all sub-folders of it; that is what tests and the demo use.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "kiosk"


@dataclass(frozen=True)
class KioskPaths:
    """The folders and files of one kiosk installation."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path
    log_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def database(self) -> Path:
        return self.data_dir / "kiosk.sqlite3"

    @property
    def guides_dir(self) -> Path:
        """Installed guide bundles (from the hub); the built-in ones come from resources."""
        return self.data_dir / "guides"

    @property
    def session_dir(self) -> Path:
        """The current resident session's scans and downloads; deleted at every reset."""
        return self.cache_dir / "session"

    @property
    def scan_dir(self) -> Path:
        """Where the scanner saves (the QR screen reads from it); emptied, not removed, at a
        reset: it exists from start-up on and after every reset (docs/deploy.md)."""
        return self.session_dir / "scans"

    @property
    def icon_cache_dir(self) -> Path:
        """Guide icons rendered as PNG files, so start-up needs no SVG renderer."""
        return self.cache_dir / "icons"

    @property
    def hub_dir(self) -> Path:
        """The hub's own files, when this home also runs a hub."""
        return self.data_dir / "hub"

    def ensure(self) -> None:
        for folder in (self.config_dir, self.data_dir, self.cache_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True)
        self.scan_dir.mkdir(parents=True, exist_ok=True)
        # the data folder (the database: PIN hashes) is for the kiosk's user only
        self.data_dir.chmod(0o700)


def home_paths(home: Path) -> KioskPaths:
    home = home.expanduser().absolute()
    return KioskPaths(
        config_dir=home,
        data_dir=home / "data",
        cache_dir=home / "cache",
        log_dir=home / "logs",
    )


def resolve_paths(home: str | os.PathLike[str] | None = None) -> KioskPaths:
    """The kiosk's paths for `--home`, else `KIOSK_HOME`, else the platform's folders."""
    chosen = home if home is not None else os.environ.get("KIOSK_HOME") or None
    if chosen is not None:
        return home_paths(Path(chosen))
    import platformdirs

    dirs = platformdirs.PlatformDirs(APP_NAME, appauthor=False)
    return KioskPaths(
        config_dir=Path(dirs.user_config_dir),
        data_dir=Path(dirs.user_data_dir),
        cache_dir=Path(dirs.user_cache_dir),
        log_dir=Path(dirs.user_log_dir),
    )
