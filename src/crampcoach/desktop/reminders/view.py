"""Manage reminders: list workouts and reminders, add and remove them, preview what's next."""

from __future__ import annotations

from pydantic import ValidationError
from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from crampcoach.core.library import Library
from crampcoach.core.schedule import (
    WEEKDAYS,
    Firing,
    Reminder,
    Workout,
    describe_reminder,
    describe_workout,
)
from crampcoach.core.schedule_store import Schedule

ID_ROLE = Qt.ItemDataRole.UserRole


def _days_row(selected: list[str]) -> tuple[QHBoxLayout, dict[str, QCheckBox]]:
    row = QHBoxLayout()
    boxes = {}
    for day in WEEKDAYS:
        box = QCheckBox(day.capitalize())
        box.setChecked(day in selected)
        box.setAccessibleName(day)
        row.addWidget(box)
        boxes[day] = box
    return row, boxes


def _routines(combo: QComboBox, library: Library, tag: str, chosen: str, optional: bool) -> None:
    if optional:
        combo.addItem("(none: just a message)", "")
    entries = library.with_tag(tag) + [
        e for e in library.sorted_entries() if tag not in e.routine.tags
    ]
    for entry in entries:
        combo.addItem(entry.routine.title, entry.id)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))


class _RuleDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout(self)
        self.error = QLabel()
        self.error.setObjectName("notice")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.result_rule: Workout | Reminder | None = None

    def finish_form(self) -> None:
        self.form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._try_accept)
        buttons.rejected.connect(self.reject)
        self.form.addRow(buttons)

    def build(self) -> Workout | Reminder:
        raise NotImplementedError

    def _try_accept(self) -> None:
        try:
            self.result_rule = self.build()
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            text = str(first["msg"]).removeprefix("Value error, ")
            self.error.setText(f"{where}: {text}" if where else text)
            self.error.setVisible(True)
            return
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.setVisible(True)
            return
        self.accept()


class WorkoutDialog(_RuleDialog):
    def __init__(self, rule_id: str, library: Library, parent: QWidget | None = None) -> None:
        super().__init__("Add a workout", parent)
        self.rule_id = rule_id
        self.name = QLineEdit("Workout")
        self.form.addRow("Name", self.name)
        self.weekly = QRadioButton("Every week on")
        self.once = QRadioButton("Once, on")
        self.weekly.setChecked(True)
        mode = QButtonGroup(self)
        mode.addButton(self.weekly)
        mode.addButton(self.once)
        days, self.days = _days_row(["mon", "wed", "fri"])
        self.form.addRow(self.weekly, days)
        self.date = QDateEdit(QDate.currentDate().addDays(1))
        self.date.setCalendarPopup(True)
        self.form.addRow(self.once, self.date)
        self.at = QTimeEdit(QTime(18, 0))
        self.at.setDisplayFormat("HH:mm")
        self.form.addRow("Starts at", self.at)
        self.duration = QSpinBox()
        self.duration.setRange(1, 24 * 60)
        self.duration.setValue(60)
        self.duration.setSuffix(" min")
        self.form.addRow("Lasts", self.duration)
        self.pre, self.pre_on = self._minutes(10, "Warm-up reminder before")
        self.post, self.post_on = self._minutes(0, "Cool-down reminder after the end")
        self.pre_routine = QComboBox()
        _routines(self.pre_routine, library, "pre-workout", "pre-workout-leg-warmup", False)
        self.form.addRow("Warm-up routine", self.pre_routine)
        self.post_routine = QComboBox()
        _routines(self.post_routine, library, "post-workout", "post-workout-leg-cooldown", False)
        self.form.addRow("Cool-down routine", self.post_routine)
        self.finish_form()

    def _minutes(self, value: int, label: str) -> tuple[QSpinBox, QCheckBox]:
        on = QCheckBox(label)
        on.setChecked(True)
        spin = QSpinBox()
        spin.setRange(0, 24 * 60)
        spin.setValue(value)
        spin.setSuffix(" min")
        row = QHBoxLayout()
        row.addWidget(on)
        row.addWidget(spin)
        self.form.addRow(row)
        return spin, on

    def fill(self, w: Workout) -> None:
        """Edit an existing workout."""
        self.setWindowTitle("Edit workout")
        self.name.setText(w.name)
        self.weekly.setChecked(bool(w.days))
        self.once.setChecked(not w.days)
        for day, box in self.days.items():
            box.setChecked(day in w.days)
        if w.date is not None:
            self.date.setDate(QDate(w.date.year, w.date.month, w.date.day))
        self.at.setTime(QTime.fromString(w.at, "HH:mm"))
        self.duration.setValue(w.duration)
        self.pre_on.setChecked(w.pre is not None)
        self.pre.setValue(w.pre or 0)
        self.post_on.setChecked(w.post is not None)
        self.post.setValue(w.post or 0)
        self.pre_routine.setCurrentIndex(max(0, self.pre_routine.findData(w.pre_routine)))
        self.post_routine.setCurrentIndex(max(0, self.post_routine.findData(w.post_routine)))
        self.keep = {"until": w.until, "skip": w.skip}

    def build(self) -> Workout:
        weekly = self.weekly.isChecked()
        return Workout(
            id=self.rule_id,
            name=self.name.text().strip() or "Workout",
            days=[d for d, box in self.days.items() if box.isChecked()] if weekly else [],
            date=None if weekly else self.date.date().toPython(),
            at=self.at.time().toString("HH:mm"),
            duration=self.duration.value(),
            pre=self.pre.value() if self.pre_on.isChecked() else None,
            post=self.post.value() if self.post_on.isChecked() else None,
            pre_routine=self.pre_routine.currentData(),
            post_routine=self.post_routine.currentData(),
            **getattr(self, "keep", {}),
        )


