"""The guide flow: from a home tile to the guide screen, and from the run's end to its record.

`kiosk.app.build_kiosk` builds the one `GuideFlow` (`kiosk.flows.guides`), connects the home
screen's `guide_chosen` to `GuideFlow.start()` and registers three of its reset actions:

- `guide-run`: a run still open is abandoned and recorded, its answers wiped, its screen closed;
- `web-profile`: the session's off-the-record browser profile is deleted (after its pages), so
  the next resident gets a new one;
- `qr-camera`: the camera of the QR reader is stopped (a `qr_scan` step also stops it when it
  is left; this makes sure of it).

`start(guide_id)` loads the guide from the installed catalog and keeps that `Guide` object for
the whole run, so a guide updated by the hub mid-run does not change under the resident. The run
uses the kiosk's current language (when the guide has it) and the location's locale. When the
run ends (completed, handed off, or abandoned through "Stop this task" or a reset) exactly one
`GuideRun` record (never the answers) is written through `StoreGateway.call()`, on the database
thread, and the answers are wiped.

The guide screen lives inside one host widget registered with the window as screen `"guide"`;
each run gets a new `GuideScreen`. Installing the flow imports nothing heavy: the guide engine
and the screen are imported when the first guide opens, QtWebEngine when a web step first asks
for the session's `WebSession`, QtMultimedia when a `qr_scan` step first asks for the kiosk's
`ScanSources` (`scan_sources()`: built once, with the kiosk's paths and URL lists).

A guide with a referral (`handoff` with `reason: referral`) gets the places of the location's
referral list through `GuideServices.referral`: the flow reads the location config from the
store on the database thread when such a guide starts, and keeps the last one it read; a step
already on screen when it arrives is redrawn.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from kiosk import resources
from kiosk.i18n import current_language, locale_name
from kiosk.ui.shell.errors import keep_last_error

if TYPE_CHECKING:
    from kiosk.domain.guide import Guide
    from kiosk.domain.location import LocationConfig, Referral
    from kiosk.domain.records import GuideRun
    from kiosk.domain.run import GuideRunState
    from kiosk.qr.scan import ScanSources
    from kiosk.store import RecordStore
    from kiosk.ui.browser.view import WebSession
    from kiosk.ui.context import FlowContext
    from kiosk.ui.flows.booking import Booking
    from kiosk.ui.screens.guide import GuideScreen
    from kiosk.ui.shell.keyboard import KeyboardUse

log = logging.getLogger(__name__)

GUIDE = "guide"


class GuideHost(QStackedWidget):
    """The window's "guide" screen: holds the current run's `GuideScreen`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("Screen")

    def retranslate_ui(self) -> None:
        retranslate = getattr(self.currentWidget(), "retranslate_ui", None)
        if retranslate is not None:
            retranslate()


def _add_record(store: RecordStore, record: GuideRun) -> GuideRun:
    store.add(record)
    return record


