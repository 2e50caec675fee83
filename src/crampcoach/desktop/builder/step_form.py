"""The form for one step (or the routine's own details): a field per key, its unit, and
the validator's message under the field it is about."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from crampcoach.core.diagnostics import Diagnostic
from crampcoach.desktop.builder.cues_editor import CuesEditor
from crampcoach.desktop.builder.fields import FieldSpec, number

Where = tuple[str | int, ...]
SIDE_CHOICES = (
    ("both", "Both: left, then right"),
    ("none", "No sides (both legs or whole body)"),
    ("left", "Left only"),
    ("right", "Right only"),
)


class TextBox(QPlainTextEdit):
    """A few lines of text; Tab moves on (a form, not a text editor)."""

    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 12)


class FieldsForm(QWidget):
    """Widgets for ``specs``, filled from ``data``; every edit is ``edited(where, value)``."""

    edited = Signal(tuple, object)  # where (base + key), the new value (None: removed)
    figure_requested = Signal(tuple)  # where: the step's figure field
    focus_left = Signal()  # typing in a field ended (one undo step per field)

    def __init__(self, base: Where, specs: tuple[FieldSpec, ...], data: dict[str, Any]) -> None:
        super().__init__()
        self.base = base
        self.inputs: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in specs:
            widget = self._make(spec, data.get(spec.key))
            widget.setAccessibleName(spec.label + (f" ({spec.unit})" if spec.unit else ""))
            if spec.hint:
                widget.setToolTip(spec.hint)
            self.inputs[spec.key] = widget
            error = QLabel()
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.setStyleSheet("color: palette(highlight); font-weight: 600;")
            error.setVisible(False)
            self.errors[spec.key] = error
            cell = QWidget()
            box = QVBoxLayout(cell)
            box.setContentsMargins(0, 0, 0, 0)
            row = QHBoxLayout()
            row.addWidget(widget, 1)
            if spec.unit and spec.kind in ("number", "int"):
                row.addWidget(QLabel(spec.unit))
            box.addLayout(row)
            box.addWidget(error)
            label = QLabel(f"{spec.label}:")
            label.setBuddy(widget)
            self.form.addRow(label, cell)

    # -- widgets ------------------------------------------------------------------------------
    def _make(self, spec: FieldSpec, value: Any) -> QWidget:
        where = (*self.base, spec.key)
        if spec.kind == "line":
            line = QLineEdit("" if value is None else str(value))
            line.textChanged.connect(lambda text: self.edited.emit(where, text.strip() or None))
            line.editingFinished.connect(self.focus_left)
            return line
        if spec.kind == "list":
            items = QLineEdit(", ".join(str(v) for v in value or []))
            items.textChanged.connect(
                lambda text: self.edited.emit(
                    where, [t.strip() for t in text.split(",") if t.strip()] or None
                )
            )
            items.editingFinished.connect(self.focus_left)
            return items
        if spec.kind == "pairs":  # pronounce: "written = spoken", a line each
            pairs = TextBox()
            pairs.setPlainText("\n".join(f"{k} = {v}" for k, v in (value or {}).items()))
            pairs.textChanged.connect(
                lambda: self.edited.emit(where, _pairs(pairs.toPlainText()) or None)
            )
            return pairs
        if spec.kind == "text":
            text = TextBox()
            text.setPlainText("" if value is None else str(value))
            text.textChanged.connect(
                lambda: self.edited.emit(where, text.toPlainText().strip() or None)
            )
            return text
        if spec.kind in ("number", "int"):
            return self._spin(spec, value, where)
        if spec.kind == "bool":
            check = QCheckBox("Yes")
            check.setChecked(bool(value))
            check.toggled.connect(lambda on: self.edited.emit(where, True if on else None))
            return check
        if spec.kind == "sides":
            combo = QComboBox()
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(10)
            for key, label in SIDE_CHOICES:
                combo.addItem(label, key)
            combo.setCurrentIndex(max(0, combo.findData(value or "none")))
            combo.activated.connect(
                lambda _i: self.edited.emit(
                    where, None if combo.currentData() == "none" else combo.currentData()
                )
            )
            return combo
        if spec.kind == "figure":
            return self._figure(value, where)
        cues = CuesEditor(value or [])
        cues.changed.connect(lambda items: self.edited.emit(where, items or None))
        return cues

    def _spin(self, spec: FieldSpec, value: Any, where: Where) -> QAbstractSpinBox:
        """An empty optional number is the step below the minimum, shown as "default"."""
        spin: QSpinBox | QDoubleSpinBox
        low = spec.minimum - 1 if spec.optional else spec.minimum
        start = value if isinstance(value, (int, float)) and not isinstance(value, bool) else low
        if spec.kind == "int":
            spin = QSpinBox()
            spin.setRange(int(low), int(spec.maximum))
            spin.setValue(int(start))
        else:
            spin = QDoubleSpinBox()
            spin.setDecimals(1)
            spin.setRange(low, spec.maximum)
            spin.setValue(float(start))
        if spec.optional:
            spin.setSpecialValueText(
                "not set" if spec.key in ("cycles", "duration") else "routine default"
            )
        spin.setKeyboardTracking(True)

        def changed(new: float) -> None:
            self.edited.emit(where, None if spec.optional and new < spec.minimum else number(new))

        spin.valueChanged.connect(changed)
        spin.editingFinished.connect(self.focus_left)
        return spin

    def _figure(self, value: Any, where: Where) -> QWidget:
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        shown = QLabel(self._pose_title(value) if value else "No figure")
        shown.setWordWrap(True)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        choose = QPushButton("Choose figure…")
        choose.setAccessibleName("Choose a figure for this step")
        choose.clicked.connect(lambda: self.figure_requested.emit(where))
        clear = QPushButton("Clear")
        clear.setAccessibleName("No figure for this step")
        clear.setEnabled(bool(value))
        clear.clicked.connect(lambda: self.edited.emit(where, None))
        column.addWidget(shown)
        row.addWidget(choose)
        row.addWidget(clear)
        row.addStretch(1)
        column.addLayout(row)
        cell.setFocusProxy(choose)
        return cell

    @staticmethod
    def _pose_title(pose_id: str) -> str:
        from crampcoach.core.figure.library import builtin_poses

        pose = builtin_poses().get(str(pose_id))
        return f"{pose.title} ({pose_id})" if pose is not None else str(pose_id)

    # -- messages -----------------------------------------------------------------------------
    def show_problems(self, problems: list[Diagnostic]) -> list[Diagnostic]:
        """Put each problem under its field; returns those that belong to no field."""
        by_key: dict[str, list[str]] = {}
        loose: list[Diagnostic] = []
        depth = len(self.base)
        for d in problems:
            key = d.where[depth] if len(d.where) > depth else None
            if isinstance(key, str) and key in self.errors:
                by_key.setdefault(key, []).append(_short(d))
            else:
                loose.append(d)
        for key, label in self.errors.items():
            text = "\n".join(by_key.get(key, []))
            label.setText(text)
            label.setVisible(bool(text))
            self.inputs[key].setAccessibleDescription(text)
        return loose


def _pairs(text: str) -> dict[str, str]:
    """``written = spoken`` lines as a mapping; a line without "=" maps to "" (the
    validator then says the spoken text is missing)."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        written, _, spoken = line.partition("=")
        if written.strip():
            found[written.strip()] = spoken.strip()
    return found


def _short(d: Diagnostic) -> str:
    """The validator's message without its "step 2 (Name): duration:" prefix (it sits
    under the field), marked as a problem or a note in words, not colour alone."""
    message = d.message
    head, sep, rest = message.partition(": ")
    if sep and (head.startswith(("step ", "routine", "cue ")) or " cue " in head):
        message = rest
    key = d.where[-1] if d.where else None
    head, sep, rest = message.partition(": ")
    if sep and isinstance(key, str) and head.strip("'") == key:
        message = rest
    word = "Problem" if d.is_error else "Note"
    return f"{word}: {message[:1].upper()}{message[1:]}"