class ReminderDialog(_RuleDialog):
    def __init__(self, rule_id: str, library: Library, parent: QWidget | None = None) -> None:
        super().__init__("Add a reminder", parent)
        self.rule_id = rule_id
        self.timed = QRadioButton("At")
        self.interval = QRadioButton("Every")
        self.timed.setChecked(True)
        mode = QButtonGroup(self)
        mode.addButton(self.timed)
        mode.addButton(self.interval)
        self.at = QTimeEdit(QTime(22, 30))
        self.at.setDisplayFormat("HH:mm")
        self.form.addRow(self.timed, self.at)
        every_row = QHBoxLayout()
        self.every = QSpinBox()
        self.every.setRange(5, 24 * 60)
        self.every.setValue(120)
        self.every.setSuffix(" min, between")
        self.start = QTimeEdit(QTime(9, 0))
        self.end = QTimeEdit(QTime(21, 0))
        for widget in (self.every, self.start, self.end):
            every_row.addWidget(widget)
        self.form.addRow(self.interval, every_row)
        days, self.days = _days_row([])
        self.form.addRow("Only on (none = every day)", days)
        self.routine = QComboBox()
        _routines(self.routine, library, "bedtime", "bedtime-calf-hamstring", True)
        self.form.addRow("Routine", self.routine)
        self.message = QLineEdit()
        self.message.setPlaceholderText("e.g. Drink a glass of water")
        self.form.addRow("Message", self.message)
        self.finish_form()

    def fill(self, r: Reminder) -> None:
        """Edit an existing reminder."""
        self.setWindowTitle("Edit reminder")
        self.timed.setChecked(r.at is not None)
        self.interval.setChecked(r.every is not None)
        if r.at is not None:
            self.at.setTime(QTime.fromString(r.at, "HH:mm"))
        if r.every is not None and r.between is not None:
            self.every.setValue(r.every)
            self.start.setTime(QTime.fromString(r.between[0], "HH:mm"))
            self.end.setTime(QTime.fromString(r.between[1], "HH:mm"))
        for day, box in self.days.items():
            box.setChecked(day in r.days)
        self.routine.setCurrentIndex(max(0, self.routine.findData(r.routine or "")))
        self.message.setText(r.message)

    def build(self) -> Reminder:
        days = [d for d, box in self.days.items() if box.isChecked()]
        if self.timed.isChecked():
            return Reminder(
                id=self.rule_id,
                at=self.at.time().toString("HH:mm"),
                days=days,
                routine=self.routine.currentData() or None,
                message=self.message.text().strip(),
            )
        return Reminder(
            id=self.rule_id,
            every=self.every.value(),
            days=days,
            between=(self.start.time().toString("HH:mm"), self.end.time().toString("HH:mm")),
            routine=self.routine.currentData() or None,
            message=self.message.text().strip(),
        )


