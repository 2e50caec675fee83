"""The top row shared by secondary pages (Progress, Learn)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton


def page_header(title: str, back: Callable[[], None], *buttons: QPushButton) -> QHBoxLayout:
    """A secondary page's top row: its title, its own buttons, and Back (Esc)."""
    row = QHBoxLayout()
    label = QLabel(title)
    label.setObjectName("pageTitle")
    row.addWidget(label)
    row.addStretch(1)
    back_button = QPushButton("Back")
    back_button.setShortcut(Qt.Key.Key_Escape)
    back_button.clicked.connect(back)
    for button in (*buttons, back_button):
        row.addWidget(button)
    return row
