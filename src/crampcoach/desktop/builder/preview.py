"""The builder's live preview: how long the routine lasts, what is wrong, and what is
said when (the timeline the player will follow)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crampcoach.core.diagnostics import Diagnostic
from crampcoach.core.routine_draft import CheckResult
from crampcoach.desktop.widgets.formatting import clock_text

WHERE_ROLE = Qt.ItemDataRole.UserRole


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


class Preview(QWidget):
    problem_activated = Signal(tuple)  # where the problem is

    def __init__(self) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.total = QLabel()
        self.total.setObjectName("builderTotal")
        self.total.setWordWrap(True)
        layout.addWidget(self.total)
        problems_label = QLabel("&Problems:")
        self.problems = QListWidget()
        self.problems.setAccessibleName("Problems")
        self.problems.setWordWrap(True)
        self.problems.setMaximumHeight(150)
        self.problems.itemActivated.connect(self._activated)
        problems_label.setBuddy(self.problems)
        layout.addWidget(problems_label)
        layout.addWidget(self.problems)
        timeline_label = QLabel("What is said &when:")
        self.timeline = QTableWidget(0, 3)
        self.timeline.setHorizontalHeaderLabels(["Time", "Step", "Said or shown"])
        header = self.timeline.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.timeline.verticalHeader().setVisible(False)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setWordWrap(True)
        self.timeline.setTabKeyNavigation(False)  # Tab leaves the table in one press
        self.timeline.setAccessibleName("Timeline: what is said when")
        timeline_label.setBuddy(self.timeline)
        layout.addWidget(timeline_label)
        layout.addWidget(self.timeline, 1)

    def show_result(self, result: CheckResult) -> None:
        errors = [d for d in result.diagnostics if d.is_error]
        notes = [d for d in result.diagnostics if not d.is_error]
        if result.timeline is not None:
            self.total.setText(
                f"<b>Lasts {clock_text(result.timeline.duration)}</b> "
                f"({_count(len(result.timeline.steps), 'step')})"
                + (f" · {_count(len(notes), 'note')}" if notes else "")
            )
        else:
            self.total.setText(
                f"<b>{_count(len(errors), 'problem')}</b> to fix before it can be played or "
                "saved; you can keep it as a draft. The timeline is the last one that worked."
            )
        self.problems.clear()
        for d in [*errors, *notes]:
            word = "Problem" if d.is_error else "Note"
            item = QListWidgetItem(f"{word}: {d.message}")
            item.setData(WHERE_ROLE, d.where)
            self.problems.addItem(item)
        if not result.diagnostics:
            self.problems.addItem("No problems.")
        if result.timeline is not None:  # with a problem, the last good one stays
            self._fill_timeline(result)

    def _fill_timeline(self, result: CheckResult) -> None:
        self.timeline.setRowCount(0)
        timeline = result.timeline
        if timeline is None:
            return
        names = {s.index: s.name for s in timeline.steps}
        rows = [c for c in timeline.cues if c.text]
        self.timeline.setRowCount(len(rows))
        for row, cue in enumerate(rows):
            step = "" if cue.step is None else f"{cue.step + 1}. {names.get(cue.step, '')}"
            for col, text in enumerate((clock_text(cue.t), step, cue.text)):
                self.timeline.setItem(row, col, QTableWidgetItem(text))
        self.timeline.resizeColumnToContents(0)

    def _activated(self, item: QListWidgetItem) -> None:
        where = item.data(WHERE_ROLE)
        if where is not None:
            self.problem_activated.emit(tuple(where))

    def problem_texts(self) -> list[str]:
        return [self.problems.item(i).text() for i in range(self.problems.count())]

    @staticmethod
    def first_errors(diagnostics: list[Diagnostic], n: int = 5) -> str:
        return "\n".join([d.message for d in diagnostics if d.is_error][:n])
