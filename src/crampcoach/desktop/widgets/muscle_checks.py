"""Settings → Muscles to rest: one checkbox per muscle group (core/muscle_groups.py), and
whether the steps that work them are skipped."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QWidget

from crampcoach.core.muscle_groups import GROUPS

COLUMNS = 3


class MuscleChecks(QGroupBox):
    def __init__(self, chosen: Iterable[str], skip: bool, parent: QWidget | None = None) -> None:
        super().__init__("Muscles to rest (for example after an injury)", parent)
        self.setAccessibleName("Muscles to rest")
        self.setToolTip(
            "Routines that work these muscles are marked in the library, "
            "and their steps can be skipped"
        )
        grid = QGridLayout(self)
        wanted = set(chosen)
        self.boxes: dict[str, QCheckBox] = {}
        for n, group in enumerate(GROUPS):
            box = QCheckBox(group.label)
            box.setObjectName(f"rest-{group.id}")
            box.setAccessibleName(f"Rest my {group.spoken}")
            box.setChecked(group.id in wanted)
            grid.addWidget(box, n // COLUMNS, n % COLUMNS)
            self.boxes[group.id] = box
        self.skip = QCheckBox("Skip the steps that work them (a short note is said instead)")
        self.skip.setAccessibleName("Skip the steps that work a muscle to rest")
        self.skip.setChecked(skip)
        grid.addWidget(self.skip, grid.rowCount(), 0, 1, COLUMNS)

    def chosen(self) -> tuple[str, ...]:
        """The checked groups, in the vocabulary's order."""
        return tuple(group_id for group_id, box in self.boxes.items() if box.isChecked())
