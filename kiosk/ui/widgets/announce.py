"""Tell screen readers something that happened without moving the focus (an error, a result).

`announce(widget, text)` sends an accessibility announcement (AT-SPI's `announcement` signal,
which Orca speaks) from `widget`. Errors tied to a field are also put in the field's
accessible description, so a screen reader that misses the announcement finds them there.
"""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget


def announce(widget: QWidget, text: str, *, assertive: bool = True) -> None:
    """Announce `text` (interrupting what is being read when `assertive`)."""
    if not text or not QAccessible.isActive():
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(
        QAccessible.AnnouncementPoliteness.Assertive
        if assertive
        else QAccessible.AnnouncementPoliteness.Polite
    )
    QAccessible.updateAccessibility(event)
