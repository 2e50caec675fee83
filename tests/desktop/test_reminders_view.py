"""Managing reminders in the window: add a workout and a reminder, validation, remove."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from crampcoach.core.library import load_library
from crampcoach.core.schedule import Reminder, Workout
from crampcoach.core.schedule_store import Schedule
from crampcoach.desktop.reminders.rule_dialogs import ReminderDialog, WorkoutDialog
from crampcoach.desktop.reminders.view import RemindersView
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


def test_rules_read_as_sentences_with_titles_not_ids(qtbot: QtBot) -> None:
    view = RemindersView()
    qtbot.addWidget(view)
    schedule = Schedule(
        workouts=[
            Workout(id="w1", name="Leg day", days=["mon", "wed", "fri"], at="18:00", duration=60)
        ],
        reminders=[
            Reminder(id="r1", at="22:30", routine="bedtime-calf-hamstring"),
            Reminder(id="r2", every=120, between=("09:00", "21:00"), message="Drink water"),
        ],
    )
    library = load_library(BUILTIN_ROUTINES, None)
    view.show_schedule(schedule, library, [])
    rows = [view.rules.item(i).text() for i in range(view.rules.count())]
    bedtime = library.get("bedtime-calf-hamstring")
    warmup = library.get("pre-workout-leg-warmup")
    assert bedtime is not None
    assert warmup is not None
    assert rows[0].startswith("Leg day — Mon, Wed, Fri at 18:00 for 60 min · warm-up 10 min")
    assert warmup.routine.title in rows[0]
    assert rows[1] == f"Every day at 22:30 — {bedtime.routine.title}"
    assert rows[2] == "Every 2 h from 09:00 to 21:00 — Drink water"
    assert not any("pre-workout-leg-warmup" in r or " w1 " in r for r in rows)


def test_routine_choices_are_sorted_by_title_and_times_take_what_people_type(
    qtbot: QtBot,
) -> None:
    view = make(qtbot)
    view.add_reminder()
    dialog = view.dialog
    assert isinstance(dialog, ReminderDialog)
    titles = [dialog.routine.itemText(i) for i in range(1, dialog.routine.count())]
    assert titles == sorted(titles, key=str.lower)
    for typed in ("08:21", "8:21", "0821"):  # "08:21" typed into 18:00 used to give 18:21
        dialog.at.clear()
        qtbot.keyClicks(dialog.at, typed)
        dialog.at.editingFinished.emit()
        assert dialog.at.text() == "08:21"
    dialog.at.setText("8:75")
    dialog._try_accept()
    assert dialog.error.isVisibleTo(dialog)
    assert "not a time of day" in dialog.error.text()


def test_dates_show_in_a_readable_form_and_parse_back(qtbot: QtBot) -> None:
    import datetime as dt

    view = make(qtbot)
    view.add_workout()
    dialog = view.dialog
    assert isinstance(dialog, WorkoutDialog)
    dialog.date.set_date(dt.date(2026, 12, 1))
    assert dialog.date.text() != "1 12 2026"
    assert dialog.date.date() == dt.date(2026, 12, 1)
    dialog.date.setText("2027-04-02")
    assert dialog.date.date() == dt.date(2027, 4, 2)
