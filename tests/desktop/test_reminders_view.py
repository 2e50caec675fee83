"""Managing reminders in the window: add a workout and a reminder, validation, remove."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from crampcoach.core.library import load_library
from crampcoach.core.schedule import Reminder, Workout
from crampcoach.core.schedule_store import Schedule
from crampcoach.desktop.reminders.view import ReminderDialog, RemindersView, WorkoutDialog
from tests.fakes import BUILTIN_ROUTINES


def make(qtbot: QtBot) -> RemindersView:
    view = RemindersView()
    qtbot.addWidget(view)
    view.show_schedule(Schedule(), load_library(BUILTIN_ROUTINES, None), [])
    return view


def test_add_a_weekly_workout(qtbot: QtBot) -> None:
    view = make(qtbot)
    view.add_workout()
    dialog = view.dialog
    assert isinstance(dialog, WorkoutDialog)
    dialog.name.setText("Running")
    dialog.days["fri"].setChecked(False)
    dialog.post_on.setChecked(False)
    with qtbot.waitSignal(view.changed) as changed:
        dialog._try_accept()
    schedule = changed.args[0]
    [workout] = schedule.workouts
    assert isinstance(workout, Workout)
    assert (workout.id, workout.name, workout.days, workout.at, workout.duration) == (
        "w1",
        "Running",
        ["mon", "wed"],
        "18:00",
        60,
    )
    assert workout.pre == 10
    assert workout.post is None
    assert workout.pre_routine == "pre-workout-leg-warmup"


def test_reminder_validation_is_shown_not_raised(qtbot: QtBot) -> None:
    view = make(qtbot)
    view.add_reminder()
    dialog = view.dialog
    assert isinstance(dialog, ReminderDialog)
    dialog.interval.setChecked(True)
    dialog.routine.setCurrentIndex(0)  # none
    dialog._try_accept()
    assert dialog.error.isVisibleTo(dialog)
    assert "message" in dialog.error.text()
    dialog.message.setText("Drink a glass of water")
    with qtbot.waitSignal(view.changed) as changed:
        dialog._try_accept()
    [reminder] = changed.args[0].reminders
    assert isinstance(reminder, Reminder)
    assert (reminder.every, reminder.between) == (120, ("09:00", "21:00"))


def test_remove(qtbot: QtBot) -> None:
    view = RemindersView()
    qtbot.addWidget(view)
    schedule = Schedule(reminders=[Reminder(id="r1", at="22:30", message="Bed")])
    view.show_schedule(schedule, load_library(BUILTIN_ROUTINES, None), [])
    view.rules.setCurrentRow(0)
    with qtbot.waitSignal(view.changed) as changed:
        view.remove_selected()
    assert changed.args[0].reminders == []
    assert schedule.reminders, "the app's schedule is only changed through the signal"


def test_edit_keeps_the_id_and_changes_the_rule(qtbot: QtBot) -> None:
    view = RemindersView()
    qtbot.addWidget(view)
    schedule = Schedule(
        workouts=[Workout(id="w3", name="Gym", days=["tue"], at="19:00", duration=90, pre=None)]
    )
    view.show_schedule(schedule, load_library(BUILTIN_ROUTINES, None), [])
    view.rules.setCurrentRow(0)
    view.edit_selected()
    dialog = view.dialog
    assert isinstance(dialog, WorkoutDialog)
    assert dialog.name.text() == "Gym"
    assert not dialog.pre_on.isChecked()
    dialog.duration.setValue(45)
    with qtbot.waitSignal(view.changed) as changed:
        dialog._try_accept()
    [workout] = changed.args[0].workouts
    assert (workout.id, workout.name, workout.days, workout.duration, workout.pre) == (
        "w3",
        "Gym",
        ["tue"],
        45,
        None,
    )
