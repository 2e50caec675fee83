"""Manage reminders: list workouts and reminders, add and remove them, preview what's next."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crampcoach.core.library import Library
from crampcoach.core.schedule import (
    Firing,
    Reminder,
    Workout,
)
from crampcoach.core.schedule_store import Schedule
from crampcoach.desktop.reminders.rule_dialogs import ReminderDialog, RuleDialog, WorkoutDialog
from crampcoach.desktop.reminders.sentences import reminder_sentence, workout_sentence
from crampcoach.desktop.widgets.flow_layout import FlowLayout

ID_ROLE = Qt.ItemDataRole.UserRole


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
        row = FlowLayout()  # wraps in a narrow window
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
        layout.addLayout(row)
        layout.addWidget(QLabel("Coming up"))
        self.dialog: RuleDialog | None = None
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
            item = QListWidgetItem(workout_sentence(workout, library))
            item.setData(ID_ROLE, workout.id)
            self.rules.addItem(item)
        for reminder in schedule.reminders:
            item = QListWidgetItem(reminder_sentence(reminder, library))
            item.setData(ID_ROLE, reminder.id)
            self.rules.addItem(item)
        for source in schedule.calendars:  # imported with `crampcoach workout import`
            text = (calendars or {}).get(source.id, f"{source.id}  {source.name} (calendar)")
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, source.id)
            self.rules.addItem(item)
        self.preview.clear()
        for firing in upcoming:
            what = firing.title if firing.title != firing.message else ""
            text = " — ".join(t for t in (what, firing.message) if t)
            self.preview.addItem(f"{firing.at:%a %d %b %H:%M}   {text}")
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
        dialog: RuleDialog
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
