"""Where tests save screenshots: KIOSK_TEST_SCREENS (docs/screens, to refresh the docs) when
set, else `fallback` (a test's own tmp_path), so a test run leaves the checkout as it was."""

from __future__ import annotations

import os
from pathlib import Path


def screens_dir(fallback: Path | None = None) -> Path | None:
    """The folder for screenshots (made if missing), or None: no folder set and no fallback."""
    target = os.environ.get("KIOSK_TEST_SCREENS")
    folder = Path(target) if target else fallback
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    return folder
