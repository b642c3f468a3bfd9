"""A big home-screen tile for one task guide: icon and category, title, summary and duration.

It is a real QPushButton (focusable, Enter/Space activate it, screen readers announce a button)
whose labels ignore the mouse; its height follows its width, so wrapped text is never cut off.
Its icon comes ready-made (see `kiosk.ui.widgets.icon_cache`).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.ui.widgets.unspoken import unspoken

ICON_PX = 56
MIN_WIDTH = 340


class GuideTileButton(QPushButton):
    """A focusable, clickable tile; Enter and Space activate it like any button."""

    def __init__(
        self,
        colour: QColor,
        icon: QPixmap,
        parent: QWidget | None = None,
        *,
        text_colour: QColor | None = None,
    ) -> None:
        super().__init__(parent)
        self._texts: tuple[str, str, str, str] | None = None
        self.setProperty("role", "tile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumWidth(MIN_WIDTH)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.setSpacing(14)
        # The button is named and described; these only draw (kiosk.ui.widgets.unspoken).
        self.icon_label = unspoken(QLabel(self))
        self.icon_label.setFixedSize(ICON_PX + 12, ICON_PX + 12)
        self.icon_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.icon_label.setPixmap(icon)
        self.icon_label.setStyleSheet(f"background: {colour.name()}; border-radius: 14px;")
        self.category_label = unspoken(QLabel(self))
        self.category_label.setProperty("role", "tile-category")
        self.category_label.setStyleSheet(f"color: {(text_colour or colour).name()};")
        self.category_label.setWordWrap(True)
        top.addWidget(self.icon_label)
        top.addWidget(self.category_label, 1)
        layout.addLayout(top)
        self.title_label = unspoken(QLabel(self))
        self.title_label.setProperty("role", "tile-title")
        self.title_label.setWordWrap(True)
        self.summary_label = unspoken(QLabel(self))
        self.summary_label.setProperty("role", "tile-summary")
        self.summary_label.setWordWrap(True)
        self.meta_label = unspoken(QLabel(self))
        self.meta_label.setProperty("role", "tile-meta")
        self.meta_label.setWordWrap(True)
        layout.addWidget(self.title_label)
        layout.addWidget(self.summary_label)
        layout.addStretch(1)
        layout.addWidget(self.meta_label)
        for label in (
            self.icon_label,
            self.category_label,
            self.title_label,
            self.summary_label,
            self.meta_label,
        ):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, True)

    def set_texts(self, category: str, title: str, summary: str, meta: str) -> None:
        if self._texts == (category, title, summary, meta):
            return  # unchanged (the window retranslates every screen at start)
        self._texts = (category, title, summary, meta)
        self.category_label.setText(category.upper())
        self.title_label.setText(title)
        self.summary_label.setText(summary)
        self.meta_label.setText(meta)
        self.meta_label.setVisible(bool(meta))
        self.setAccessibleName(title)
        self.setAccessibleDescription(f"{category}. {summary} {meta}".strip())
        # As wide as the longest word needs (large text: "Communiquer" at 200 %); narrower,
        # the layout measures the wrapped text at a width the tile does not have, and cuts it.
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        words = max(
            label.minimumSizeHint().width()
            for label in (self.title_label, self.summary_label, self.meta_label)
        )
        # the category beside its icon: "BEZPIECZEŃSTWO W INTERNECIE" at 200 % needs the room
        # of its longest word next to the icon, or it wraps onto more lines than the grid gave
        beside = self.icon_label.width() + 14 + self.category_label.minimumSizeHint().width()
        extra = margins.left() + margins.right() if margins is not None else 0
        self.setMinimumWidth(max(MIN_WIDTH, max(words, beside) + extra))
        self.updateGeometry()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter activates a tile like Space does (a plain QPushButton only takes Space)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            event.accept()
            self.animateClick()
            return
        super().keyPressEvent(event)

    def sizeHint(self) -> QSize:
        width = max(self.minimumWidth(), self.width())
        return QSize(self.minimumWidth(), self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        width = max(self.minimumWidth(), self.width())
        return QSize(self.minimumWidth(), self.heightForWidth(width))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        return 0 if layout is None else layout.totalHeightForWidth(width)
