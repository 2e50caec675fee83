"""The end of a session: how it went, what was skipped, and the safety note after a
cramp-relief guide."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from crampcoach.core.routine import Routine
from crampcoach.core.safety import RED_FLAGS
from crampcoach.core.session import SessionSummary
from crampcoach.core.timeline import Timeline
from crampcoach.desktop.widgets.formatting import clock_text

NAME_CHARS = 40


def short(name: str) -> str:
    """A step's name for a list: a spoken step's "name" can be a whole sentence."""
    return name if len(name) <= NAME_CHARS else name[: NAME_CHARS - 1].rstrip(" ,.") + "…"


class SummaryPage(QWidget):
    done = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 32, 48, 32)
        layout.addStretch(1)
        self.title = QLabel()
        self.title.setObjectName("summaryTitle")
        self.text = QLabel()
        self.text.setObjectName("summaryText")
        self.note = QLabel()
        self.note.setObjectName("summaryNote")
        for label in (self.title, self.text, self.note):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            # wraps to the window, never widens it
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            layout.addWidget(label)
        row = QHBoxLayout()
        row.addStretch(1)
        self.done_button = QPushButton("Done")
        self.done_button.setAccessibleName("Done")
        self.done_button.setDefault(True)
        self.done_button.clicked.connect(self.done)
        row.addWidget(self.done_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)

    def show_summary(self, summary: SessionSummary, routine: Routine, timeline: Timeline) -> None:
        self.title.setText("Well done!" if summary.completed else "Session stopped")
        lines = [
            routine.title,
            f"Time: {clock_text(summary.active_seconds)}",
            f"Steps done: {len(summary.steps_completed)} of {summary.steps_total}",
        ]
        if summary.steps_skipped:  # numbered: two steps may share a name
            names = [
                f"step {i + 1} ({short(timeline.steps[i].name)})" for i in summary.steps_skipped
            ]
            lines.append("Skipped: " + ", ".join(names))
        self.text.setText("\n".join(lines))
        self.note.setText(RED_FLAGS if "cramp-relief" in routine.tags else "")
        self.done_button.setFocus()

    def spoken(self) -> str:
        """The summary as one text, for a screen reader (the Done button describes it)."""
        parts = (self.title.text(), *self.text.text().splitlines(), self.note.text())
        return " ".join(p if p[-1] in ".!?" else p + "." for p in parts if p)
