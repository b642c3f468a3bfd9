"""The domain lists behind the URL warnings: the built-in ones plus the admins' own.

Built in: `resources/qr/url_shorteners.txt` and `resources/qr/trusted_domains.txt`. An admin
adds domains by putting files with the same names in the folder `qr/` of the kiosk's config
folder (next to `config.toml`, e.g. `$KIOSK_HOME/qr/trusted_domains.txt`); same format, one
domain per line, `#` for comments. Their domains are added to the built-in ones.
"""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk.domain.url_safety import UrlLists, builtin_lists, parse_domain_list

log = logging.getLogger(__name__)

SHORTENERS_FILE = "url_shorteners.txt"
TRUSTED_FILE = "trusted_domains.txt"


def admin_lists_dir(config_dir: Path) -> Path:
    return config_dir / "qr"


def load_url_lists(config_dir: Path | None = None) -> UrlLists:
    """The built-in lists, extended with the admin's files under `config_dir/qr/` if present."""
    lists = builtin_lists()
    if config_dir is None:
        return lists
    folder = admin_lists_dir(config_dir)
    return lists.extended(
        shorteners=_read(folder / SHORTENERS_FILE), trusted=_read(folder / TRUSTED_FILE)
    )


def _read(path: Path) -> frozenset[str]:
    try:
        return parse_domain_list(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return frozenset()
    except (OSError, UnicodeDecodeError) as exc:
        log.warning("ignoring the domain list %s: %s", path, exc)
        return frozenset()