class GuideFlow(QObject):
    """Starts guide runs, shows their screen, and records each run exactly once."""

    run_started = Signal(str)  # guide id
    run_recorded = Signal(object)  # the GuideRun, once the store has it
    record_failed = Signal(str)

    def __init__(
        self,
        context: FlowContext,
        *,
        keyboard: KeyboardUse | None = None,
        booking: Booking | None = None,
    ) -> None:
        super().__init__(context.window)
        self.context = context
        self._keyboard = keyboard
        self.run: GuideRunState | None = None
        self.screen: GuideScreen | None = None
        self._recorded = True
        self._host: GuideHost | None = None
        self._web: WebSession | None = None
        #: For tests only: plain-http hosts ("127.0.0.1:PORT") web steps may open.
        self.allow_insecure_hosts: tuple[str, ...] = ()
        #: The text-to-speech engine (None: the first real one; tests use "mock").
        self.speech_engine: str | None = None
        #: The help point's booking service for appointment steps (kiosk.ui.flows.booking).
        self.booking = booking
        #: The QR reader's sources (built by `scan_sources()`; tests set it).
        self.qr_sources: ScanSources | None = None
        #: The location config as last read from the store (`refresh_location()`), for referrals.
        self.location: LocationConfig | None = None

    # -- guides ------------------------------------------------------------------------------

    def load_guide(self, guide_id: str) -> Guide | None:
        from kiosk.guides.catalog import load_catalog

        paths = self.context.paths
        catalog = load_catalog(
            [resources.builtin_guides_dir(), paths.guides_dir],
            cache_file=paths.data_dir / "guide-cache.pickle",
        )
        return catalog.guides.get(guide_id)

    def start(self, guide_id: str) -> GuideScreen | None:
        """Open `guide_id` for a new run; None when the guide is not installed (any more)."""
        guide = self.load_guide(guide_id)
        if guide is None:
            log.error("guide %s is not installed or not valid", guide_id)
            self.context.window.show_help()
            return None
        return self.start_guide(guide)

    def _keyboard_in_use(self) -> bool:
        return self._keyboard is None or self._keyboard.active

    def start_guide(self, guide: Guide) -> GuideScreen:
        """Start a run of `guide` (this exact object stays with the run until it ends)."""
        from kiosk.domain.run import GuideRunState
        from kiosk.ui.screens.guide import GuideScreen
        from kiosk.ui.steps import GuideServices

        self.end_open_run()
        country = self.context.settings.location.country
        language = current_language()
        self.run = GuideRunState(guide, language, locale_name(language, country))
        self._recorded = False
        services = GuideServices(
            session_dir=self.context.paths.session_dir,
            web_session=self.web_session,
            allow_insecure_hosts=self.allow_insecure_hosts,
            speech_engine=self.speech_engine,
            country=country,
            booking=self.booking,
            scan_sources=self.scan_sources,
            keyboard_in_use=self._keyboard_in_use,
            referral=self.referral,
            location=lambda: self.location,
        )
        self.run.location_values = location_values(self.location)
        if _refers_on(guide) or _books(guide) or _uses_location(guide):
            self.refresh_location()
        host = self._ensure_host()
        screen = GuideScreen(self.context.window.theme, self.run, services, host)
        screen.run_finished.connect(self._on_run_finished)
        screen.closed.connect(self.close)
        screen.help_requested.connect(self.context.window.show_help)
        host.addWidget(screen)
        host.setCurrentWidget(screen)
        self.screen = screen
        self.context.window.show_screen(GUIDE)
        self.run_started.emit(guide.id)
        return screen

    # -- the location's referral list ---------------------------------------------------------

    def refresh_location(self) -> None:
        """Read the location config (which sync keeps in the store) on the database thread."""
        from kiosk.services.location import location_config

        self.context.store.call(
            location_config, on_done=self._on_location, on_error=self._on_location_error
        )

    def _on_location(self, config: LocationConfig) -> None:
        changed = config != self.location
        self.location = config
        if self.run is not None:
            self.run.location_values = location_values(config)
        if changed and self.screen is not None:
            self.screen.show_referral_places()
            self.screen.refresh_step_text()  # {location_phone} known now

    def _on_location_error(self, exc: BaseException) -> None:
        log.warning("the location config could not be read: %s", exc)

    def referral(self, referral_id: str) -> Referral | None:
        """The place `referral_id` of the location's referral list; None when not known here."""
        return None if self.location is None else self.location.referral(referral_id)

    def _ensure_host(self) -> GuideHost:
        if self._host is None:
            self._host = GuideHost()
            self.context.window.add_screen(GUIDE, self._host)
        return self._host

    # -- the end of a run --------------------------------------------------------------------

    def _on_run_finished(self) -> None:
        if self.run is not None:
            self._record(self.run)

    def _record(self, run: GuideRunState) -> None:
        if self._recorded or not run.finished:
            return
        self._recorded = True
        record = run.record()
        run.wipe()
        self.context.store.call(
            lambda store: _add_record(store, record),
            on_done=self.run_recorded.emit,
            on_error=self._on_record_error,
        )

    def _on_record_error(self, exc: BaseException) -> None:
        from kiosk.services.save_errors import describe

        failure = describe(exc, "recording a guide run")
        if self.screen is not None:
            self.screen.end.show_not_saved(failure.on_screen)
        keep_last_error(self.context.store, failure.last_error)
        self.record_failed.emit(failure.on_screen)

    @property
    def in_progress(self) -> bool:
        """Whether a resident is in the middle of a guide (a run shown and not ended)."""
        return self.run is not None and not self.run.finished and self.screen is not None

    @property
    def booking_made(self) -> bool:
        """Whether the run shown booked an appointment (kept on the hub whatever happens)."""
        return self.in_progress and self.screen is not None and self.screen.memory.booked

    def end_open_run(self) -> None:
        """Abandon and record a run still open; wipe its answers; drop its screen."""
        run = self.run
        if run is not None:
            if not run.finished:
                run.abandon()
            self._record(run)
            run.wipe()
        self._drop_screen()
        self.run = None

    def close(self) -> None:
        """The resident leaves the guide: back to the home screen."""
        # No focus while the guide screen goes: Qt would hand the focus of a hidden widget to
        # the next one (the language button), and a screen reader would read it before the
        # first tile.
        focused = self.context.window.focusWidget()
        if focused is not None:
            focused.clearFocus()
        self.end_open_run()
        keyboard = self._keyboard is not None and self._keyboard.active
        self.context.window.show_home(focus_first_tile=keyboard)

    def _drop_screen(self) -> None:
        screen, self.screen = self.screen, None
        if screen is None:
            return
        screen.dispose()
        if self._host is not None:
            self._host.removeWidget(screen)
        screen.hide()
        screen.deleteLater()

    # -- the session's browser profile -------------------------------------------------------

    def web_session(self) -> WebSession:
        """The resident session's `WebSession` (QtWebEngine is imported here, on first use)."""
        if self._web is None:
            from kiosk.ui.browser.view import WebSession

            self._web = WebSession(
                self,
                session_dir=self.context.paths.session_dir,
                print_limit=self.context.settings.session.print_limit,
            )
        return self._web

    def wipe_web(self) -> None:
        if self._web is not None:
            self._web.wipe()

    # -- the QR reader -----------------------------------------------------------------------

    def scan_sources(self) -> ScanSources:
        """The kiosk's `ScanSources` (QtMultimedia is imported here, on first use)."""
        if self.qr_sources is None:
            from kiosk.qr.lists import load_url_lists
            from kiosk.qr.scan import ScanSources

            paths = self.context.paths
            self.qr_sources = ScanSources.build(paths, load_url_lists(paths.config_dir))
        return self.qr_sources

    def stop_camera(self) -> None:
        if self.qr_sources is not None:
            self.qr_sources.stop_camera()


def _books(guide: Guide) -> bool:
    """Whether `guide` has an appointment step (its ticket names the location's address)."""
    return any(step.type == "appointment" for step in guide.steps)


def _refers_on(guide: Guide) -> bool:
    return any(getattr(step, "reason", None) == "referral" for step in guide.steps)


def _uses_location(guide: Guide) -> bool:
    """Whether a step text of `guide` has a location placeholder (`{location_phone}`)."""
    from kiosk.domain.placeholders import LOCATION_PLACEHOLDERS, placeholders

    return any(
        name in LOCATION_PLACEHOLDERS
        for step in guide.steps
        for texts in step.texts()
        for text in texts.values()
        for name in placeholders(text)
    )


def location_values(location: LocationConfig | None) -> dict[str, str]:
    """The values of the location placeholders (docs/guide-format.md) for a run."""
    phone = location.phone if location is not None else None
    return {"location_phone": phone} if phone else {}
