"""The routine builder, a page of the main window: the steps on the left, the chosen
step's form in the middle, and the live preview (length, problems, what is said when) on
the right. Every change can be undone; the routine is checked as you type."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crampcoach.core.diagnostics import Diagnostic, Severity
from crampcoach.core.figure.library import PoseLibrary
from crampcoach.core.routine import STEP_TYPES
from crampcoach.core.routine_draft import CheckResult, RoutineDraft
from crampcoach.core.timing import Timing
from crampcoach.desktop.builder.fields import STEP_FIELDS, TYPE_LABELS
from crampcoach.desktop.builder.figure_picker import FigurePicker
from crampcoach.desktop.builder.preview import Preview
from crampcoach.desktop.builder.routine_form import RoutineForm
from crampcoach.desktop.builder.step_form import FieldsForm
from crampcoach.desktop.widgets.formatting import clock_text

CHECK_DELAY_MS = 150  # checking waits for a pause in typing
Where = tuple[str | int, ...]


class OneUndoHistory(QObject):
    """Ctrl+Z and Ctrl+Shift+Z go to the builder's undo, not a field's own: one history.

    A text field claims those keys (ShortcutOverride) for its own undo, which the draft
    would only see as yet another edit; eating that claim lets the builder's action run."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            keys = (QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo)
            combo = QKeySequence(event.keyCombination()).toString()
            shift_z = QKeySequence("Ctrl+Shift+Z").toString()
            if combo == shift_z or any(event.matches(k) for k in keys):
                return True
        return False


