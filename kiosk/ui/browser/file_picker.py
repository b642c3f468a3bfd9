"""Our own file picker for a website's "choose a file" button, inside the kiosk window.

A website's upload button would normally open the system's file dialog, which can browse the
whole computer (and start programs from there). In the kiosk it opens this picker instead: a
list of the files of the current resident session only (scans and downloads in the session
folder, wiped at every reset), shown over the browser, never as a separate window.

`FilePicker.choose()` is what `QWebEnginePage.chooseFiles()` calls: that call must answer with the
chosen paths, so the picker runs a local event loop until the resident chooses or cancels (Qt's
own file dialog does the same). `cancel()` ends it at once (a reset does that). A chosen path is
always a regular file inside the session folder: links pointing elsewhere are never listed.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import _


def session_files(folder: Path, accepted: Iterable[str] = ()) -> list[Path]:
    """The regular files under `folder` (no links, nothing outside), newest first, filtered by
    the page's `accept` list (".pdf", "image/*", "application/pdf"); an empty list accepts all."""
    if not folder.is_dir():
        return []
    root = folder.resolve()
    rules = [rule.strip().lower() for rule in accepted if rule.strip()]
    found = []
    for path in root.rglob("*"):
        if path.is_symlink() or not path.is_file() or path.name.endswith(".crdownload"):
            continue
        if any(part.startswith(".") for part in path.relative_to(root).parts):
            continue
        if rules and not _accepted(path, rules):
            continue
        found.append(path)
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


def _accepted(path: Path, rules: list[str]) -> bool:
    mime = (mimetypes.guess_type(path.name)[0] or "").lower()
    for rule in rules:
        if rule.startswith(".") and path.suffix.lower() == rule:
            return True
        if rule.endswith("/*") and mime.startswith(rule[:-1]):
            return True
        if rule == mime:
            return True
    return False


def inside(folder: Path, path: Path) -> bool:
    try:
        resolved = path.resolve(strict=True)
    except OSError:
        return False
    return resolved.is_file() and resolved.is_relative_to(folder.resolve())


class FilePicker(QWidget):
    """An in-window list of the session's files, covering its parent (the browser)."""

    opened = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("Backdrop")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.folder = Path()
        self._loop: QEventLoop | None = None
        self._chosen: list[str] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        card = QFrame(self)
        card.setObjectName("Card")
        layout = QVBoxLayout(card)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(16)
        self.title = QLabel(card)
        self.title.setProperty("role", "heading")
        self.title.setWordWrap(True)
        self.hint = QLabel(card)
        self.hint.setWordWrap(True)
        self.files = QListWidget(card)
        self.files.itemSelectionChanged.connect(self._update_buttons)
        self.files.itemDoubleClicked.connect(lambda _item: self.accept())
        self.choose_button = QPushButton(card)
        self.choose_button.setProperty("role", "primary")
        self.choose_button.clicked.connect(self.accept)
        self.cancel_button = QPushButton(card)
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.choose_button)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.files, 1)
        layout.addLayout(buttons)
        outer.addWidget(card)
        self.hide()
        self.retranslate_ui()

    @property
    def active(self) -> bool:
        return self._loop is not None

    def show_files(
        self, folder: Path, accepted: Iterable[str] = (), multiple: bool = False
    ) -> None:
        """Fill and show the picker without waiting (`choose()` waits)."""
        self.folder = folder
        self._chosen = []
        self.files.clear()
        mode = QAbstractItemView.SelectionMode
        self.files.setSelectionMode(mode.MultiSelection if multiple else mode.SingleSelection)
        for path in session_files(folder, accepted):
            item = QListWidgetItem(path.name, self.files)
            item.setData(Qt.ItemDataRole.UserRole, str(path))
        self.files.setVisible(self.files.count() > 0)
        self.retranslate_ui()
        self._update_buttons()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.opened.emit()

    def choose(
        self, folder: Path, accepted: Iterable[str] = (), multiple: bool = False
    ) -> list[str]:
        """Show the session's files and wait; the chosen paths ([] when cancelled)."""
        if self._loop is not None:
            return []
        self.show_files(folder, accepted, multiple)
        loop = QEventLoop(self)
        self._loop = loop
        try:
            loop.exec()
        finally:
            self._loop = None
            loop.deleteLater()
        return list(self._chosen)

    def select(self, name: str) -> bool:
        """Select the file called `name` (for keyboard-free use and tests)."""
        for row in range(self.files.count()):
            item = self.files.item(row)
            if item.text() == name:
                item.setSelected(True)
                return True
        return False

    def accept(self) -> None:
        chosen = [
            item.data(Qt.ItemDataRole.UserRole)
            for item in self.files.selectedItems()
            if inside(self.folder, Path(item.data(Qt.ItemDataRole.UserRole)))
        ]
        if chosen:
            self._finish(chosen)

    def cancel(self) -> None:
        self._finish([])

    def _finish(self, chosen: list[str]) -> None:
        self._chosen = chosen
        self.hide()
        if self._loop is not None:
            self._loop.quit()
        self.closed.emit()

    def _update_buttons(self) -> None:
        self.choose_button.setEnabled(bool(self.files.selectedItems()))

    def retranslate_ui(self) -> None:
        self.title.setText(_("Choose a file"))
        if self.files.count():
            self.hint.setText(
                _(
                    "These are the files of your visit: what you scanned or downloaded. They "
                    "are wiped when you are done."
                )
            )
        else:
            self.hint.setText(
                _(
                    "There are no files yet. Files you scan or download during your visit "
                    "show up here. Ask a volunteer if you need help."
                )
            )
        self.choose_button.setText(_("Use this file"))
        self.cancel_button.setText(_("Cancel"))
