"""The reminder engine on a fake wall clock: weeks in milliseconds, sleep, snooze, restarts."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from crampcoach.core.reminder_engine import ReminderEngine
from crampcoach.core.schedule import Reminder, Workout, next_firings
from crampcoach.core.schedule_store import Schedule

BERLIN = ZoneInfo("Europe/Berlin")


class Wall:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now


def schedule() -> Schedule:
    return Schedule(
        workouts=[Workout(id="w1", days=["sat", "sun"], at="02:30", duration=60)],
        reminders=[
            Reminder(id="r1", at="07:00", routine="bedtime-calf-hamstring"),
            Reminder(id="r2", at="02:30", message="Night owl"),
        ],
    )


@pytest.fixture
def state(tmp_path: Path) -> Path:
    return tmp_path / "state.json"


def test_a_week_across_dst_fires_everything_once_on_time(state: Path) -> None:
    wall = Wall(dt.datetime(2027, 3, 25, 12, 0, tzinfo=BERLIN))
    engine = ReminderEngine(schedule(), BERLIN, wall, state)
    end = wall.now + dt.timedelta(days=7)
    expected = [
        f
        for f in next_firings(schedule().workouts, schedule().reminders, wall.now, BERLIN, 100)
        if f.at <= end
    ]
    fired = []
    while True:
        wake = engine.next_wakeup()
        assert wake is not None
        if wake > end:
            break
        wall.now = wake  # the one armed timer fires exactly then
        due = engine.due()
        assert due.missed == []
        fired += [(f, wall.now) for f in due.fire]
    assert [f for f, _ in fired] == expected
    assert all(at == f.at for f, at in fired), "each fired at its own moment"
    # the 02:30 on 28 March does not exist: it fired at 03:00 CEST, once
    night = [f.at.isoformat() for f, _ in fired if f.source == "r2"]
    assert "2027-03-28T03:00:00+02:00" in night
    assert len(night) == len(set(night)) == 7


def test_sleeping_through_a_reminder(state: Path) -> None:
    wall = Wall(dt.datetime(2027, 6, 1, 6, 0, tzinfo=BERLIN))
    engine = ReminderEngine(schedule(), BERLIN, wall, state)
    wall.now = dt.datetime(2027, 6, 1, 7, 20, tzinfo=BERLIN)  # woke 20 min late
    due = engine.due()
    assert [f.source for f in due.fire] == ["r1"]
    wall.now = dt.datetime(2027, 6, 2, 9, 30, tzinfo=BERLIN)  # slept 2.5 h past the next
    due = engine.due()
    assert due.fire == []
    assert [f.source for f in due.missed] == ["r2", "r1"]
    assert [h.outcome for h in engine.state.history] == ["fired", "missed", "missed"]


def test_snooze_brings_it_back_once_and_skip_is_recorded(state: Path) -> None:
    wall = Wall(dt.datetime(2027, 6, 1, 6, 59, tzinfo=BERLIN))
    engine = ReminderEngine(schedule(), BERLIN, wall, state)
    wall.now = dt.datetime(2027, 6, 1, 7, 0, tzinfo=BERLIN)
    [firing] = engine.due().fire
    engine.snooze(firing, 10)
    assert engine.next_wakeup() == dt.datetime(2027, 6, 1, 7, 10, tzinfo=BERLIN)
    wall.now += dt.timedelta(minutes=9)
    assert engine.due().fire == []
    wall.now += dt.timedelta(minutes=1)
    assert engine.due().fire == [firing]
    wall.now += dt.timedelta(minutes=30)
    assert engine.due().fire == []
    engine.skip(firing)
    assert [h.outcome for h in engine.state.history] == ["fired", "snoozed", "fired", "skipped"]


def test_restarts_lose_nothing_and_double_nothing(state: Path) -> None:
    wall = Wall(dt.datetime(2027, 6, 1, 6, 0, tzinfo=BERLIN))
    first = ReminderEngine(schedule(), BERLIN, wall, state)
    assert first.next_wakeup() == dt.datetime(2027, 6, 1, 7, 0, tzinfo=BERLIN)
    wall.now = dt.datetime(2027, 6, 1, 7, 5, tzinfo=BERLIN)  # the app was restarted meanwhile
    second = ReminderEngine(schedule(), BERLIN, wall, state)
    assert [f.source for f in second.due().fire] == ["r1"]
    third = ReminderEngine(schedule(), BERLIN, wall, state)
    assert third.due().fire == []


def test_the_wall_clock_going_back_never_fires_twice(state: Path) -> None:
    wall = Wall(dt.datetime(2027, 6, 1, 6, 50, tzinfo=BERLIN))
    engine = ReminderEngine(schedule(), BERLIN, wall, state)
    wall.now = dt.datetime(2027, 6, 1, 7, 0, tzinfo=BERLIN)
    assert len(engine.due().fire) == 1
    wall.now = dt.datetime(2027, 6, 1, 5, 0, tzinfo=BERLIN)  # clock set back two hours
    assert engine.due().fire == []
    wall.now = dt.datetime(2027, 6, 1, 7, 1, tzinfo=BERLIN)
    assert engine.due().fire == []


def test_paused_reminders_are_missed_not_fired(state: Path) -> None:
    wall = Wall(dt.datetime(2027, 6, 1, 6, 0, tzinfo=BERLIN))
    engine = ReminderEngine(schedule(), BERLIN, wall, state)
    engine.pause_until(dt.datetime(2027, 6, 1, 8, 0, tzinfo=BERLIN))
    wall.now = dt.datetime(2027, 6, 1, 7, 0, tzinfo=BERLIN)
    due = engine.due()
    assert due.fire == []
    assert [f.source for f in due.missed] == ["r1"]
    wall.now = dt.datetime(2027, 6, 2, 2, 30, tzinfo=BERLIN)
    assert [f.source for f in engine.due().fire] == ["r2"]
    assert engine.state.paused_until is None


def test_a_corrupt_state_file_is_kept_and_reminders_carry_on(state: Path) -> None:
    state.write_text("{broken")
    wall = Wall(dt.datetime(2027, 6, 1, 6, 0, tzinfo=BERLIN))
    engine = ReminderEngine(schedule(), BERLIN, wall, state)
    assert engine.notice is not None
    assert "damaged" in engine.notice
    assert state.with_name("state.json.corrupt-1").read_text() == "{broken"
    wall.now = dt.datetime(2027, 6, 1, 7, 0, tzinfo=BERLIN)
    assert len(engine.due().fire) == 1


def test_a_snoozed_reminder_is_listed_where_it_comes_back(state: Path) -> None:
    """It was invisible: Coming up, the tray's Next line and `remind next` now list it."""
    from crampcoach.core.reminder_engine import SNOOZE_SOURCE, read_state, snoozed

    wall = Wall(dt.datetime(2027, 6, 1, 6, 59, tzinfo=BERLIN))
    engine = ReminderEngine(schedule(), BERLIN, wall, state)
    wall.now = dt.datetime(2027, 6, 1, 7, 0, tzinfo=BERLIN)
    [firing] = engine.due().fire
    engine.snooze(firing, 10)
    [first, *_] = engine.upcoming(3)
    assert (first.at, first.source) == (dt.datetime(2027, 6, 1, 7, 10, tzinfo=BERLIN), "snooze")
    assert first.source == SNOOZE_SOURCE
    assert (first.routine, first.message) == (firing.routine, firing.message)
    assert snoozed(read_state(state), BERLIN, wall.now) == [first]  # what the CLI reads
    wall.now += dt.timedelta(minutes=10)
    engine.due()
    assert all(f.source != "snooze" for f in engine.upcoming(3))  # back once, then gone
