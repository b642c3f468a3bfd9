"""A scroll area for text a resident reads: the step text, the guide's intro and end pages,
the pages of the volunteer panel and the admin screen.

It scrolls vertically only, draws no frame, and takes a Tab stop only while its text is longer
than the view (at 200 % text, or on a small screen): then the arrow and page keys scroll it and
the focus ring shows where the keys go. When everything fits, Tab passes it by, so it never
becomes a stop where nothing happens. Give it an accessible name (what it holds).

While there is more text below the view, a "More below" button sits in a strip of its own under
the view (a thin scroll bar is easy to miss with poor eyesight, and at 200 % text the choices of
a step can be below it). It never lies over the content: the view is made shorter by the strip
(`setViewportMargins`), so no field or button is ever hidden under it (#23). A tap on it
scrolls one page down; it goes once the end is in view. It takes no Tab stop: keyboard users
scroll the area itself.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QPushButton, QScrollArea, QVBoxLayout, QWidget

from kiosk.i18n import _
from kiosk.ui.widgets.sizes import MIN_TARGET_PX


class ReadingArea(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setProperty("role", "reading")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.more = QPushButton(self)
        self.more.setProperty("role", "more-below")
        self.more.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.more.setMinimumSize(MIN_TARGET_PX, MIN_TARGET_PX)
        self.more.setProperty("touchCopyOfKeyboard", True)  # see kiosk.ui.a11y.TOUCH_COPY
        self.more.clicked.connect(self._page_down)
        self.more.hide()
        self._strip = 0  # the height kept under the view for "More below" (0: none)
        self._placing = False
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(self._on_range_changed)
        bar.valueChanged.connect(lambda _value: self._place_more())

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # A scroll area is a wall for layout requests: tell the layout around it that what the
        # content needs has changed (new text, a language switch), so its width is kept.
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        if watched is self.widget() and event.type() == QEvent.Type.Resize:
            self._lay_out_content()
        return super().eventFilter(watched, event)

    def _lay_out_content(self) -> None:
        """The content's layout to the content's new width, now. When the scroll bar comes
        (large text) the view gets narrower while a layout request is still pending, and Qt
        left the texts at the old, wider width: cut at the side the scroll bar took, which in
        Arabic is where every line begins (#23, round 6)."""
        if not shiboken6.isValid(self):
            return
        content = self.widget()
        layout = None if content is None else content.layout()
        if content is not None and layout is not None and layout.geometry() != content.rect():
            layout.setGeometry(content.rect())

    def changeEvent(self, event: QEvent) -> None:
        # "More below" is set only when the scroll range moves; a language switch (Qt sends
        # LanguageChange to every widget) must redraw it too (issue #30).
        super().changeEvent(event)
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """The "More below" button in the current language (kiosk.ui.shell.main_window calls
        this for every reading area when the language changes)."""
        self._place_more()

    def showEvent(self, event: QShowEvent) -> None:
        # What the content needs may have changed while it was hidden (a page of a stack):
        # hidden widgets send no layout requests.
        super().showEvent(event)
        self.updateGeometry()
        self._place_more()

    def _extra_width(self) -> int:
        margins = self.contentsMargins()
        return self.verticalScrollBar().sizeHint().width() + margins.left() + margins.right()

    def sizeHint(self) -> QSize:
        """What the content wants, all of it (a card or layout then caps the height)."""
        content = self.widget()
        if content is None:
            return super().sizeHint()
        hint = content.sizeHint().expandedTo(content.minimumSizeHint())
        height = hint.height()
        if content.hasHeightForWidth():
            height = max(height, content.heightForWidth(hint.width()))
        margins = self.contentsMargins()
        return QSize(hint.width() + self._extra_width(), height + margins.top() + margins.bottom())

    def minimumSizeHint(self) -> QSize:
        """As wide as the content must be (nothing is cut at the side: it scrolls only up and
        down), and room for about two lines; the rest scrolls."""
        content = self.widget()
        width = 0 if content is None else content.minimumSizeHint().width()
        return QSize(width + self._extra_width(), 2 * self.fontMetrics().height())

    def _on_range_changed(self, _minimum: int, maximum: int) -> None:
        QTimer.singleShot(0, self, self._lay_out_content)  # the scroll bar came or went
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if maximum > 0 else Qt.FocusPolicy.NoFocus)
        # A screen reader names the scroll bar after what it scrolls (not with the very words
        # of the heading beside it: those would be read twice).
        name = self.accessibleName()
        self.verticalScrollBar().setAccessibleName(_("Scroll: {what}").format(what=name))
        self._place_more()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_more()
        QTimer.singleShot(0, self, self._lay_out_content)

    def _page_down(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + bar.pageStep())

    def _place_more(self) -> None:
        bar = self.verticalScrollBar()
        below = bar.value() < bar.maximum()
        strip = self.more.sizeHint().expandedTo(self.more.minimumSize()).height() + 8
        # the strip under the view, for the button; none where the area is too low to give
        # it room (the button then sits over the view, as a last resort)
        wanted = strip if below and self.height() > strip else 0
        if self._strip != wanted and not self._placing:
            # Changing it changes the range, and rangeChanged calls this again: guarded.
            self._placing = True
            try:
                self._strip = wanted
                self.setViewportMargins(0, 0, 0, wanted)
            finally:
                self._placing = False
            below = bar.value() < bar.maximum()
            QTimer.singleShot(0, self, self._lay_out_content)
        if below:
            words = _("More below")  # here: the language may have changed
            self.more.setAccessibleName(words)
            self.more.setText("\u25bc " + words)
            view = self.viewport().geometry()
            if self.more.sizeHint().width() > view.width():
                self.more.setText("\u25bc")  # a narrow column: the arrow alone
            size = self.more.sizeHint().expandedTo(self.more.minimumSize())
            size.setWidth(min(size.width(), view.width()))
            top = view.bottom() + 5 if self._strip else view.bottom() - size.height() - 4
            self.more.setGeometry(
                view.left() + (view.width() - size.width()) // 2,
                top,
                size.width(),
                size.height(),
            )
            self.more.raise_()
        self.more.setVisible(below)


def scrolling_content(page: QWidget) -> tuple[ReadingArea, QWidget]:
    """Fill `page` with a `ReadingArea` and return it with the widget to build the page in."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    area = ReadingArea(page)
    content = QWidget()
    content.setObjectName("Screen")
    area.setWidget(content)
    outer.addWidget(area)
    return area, content
