"""The `web` step: the real website on the right (about 2/3), the step text on the left.

QtWebEngine is imported here, inside the constructor, so that only the first web step pays for
it. The browser is `kiosk.ui.browser.view.GuardedBrowser` in the session's off-the-record profile,
limited to the guide's `allowed_sites`.

A site that has not answered (its "cannot be reached" page, or still nothing loaded) makes the
step `not_done()`: Next then ends the run as not done ("try again later or ask a volunteer"),
never on to the guide's own "done" text, and the record says `ended: not_done`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from kiosk.domain.guide import WebStep
from kiosk.ui.steps.base import StepWidget

if TYPE_CHECKING:
    from kiosk.ui.browser.view import GuardedBrowser


class WebStepWidget(StepWidget):
    def build(self) -> None:
        from kiosk.ui.browser.view import GuardedBrowser, SitePolicy

        assert isinstance(self.step, WebStep)
        policy = SitePolicy(self.run.guide.allowed_sites, self.services.allow_insecure_hosts)
        self.browser: GuardedBrowser = GuardedBrowser(self.services.web_session(), policy)
        #: Whether the site answered at least once on this step.
        self.reached = False
        self.browser.loaded.connect(self._on_loaded)
        self.browser.load_failed.connect(self._on_failed)
        self.browser.load(self.step.url)

    def _on_loaded(self, _url: str) -> None:
        self.reached = True
        self.changed.emit()

    def _on_failed(self) -> None:
        self.changed.emit()

    def not_done(self) -> bool:
        return not self.reached or self.browser.showing_offline_page

    def side_widget(self) -> QWidget | None:
        return self.browser

    def retranslate_ui(self) -> None:
        self.browser.retranslate_ui()

    def dispose(self) -> None:
        self.browser.dispose()
        self.browser.deleteLater()
