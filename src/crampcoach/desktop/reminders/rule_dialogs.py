"""The forms that add or edit a workout or a reminder on the Reminders page."""

from __future__ import annotations

import datetime as dt

from pydantic import ValidationError
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from crampcoach.core.library import Library
from crampcoach.core.schedule import WEEKDAYS, Reminder, Workout
from crampcoach.core.time_input import parse_time_of_day
from crampcoach.desktop.widgets.time_fields import DateField, TimeField

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _days_row(selected: list[str]) -> tuple[QGroupBox, dict[str, QCheckBox]]:
    group = QGroupBox()  # a labelled group of check boxes for assistive technology
    group.setFlat(True)
    group.setAccessibleName("Days of the week")
    row = QHBoxLayout(group)
    row.setContentsMargins(0, 0, 0, 0)
    boxes = {}
    for day, name in zip(WEEKDAYS, DAY_NAMES, strict=True):
        box = QCheckBox(day.capitalize())
        box.setChecked(day in selected)
        box.setAccessibleName(name)
        row.addWidget(box)
        boxes[day] = box
    return group, boxes


def _routines(combo: QComboBox, library: Library, chosen: str, optional: bool) -> None:
    """Every routine, sorted by title, with the usual choice for this field selected.
    Sized by a fixed width, not by its widest title: with 5,000 routines measuring every
    title took a quarter of a second as the dialog opened."""
    entries = library.sorted_entries()
    first = ["(none: just a message)"] if optional else []
    combo.addItems(first + [e.title for e in entries])
    for row, routine_id in enumerate([""] * len(first) + [e.id for e in entries]):
        combo.setItemData(row, routine_id)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(32)
    combo.setCurrentIndex(max(0, combo.findData(chosen)))


class RuleDialog(QDialog):
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


class WorkoutDialog(RuleDialog):
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
        self.date = DateField(dt.date.today() + dt.timedelta(days=1))
        self.date.setAccessibleName("Date of the one-off workout")
        self.form.addRow(self.once, self.date)
        self.at = TimeField(dt.time(18, 0))
        self.at.setAccessibleName("Start time")
        self.form.addRow("Starts at", self.at)
        self.duration = QSpinBox()
        self.duration.setRange(1, 24 * 60)
        self.duration.setValue(60)
        self.duration.setSuffix(" min")
        self.form.addRow("Lasts", self.duration)
        self.pre, self.pre_on = self._minutes(10, "Warm-up reminder before")
        self.post, self.post_on = self._minutes(0, "Cool-down reminder after the end")
        self.pre_routine = QComboBox()
        _routines(self.pre_routine, library, "pre-workout-leg-warmup", False)
        self.form.addRow("Warm-up routine", self.pre_routine)
        self.post_routine = QComboBox()
        _routines(self.post_routine, library, "post-workout-leg-cooldown", False)
        self.form.addRow("Cool-down routine", self.post_routine)
        self.finish_form()

    def _minutes(self, value: int, label: str) -> tuple[QSpinBox, QCheckBox]:
        on = QCheckBox(label)
        on.setChecked(True)
        spin = QSpinBox()
        spin.setRange(0, 24 * 60)
        spin.setValue(value)
        spin.setSuffix(" min")
        spin.setAccessibleName(f"{label}, minutes")
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
            self.date.set_date(w.date)
        self.at.set_time(parse_time_of_day(w.at))
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
            date=None if weekly else self.date.date(),
            at=self.at.text_hhmm(),
            duration=self.duration.value(),
            pre=self.pre.value() if self.pre_on.isChecked() else None,
            post=self.post.value() if self.post_on.isChecked() else None,
            pre_routine=self.pre_routine.currentData(),
            post_routine=self.post_routine.currentData(),
            **getattr(self, "keep", {}),
        )


class ReminderDialog(RuleDialog):
    def __init__(self, rule_id: str, library: Library, parent: QWidget | None = None) -> None:
        super().__init__("Add a reminder", parent)
        self.rule_id = rule_id
        self.timed = QRadioButton("At")
        self.interval = QRadioButton("Every")
        self.timed.setChecked(True)
        mode = QButtonGroup(self)
        mode.addButton(self.timed)
        mode.addButton(self.interval)
        self.at = TimeField(dt.time(22, 30))
        self.at.setAccessibleName("Time of the reminder")
        self.form.addRow(self.timed, self.at)
        every_row = QHBoxLayout()
        self.every = QSpinBox()
        self.every.setRange(5, 24 * 60)
        self.every.setValue(120)
        self.every.setSuffix(" min, between")
        self.every.setAccessibleName("Every how many minutes")
        self.start = TimeField(dt.time(9, 0))
        self.start.setAccessibleName("From")
        self.end = TimeField(dt.time(21, 0))
        self.end.setAccessibleName("Until")
        for widget in (self.every, self.start, self.end):
            every_row.addWidget(widget)
        self.form.addRow(self.interval, every_row)
        days, self.days = _days_row([])
        self.form.addRow("Only on (none = every day)", days)
        self.routine = QComboBox()
        _routines(self.routine, library, "bedtime-calf-hamstring", True)
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
            self.at.set_time(parse_time_of_day(r.at))
        if r.every is not None and r.between is not None:
            self.every.setValue(r.every)
            self.start.set_time(parse_time_of_day(r.between[0]))
            self.end.set_time(parse_time_of_day(r.between[1]))
        for day, box in self.days.items():
            box.setChecked(day in r.days)
        self.routine.setCurrentIndex(max(0, self.routine.findData(r.routine or "")))
        self.message.setText(r.message)

    def build(self) -> Reminder:
        days = [d for d, box in self.days.items() if box.isChecked()]
        if self.timed.isChecked():
            return Reminder(
                id=self.rule_id,
                at=self.at.text_hhmm(),
                days=days,
                routine=self.routine.currentData() or None,
                message=self.message.text().strip(),
            )
        return Reminder(
            id=self.rule_id,
            every=self.every.value(),
            days=days,
            between=(self.start.text_hhmm(), self.end.text_hhmm()),
            routine=self.routine.currentData() or None,
            message=self.message.text().strip(),
        )
