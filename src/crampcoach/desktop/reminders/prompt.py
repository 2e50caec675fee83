"""The in-app prompt when a reminder fires: Start now, Snooze (5, 10, 30 min) or Skip."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from crampcoach.core.schedule import Firing


class ReminderPrompt(QDialog):
    answered = Signal(object, str, int)  # Firing, "start" | "snooze" | "skip", minutes

    def __init__(self, firing: Firing, routine_title: str | None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.firing = firing
        self.setWindowTitle(firing.title)
        self.setAccessibleName(firing.title)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h3>{firing.title}</h3>")
        layout.addWidget(heading)
        text = firing.message + (f"<br><b>{routine_title}</b>" if routine_title else "")
        body = QLabel(text)
        body.setWordWrap(True)
        layout.addWidget(body)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        if firing.routine:
            self._add(row, "start", "Start now", 0).setDefault(True)
        for minutes in (5, 10, 30):
            self._add(row, f"snooze{minutes}", f"Snooze {minutes} min", minutes)
        self._add(row, "skip", "Skip", 0)
        layout.addLayout(row)

    def _add(self, row: QHBoxLayout, key: str, label: str, minutes: int) -> QPushButton:
        button = QPushButton(label)
        button.setAccessibleName(label)
        action = "snooze" if key.startswith("snooze") else key
        button.clicked.connect(lambda: self._answer(action, minutes))
        row.addWidget(button)
        self.buttons[key] = button
        return button

    def _answer(self, action: str, minutes: int) -> None:
        self.answered.emit(self.firing, action, minutes)
        self.accept()