class BuilderView(QWidget):
    save_requested = Signal()
    play_requested = Signal(int)  # from this step (0: the whole routine)
    close_requested = Signal()

    def __init__(
        self,
        draft: RoutineDraft,
        poses: Callable[[], PoseLibrary],
        timing: Timing | None = None,
        taken_ids: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        self.setObjectName("builder")
        self.draft = draft
        self._poses = poses
        self.timing = timing
        self.taken_ids = taken_ids
        self.result = CheckResult([])
        self.form: RoutineForm | FieldsForm | None = None
        self._checker = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._checker.timeout.connect(self.recheck)
        self._undo_keys = OneUndoHistory(self)

        self.heading = QLabel()
        self.heading.setObjectName("builderHeading")
        self.undo_button = self._button("Undo", "Undo the last change (Ctrl+Z)", self.undo)
        self.redo_button = self._button("Redo", "Redo (Ctrl+Shift+Z)", self.redo)
        self.play_button = self._button(
            "▶  Play from this step",
            "Play what is here now, from the chosen step (Ctrl+P)",
            lambda: self.play_requested.emit(self.current_step() or 0),
        )
        self.save_button = self._button(
            "Save", "Save into my routines (Ctrl+S)", self.save_requested.emit
        )
        self.close_button = self._button(
            "Close", "Back to the library (Esc in the step list)", self.close_requested.emit
        )
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        for button in (self.undo_button, self.redo_button, self.play_button):
            top.addWidget(button)
        top.addWidget(self.save_button)
        top.addWidget(self.close_button)

        self.steps = QListWidget()
        self.steps.setAccessibleName("Steps")
        self.steps.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.steps.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.steps.model().rowsMoved.connect(self._rows_moved)
        self.steps.currentRowChanged.connect(lambda _row: self._show_form())
        self.add_button = QToolButton()
        self.add_button.setText("Add step")
        self.add_button.setAccessibleName("Add a step after the chosen one")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.add_button)
        for kind in STEP_TYPES:
            action = menu.addAction(TYPE_LABELS[kind])
            action.triggered.connect(lambda _=False, k=kind: self.add_step(k))
        self.add_button.setMenu(menu)
        self.duplicate_button = self._button(
            "Duplicate", "Duplicate the step (Ctrl+Shift+D)", self.duplicate_step
        )
        self.remove_button = self._button("Remove", "Remove the step (Delete)", self.remove_step)
        self.up_button = self._button("Up", "Move the step up (Alt+Up)", lambda: self.move_step(-1))
        self.down_button = self._button(
            "Down", "Move the step down (Alt+Down)", lambda: self.move_step(1)
        )
        step_buttons = QHBoxLayout()
        for widget in (self.add_button, self.duplicate_button, self.remove_button):
            step_buttons.addWidget(widget)
        order_buttons = QHBoxLayout()
        order_buttons.addWidget(self.up_button)
        order_buttons.addWidget(self.down_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        steps_label = QLabel("&Steps:")
        steps_label.setBuddy(self.steps)
        left_layout.addWidget(steps_label)
        left_layout.addWidget(self.steps, 1)
        left_layout.addLayout(step_buttons)
        left_layout.addLayout(order_buttons)

        self.form_area = QScrollArea()
        self.form_area.setWidgetResizable(True)
        self.form_area.setMinimumWidth(300)
        self.form_area.setAccessibleName("Step details")
        self.preview = Preview()
        self.preview.problem_activated.connect(self.go_to)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.form_area)
        splitter.addWidget(self.preview)
        splitter.setSizes([200, 480, 300])
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self._shortcuts()
        self.setFocusProxy(self.steps)  # coming back (from the player) lands on the steps
        self._fill_steps(select=0)
        self.recheck()

    def _button(self, text: str, tip: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.setAccessibleDescription(tip)
        button.clicked.connect(lambda: slot())
        return button

    def _shortcuts(self) -> None:
        for keys, slot in (
            (QKeySequence.StandardKey.Undo, self.undo),
            (QKeySequence.StandardKey.Redo, self.redo),
            (QKeySequence("Ctrl+Shift+Z"), self.redo),
            (QKeySequence.StandardKey.Save, self.save_requested.emit),
            (QKeySequence("Ctrl+P"), lambda: self.play_requested.emit(self.current_step() or 0)),
            (QKeySequence("Alt+Up"), lambda: self.move_step(-1)),
            (QKeySequence("Alt+Down"), lambda: self.move_step(1)),
            (QKeySequence("Ctrl+Shift+D"), self.duplicate_step),
        ):
            action = QAction(self)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, s=slot: s())
            self.addAction(action)
        delete = QAction(self.steps)
        delete.setShortcut(QKeySequence.StandardKey.Delete)
        delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        delete.triggered.connect(self.remove_step)
        self.steps.addAction(delete)
        leave = QAction(self.steps)  # Esc in a field must not close the builder
        leave.setShortcut(QKeySequence("Escape"))
        leave.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        leave.triggered.connect(self.close_requested.emit)
        self.steps.addAction(leave)

    # -- the step list ------------------------------------------------------------------------
    def current_step(self) -> int | None:
        row = self.steps.currentRow()
        return row - 1 if row >= 1 else None

    def _step_label(self, i: int) -> str:
        step = self.draft.steps[i]
        kind = str(step.get("type", "?"))
        name = step.get("name") or str(step.get("say", ""))[:40] or kind
        span = None
        if self.result.timeline is not None and i < len(self.result.timeline.steps):
            span = self.result.timeline.steps[i]
        length = f" · {clock_text(span.duration)}" if span is not None else ""
        problem = " · ⚠ problem" if any(d.is_error for d in self.result.at(("steps", i))) else ""
        return f"{i + 1}. {kind.capitalize()}: {name}{length}{problem}"

    def _fill_steps(self, select: int | None = None) -> None:
        row = self.steps.currentRow() if select is None else select
        self.steps.blockSignals(True)
        self.steps.clear()
        header = QListWidgetItem("Routine details")
        header.setFlags(header.flags() & ~Qt.ItemFlag.ItemIsDragEnabled)
        self.steps.addItem(header)
        for i in range(len(self.draft.steps)):
            self.steps.addItem(self._step_label(i))
        self.steps.setCurrentRow(min(max(row, 0), self.steps.count() - 1))
        self.steps.blockSignals(False)
        self._show_form()

    def _relabel(self) -> None:
        header = self.steps.item(0)
        problems = any(d.is_error and d.where[:1] != ("steps",) for d in self.result.diagnostics)
        header.setText("Routine details" + (" · ⚠ problem" if problems else ""))
        for i in range(len(self.draft.steps)):
            item = self.steps.item(i + 1)
            if item is not None:
                item.setText(self._step_label(i))

    def _rows_moved(
        self, _p: QModelIndex, start: int, _end: int, _d: QModelIndex, row: int
    ) -> None:
        """A step dragged to a new place (rows count the details row first)."""
        to = row - 1 if row > start else row
        if start >= 1 and to >= 1:
            QTimer.singleShot(0, lambda: self._after_drag(start - 1, to - 1))
        else:
            QTimer.singleShot(0, lambda: self._fill_steps(select=start))

    def _after_drag(self, i: int, to: int) -> None:
        self.draft.move_step(i, to)
        self._changed(select=to + 1)

    def add_step(self, kind: str) -> None:
        current = self.current_step()
        at = self.draft.add_step(kind, None if current is None else current + 1)
        self._changed(select=at + 1)

    def duplicate_step(self) -> None:
        current = self.current_step()
        if current is not None:
            self._changed(select=self.draft.duplicate_step(current) + 1)

    def remove_step(self) -> None:
        current = self.current_step()
        if current is not None:
            self.draft.remove_step(current)
            self._changed(select=min(current + 1, len(self.draft.steps)))

    def move_step(self, by: int) -> None:
        current = self.current_step()
        if current is not None and 0 <= current + by < len(self.draft.steps):
            self.draft.move_step(current, current + by)
            self._changed(select=current + by + 1)
            self.steps.setFocus()

    # -- forms ----------------------------------------------------------------------------------
    def _show_form(self) -> None:
        current = self.current_step()
        if current is None:
            form: RoutineForm | FieldsForm = RoutineForm(self.draft.raw)
        else:
            step = self.draft.steps[current]
            specs = STEP_FIELDS.get(str(step.get("type")), ())
            form = FieldsForm(("steps", current), specs, step)
            form.figure_requested.connect(self.choose_figure)
        form.edited.connect(self._edited)
        form.focus_left.connect(self.draft.break_typing)
        for widget in form.findChildren(QWidget):
            widget.installEventFilter(self._undo_keys)
        self.form = form
        holder = QWidget()  # the form at the top; the room left stays below it
        column = QVBoxLayout(holder)
        column.addWidget(form)
        column.addStretch(1)
        self.form_area.setWidget(holder)
        inputs = list((form.fields if isinstance(form, RoutineForm) else form).inputs.values())
        if inputs:  # the list and its buttons, then the form, then the preview
            QWidget.setTabOrder(self.down_button, inputs[0])
            QWidget.setTabOrder(inputs[-1], self.preview.problems)
        for button in (self.duplicate_button, self.remove_button):
            button.setEnabled(current is not None)
        self.remove_button.setEnabled(current is not None and len(self.draft.steps) > 1)
        self.up_button.setEnabled(current is not None and current > 0)
        self.down_button.setEnabled(current is not None and current < len(self.draft.steps) - 1)
        self._show_problems()

    def _edited(self, where: Where, value: object) -> None:
        self.draft.set(where, value)
        self._after_change()

    def choose_figure(self, where: Where) -> None:
        picker = FigurePicker(self._poses(), self.draft.get(where), self)
        if picker.exec() and picker.chosen():
            self.draft.set(where, picker.chosen())
            self._changed()
        self.go_to(where)  # the focus goes back to "Choose figure…"

    def go_to(self, where: Where) -> None:
        """Show the form holding ``where`` and put the focus on its field."""
        index = where[1] if len(where) > 1 and where[0] == "steps" else None
        row = index + 1 if isinstance(index, int) else 0
        self.steps.setCurrentRow(min(row, self.steps.count() - 1))
        depth = 2 if row else 0
        key = where[depth] if len(where) > depth else None
        form = self.form
        inputs = (
            form.fields.inputs if isinstance(form, RoutineForm) else (form.inputs if form else {})
        )
        if isinstance(key, str) and key in inputs:
            inputs[key].setFocus()
            self.form_area.ensureWidgetVisible(inputs[key])

    # -- changes, undo, checking ------------------------------------------------------------
    def _changed(self, select: int | None = None) -> None:
        """A change to the structure: the list and the form are rebuilt from the draft."""
        self._fill_steps(select=select)
        self.recheck()

    def _after_change(self) -> None:
        """A field typed into: the form stays (it has the focus), a check follows soon."""
        self._update_buttons()
        self._checker.start()

    def undo(self) -> None:
        self.draft.undo()
        self._changed()

    def redo(self) -> None:
        self.draft.redo()
        self._changed()

    def recheck(self) -> None:
        self._checker.stop()
        result = self.draft.check(timing=self.timing)
        routine_id = self.draft.raw.get("id")
        if routine_id in self.taken_ids:
            clash = Diagnostic(
                self.draft.path or Path("untitled.yaml"),
                0,
                0,
                Severity.ERROR,
                f"id: another routine already uses the id {routine_id!r}; choose another",
                ("id",),
            )
            result = CheckResult([clash, *result.diagnostics], None, None, result.text)
        self.result = result
        self.preview.show_result(result)
        self._relabel()
        self._show_problems()
        self._update_buttons()

    def _show_problems(self) -> None:
        if self.form is not None:
            current = self.current_step()
            where: Where = () if current is None else ("steps", current)
            mine = [d for d in self.result.diagnostics if d.where[: len(where)] == where]
            if current is None:
                mine = [d for d in mine if d.where[:1] != ("steps",)]
            self.form.show_problems(mine)

    def _update_buttons(self) -> None:
        fresh = not self._checker.isActive()
        self.undo_button.setEnabled(self.draft.can_undo)
        self.redo_button.setEnabled(self.draft.can_redo)
        self.play_button.setEnabled(self.result.ok or not fresh)
        title = str(self.draft.raw.get("title") or "Untitled routine")
        self.heading.setText(
            f"<b>Building: {title}</b>" + (" (changed)" if self.draft.modified else "")
        )
