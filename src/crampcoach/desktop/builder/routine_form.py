"""The routine's own details in the builder: title, id, summary, library groups, defaults."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QVBoxLayout, QWidget

from crampcoach.core.diagnostics import Diagnostic
from crampcoach.core.tags import TAG_LABELS
from crampcoach.desktop.builder.fields import DEFAULT_FIELDS, ROUTINE_FIELDS
from crampcoach.desktop.builder.step_form import FieldsForm


class RoutineForm(QWidget):
    edited = Signal(tuple, object)
    focus_left = Signal()

    def __init__(self, raw: dict[str, Any]) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        self.fields = FieldsForm((), ROUTINE_FIELDS, raw)
        layout.addWidget(self.fields)
        groups = QGroupBox("Library groups")
        grid = QGridLayout(groups)
        tags = list(raw.get("tags") or [])
        self.tags: dict[str, QCheckBox] = {}
        for n, (tag, label) in enumerate(TAG_LABELS.items()):
            box = QCheckBox(label)
            box.setChecked(tag in tags)
            box.toggled.connect(self._tags_changed)
            grid.addWidget(box, n // 3, n % 3)
            self.tags[tag] = box
        self._other_tags = [t for t in tags if t not in self.tags]
        layout.addWidget(groups)
        defaults = QGroupBox("Timing for every step (a step can override it)")
        d_layout = QVBoxLayout(defaults)
        self.defaults = FieldsForm(("defaults",), DEFAULT_FIELDS, raw.get("defaults") or {})
        d_layout.addWidget(self.defaults)
        layout.addWidget(defaults)
        layout.addStretch(1)
        for form in (self.fields, self.defaults):
            form.edited.connect(self.edited)
            form.focus_left.connect(self.focus_left)

    def _tags_changed(self) -> None:
        chosen = [tag for tag, box in self.tags.items() if box.isChecked()]
        self.edited.emit(("tags",), chosen + self._other_tags)

    def show_problems(self, problems: list[Diagnostic]) -> list[Diagnostic]:
        top = [d for d in problems if d.where[:1] != ("defaults",)]
        return self.fields.show_problems(top) + self.defaults.show_problems(
            [d for d in problems if d.where[:1] == ("defaults",)]
        )
