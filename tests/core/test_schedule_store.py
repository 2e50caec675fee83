"""The schedule file: versioned JSON, atomic, and damage never costs the valid rules."""

from __future__ import annotations

import json

from crampcoach.core.schedule import CalendarSource, Reminder, Workout
from crampcoach.core.schedule_store import Schedule, load_schedule, save_schedule, schedule_path


def test_round_trip_and_ids() -> None:
    schedule = Schedule()
    schedule.workouts.append(
        Workout(id=schedule.next_id("w"), days=["mon"], at="18:00", duration=60)
    )
    schedule.reminders.append(Reminder(id=schedule.next_id("r"), at="22:30", message="Bed"))
    save_schedule(schedule)
    data = json.loads(schedule_path().read_text())
    assert data["version"] == 2
    assert data["calendars"] == []
    loaded = load_schedule()
    assert loaded.notice is None
    assert loaded.schedule == schedule
    assert schedule.next_id("w") == "w2"
    assert schedule.remove("w1")
    assert not schedule.remove("w1")


def test_a_damaged_file_is_kept_and_valid_rules_survive() -> None:
    path = schedule_path()
    path.parent.mkdir(parents=True)
    path.write_text(
        json.dumps(
            {
                "version": 1,
                "workouts": [
                    {"id": "w1", "days": ["mon"], "at": "18:00", "duration": 60},
                    {"id": "w2", "days": ["mon"], "at": "99:00", "duration": 60},
                ],
                "reminders": [],
            }
        )
    )
    loaded = load_schedule()
    assert [w.id for w in loaded.schedule.workouts] == ["w1"]
    assert loaded.notice is not None
    assert "workouts[1]" in loaded.notice
    assert path.with_name("schedule.json.corrupt-1").exists()
    assert [w["id"] for w in json.loads(path.read_text())["workouts"]] == ["w1"]


def test_unreadable_json_gives_an_empty_schedule_and_a_backup() -> None:
    path = schedule_path()
    path.parent.mkdir(parents=True)
    path.write_text("{oops")
    loaded = load_schedule()
    assert loaded.schedule == Schedule()
    assert loaded.notice is not None
    assert path.with_name("schedule.json.corrupt-1").read_text() == "{oops"


def test_a_version_1_file_loads_and_calendar_sources_round_trip() -> None:
    path = schedule_path()
    path.parent.mkdir(parents=True)
    path.write_text(
        json.dumps(
            {
                "version": 1,
                "workouts": [{"id": "w1", "days": ["mon"], "at": "18:00", "duration": 60}],
                "reminders": [{"id": "r1", "at": "22:30", "message": "Bed"}],
            }
        )
    )
    loaded = load_schedule()
    assert loaded.notice is None
    assert [w.id for w in loaded.schedule.workouts] == ["w1"]
    assert [r.id for r in loaded.schedule.reminders] == ["r1"]
    schedule = loaded.schedule
    schedule.calendars.append(
        CalendarSource(id=schedule.next_id("c"), source="/x/plan.ics", filter="run|gym")
    )
    assert schedule.next_id("w") == "w2"
    save_schedule(schedule)
    assert json.loads(path.read_text())["version"] == 2
    again = load_schedule().schedule
    assert again == schedule
    assert again.copy() == schedule
    assert again.remove("c1")
    assert again.calendars == []


def test_a_newer_schedule_version_is_not_read() -> None:
    path = schedule_path()
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": 3, "workouts": []}))
    loaded = load_schedule()
    assert loaded.notice is not None
    assert "unknown schedule version 3" in loaded.notice
