"""A plain, hidden-until-needed banner: problems stay until they are over; news (a file
exported, a cramp saved) goes away by itself."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QLabel, QWidget

INFO_MS = 8000  # long enough to read twice


class NoticeBar(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setWordWrap(True)
        self.setVisible(False)
        self.setAccessibleDescription("Notice")  # its name is its text, read when it shows
        self._fade = QTimer(self)
        self._fade.setSingleShot(True)
        self._fade.timeout.connect(lambda: self.show_text(""))

    @Slot(str)
    def show_text(self, text: str) -> None:
        """A problem: shown until something else is shown (or it is cleared)."""
        self._fade.stop()
        self.setText(text)
        self.setVisible(bool(text))

    @Slot(str)
    def show_info(self, text: str, ms: int = INFO_MS) -> None:
        """News: shown for a few seconds."""
        self.show_text(text)
        self._fade.start(ms)