class RemindersView(QWidget):
    """Edits a copy of the schedule; ``changed`` hands the new one to the app to save."""

    changed = Signal(object)  # Schedule
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.schedule = Schedule()
        self.library = Library()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(QLabel("<h2>Reminders</h2>"))
        self.rules = QListWidget()
        self.rules.setAccessibleName("Workouts and reminders")
        self.rules.itemActivated.connect(lambda _item: self.edit_selected())
        layout.addWidget(QLabel("Your training days and reminders"))
        layout.addWidget(self.rules, 2)
        row = QHBoxLayout()
        for text, slot in (
            ("Add workout…", self.add_workout),
            ("Add reminder…", self.add_reminder),
            ("Edit…", self.edit_selected),
            ("Remove", self.remove_selected),
            ("Back", self.closed.emit),
        ):
            button = QPushButton(text)
            button.setAccessibleName(text.rstrip("…"))
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(QLabel("Coming up"))
        self.dialog: _RuleDialog | None = None
        self.preview = QListWidget()
        self.preview.setAccessibleName("Next reminders")
        layout.addWidget(self.preview, 1)

    def show_schedule(
        self,
        schedule: Schedule,
        library: Library,
        upcoming: list[Firing],
        calendars: dict[str, str] | None = None,  # id -> one line: events, next occurrence
    ) -> None:
        self.schedule = schedule.copy()
        self.library = library
        self.rules.clear()
        for workout in schedule.workouts:
            item = QListWidgetItem(describe_workout(workout))
            item.setData(ID_ROLE, workout.id)
            self.rules.addItem(item)
        for reminder in schedule.reminders:
            item = QListWidgetItem(describe_reminder(reminder))
            item.setData(ID_ROLE, reminder.id)
            self.rules.addItem(item)
        for source in schedule.calendars:  # imported with `crampcoach workout import`
            text = (calendars or {}).get(source.id, f"{source.id}  {source.name} (calendar)")
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, source.id)
            self.rules.addItem(item)
        self.preview.clear()
        for firing in upcoming:
            self.preview.addItem(f"{firing.at:%a %d %b %H:%M}   {firing.message}")
        if not upcoming:
            self.preview.addItem("Nothing planned yet: add a workout or a reminder.")

    def add_workout(self) -> None:
        dialog = WorkoutDialog(self.schedule.next_id("w"), self.library, self)
        dialog.accepted.connect(lambda: self._added(dialog.result_rule))
        dialog.open()
        self.dialog = dialog

    def add_reminder(self) -> None:
        dialog = ReminderDialog(self.schedule.next_id("r"), self.library, self)
        dialog.accepted.connect(lambda: self._added(dialog.result_rule))
        dialog.open()
        self.dialog = dialog

    def edit_selected(self) -> None:
        item = self.rules.currentItem()
        if item is None:
            return
        rule_id = str(item.data(ID_ROLE))
        if rule_id in {c.id for c in self.schedule.calendars}:
            return  # a calendar's events are edited in the calendar app
        dialog: _RuleDialog
        for workout in self.schedule.workouts:
            if workout.id == rule_id:
                dialog = WorkoutDialog(rule_id, self.library, self)
                dialog.fill(workout)
                break
        else:
            reminder = next(r for r in self.schedule.reminders if r.id == rule_id)
            dialog = ReminderDialog(rule_id, self.library, self)
            dialog.fill(reminder)
        dialog.accepted.connect(lambda: self._replaced(rule_id, dialog.result_rule))
        dialog.open()
        self.dialog = dialog

    def _replaced(self, rule_id: str, rule: Workout | Reminder | None) -> None:
        if rule is None:
            return
        self.schedule.workouts = [
            rule if w.id == rule_id and isinstance(rule, Workout) else w
            for w in self.schedule.workouts
        ]
        self.schedule.reminders = [
            rule if r.id == rule_id and isinstance(rule, Reminder) else r
            for r in self.schedule.reminders
        ]
        self.changed.emit(self.schedule)

    def remove_selected(self) -> None:
        item = self.rules.currentItem()
        if item is not None and self.schedule.remove(str(item.data(ID_ROLE))):
            self.changed.emit(self.schedule)

    def _added(self, rule: Workout | Reminder | None) -> None:
        if isinstance(rule, Workout):
            self.schedule.workouts.append(rule)
        elif isinstance(rule, Reminder):
            self.schedule.reminders.append(rule)
        else:
            return
        self.changed.emit(self.schedule)
