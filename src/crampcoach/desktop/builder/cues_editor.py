"""Lines said part-way through a hold: a small table of seconds and words."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crampcoach.desktop.builder.fields import number


class CuesEditor(QWidget):
    """``changed`` gives the cues as the file holds them: [{"at": 10, "say": "…"}]."""

    changed = Signal(list)

    def __init__(self, cues: list[dict[str, Any]]) -> None:
        super().__init__()
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["At (s)", "Say"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: it is one form field
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAccessibleName("Lines said during the hold: seconds into it, and words")
        header = self.table.horizontalHeaderItem(0)
        if header is not None:
            header.setToolTip("Seconds into the hold")
        for cue in cues:
            self._add_row(cue.get("at", ""), cue.get("say", ""))
        self.table.itemChanged.connect(lambda _item: self._emit())
        add = QPushButton("Add line")
        add.clicked.connect(self._add)
        remove = QPushButton("Remove line")
        remove.clicked.connect(self._remove)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.table.setFixedHeight(110)
        self.setFocusProxy(self.table)

    def _add_row(self, at: object, say: object) -> None:
        row = self.table.rowCount()
        self.table.blockSignals(True)
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem("" if at == "" else str(at)))
        self.table.setItem(row, 1, QTableWidgetItem(str(say)))
        self.table.blockSignals(False)

    def _add(self) -> None:
        last = self.cues()[-1]["at"] if self.cues() else 0
        self._add_row(number(float(last) + 10), "Keep breathing.")
        self._emit()
        self.table.setCurrentCell(self.table.rowCount() - 1, 1)

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._emit()

    def cues(self) -> list[dict[str, Any]]:
        """The rows as cues; a number that does not read as one is kept as text, so the
        validator names it ("expected a number") rather than it vanishing."""
        found: list[dict[str, Any]] = []
        for row in range(self.table.rowCount()):
            at_item, say_item = self.table.item(row, 0), self.table.item(row, 1)
            at_text = at_item.text().strip() if at_item else ""
            say = say_item.text().strip() if say_item else ""
            at: Any
            try:
                at = number(float(at_text))
            except ValueError:
                at = at_text
            found.append({"at": at, "say": say})
        return found

    def _emit(self) -> None:
        self.changed.emit(self.cues())
