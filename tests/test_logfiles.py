"""kiosk.logfiles: the log file is English even when the kiosk speaks another language (#22)."""

from __future__ import annotations

import logging
from pathlib import Path

from kiosk import i18n
from kiosk.i18n import _
from kiosk.logfiles import start_logging


def test_a_translated_sentence_is_logged_in_english(tmp_path: Path) -> None:
    log_file = start_logging(tmp_path / "logs", "run")
    assert log_file is not None
    try:
        i18n.set_language("nl")
        shown = _("cannot reach the hub; check the network cable or Wi-Fi, or ask if the hub is up")
        assert shown.startswith("kan de hub niet bereiken")
        with_value = _("the hub answered HTTP {status}").format(status=418)
        logging.getLogger("kiosk.sync.service").warning("sync: %s (%d waiting)", shown, 3)
        logging.getLogger("kiosk.sync.sender").warning("sending failed (%s); later", with_value)
    finally:
        i18n.set_language("en")
        for handler in logging.getLogger().handlers:
            handler.flush()
        start_logging(None, None)
    text = log_file.read_text(encoding="utf-8")
    assert "sync: cannot reach the hub; check the network cable or Wi-Fi" in text
    assert "(3 waiting)" in text
    assert "sending failed (the hub answered HTTP 418); later" in text
    assert "bereiken" not in text
