"""The in-app prompt when a reminder fires: Start now, Snooze (5, 10, 30 min) or Skip."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from crampcoach.core.schedule import Firing
from crampcoach.desktop.reminders.notifier import SNOOZE_MINUTES


class ReminderPrompt(QDialog):
    answered = Signal(object, str, int)  # Firing, "start" | "snooze" | "skip", minutes

    def __init__(self, firing: Firing, routine_title: str | None,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.firing = firing
        self.setWindowTitle(firing.title)
        # Shown without taking the keyboard from whatever the person is doing.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAccessibleName(firing.title)
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h3>{html.escape(firing.title)}</h3>")
        layout.addWidget(heading)
        message = "" if firing.message == firing.title else html.escape(firing.message)
        title = f"<b>{html.escape(routine_title)}</b>" if routine_title else ""
        body = QLabel("<br>".join(t for t in (message, title) if t))
        body.setWordWrap(True)
        body.setVisible(bool(message or title))
        layout.addWidget(body)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        if firing.routine:
            self._add(row, "start", "Start now", 0)
        for minutes in SNOOZE_MINUTES:
            self._add(row, f"snooze{minutes}", f"Snooze {minutes} min", minutes)
        self._add(row, "skip", "Skip", 0)
        layout.addLayout(row)

    def _add(self, row: QHBoxLayout, key: str, label: str, minutes: int) -> QPushButton:
        button = QPushButton(label)
        button.setAccessibleName(label)
        button.setAutoDefault(False)  # no default button: Enter or Space meant for something
        # else must never start or dismiss a routine
        action = "snooze" if key.startswith("snooze") else key
        button.clicked.connect(lambda: self._answer(action, minutes))
        row.addWidget(button)
        self.buttons[key] = button
        return button

    def _answer(self, action: str, minutes: int) -> None:
        self.answered.emit(self.firing, action, minutes)
        self.accept()
