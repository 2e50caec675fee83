"""A plain, hidden-until-needed banner for things the user should be told once."""

from __future__ import annotations

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QLabel, QWidget


class NoticeBar(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notice")
        self.setWordWrap(True)
        self.setVisible(False)
        self.setAccessibleName("Notice")

    @Slot(str)
    def show_text(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
