"""Export: rules out to calendar apps, and back in as the same reminders."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

from crampcoach.core.calendar_import import apply, import_calendar
from crampcoach.core.calendar_store import CalendarStore
from crampcoach.core.icalendar_io import export_calendar
from crampcoach.core.schedule import Reminder, Workout, next_firings
from crampcoach.core.schedule_store import Schedule

BERLIN = ZoneInfo("Europe/Berlin")
WORKOUTS = [
    Workout(
        id="w1",
        name="Gym",
        days=["mon", "thu"],
        at="18:00",
        duration=60,
        pre=15,
        post=5,
        pre_routine="box-breathing",
        skip=[dt.date(2027, 1, 7)],
        until=dt.date(2027, 6, 30),
    ),
    Workout(id="w2", name="Race", date=dt.date(2027, 4, 2), at="07:30", duration=90, pre=None),
    Workout(id="w3", name="Early swim", days=["sun"], at="06:15", duration=45, post=None),
]
REMINDERS = [
    Reminder(id="r1", at="22:30", routine="bedtime-calf-hamstring"),
    Reminder(id="r2", every=240, between=("09:00", "21:00"), message="Water"),
]
TODAY = dt.date(2027, 1, 1)
START = dt.datetime(2027, 1, 1, tzinfo=BERLIN)


def test_export_has_rules_alarms_utc_until_and_our_settings() -> None:
    data = export_calendar(WORKOUTS, REMINDERS, BERLIN, TODAY)
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 3 + 1 + 4  # three workouts, bedtime, water at 09, 13, 17, 21
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    gym = events[0]
    assert gym["RRULE"]["BYDAY"] == ["MO", "TH"]
    assert b"UNTIL=20270630T215959Z" in gym["RRULE"].to_ical()  # UTC, as RFC 5545 asks
    assert (str(gym["X-CRAMPCOACH-PRE"]), str(gym["X-CRAMPCOACH-POST"])) == ("15", "5")
    assert str(gym["X-CRAMPCOACH-PRE-ROUTINE"]) == "box-breathing"
    assert str(gym["X-CRAMPCOACH-RULE"]).startswith("workout w1:")
    assert str(events[1]["X-CRAMPCOACH-PRE"]) == "off"
    assert all(str(e["X-CRAMPCOACH-RULE"]).startswith("reminder r") for e in events[3:])
    alarms = gym.walk("VALARM")
    assert [a.decoded("TRIGGER") for a in alarms] == [
        dt.timedelta(minutes=-15),
        dt.timedelta(minutes=5),
    ]
    assert alarms[1]["TRIGGER"].params["RELATED"] == "END"
    assert all(e.walk("VALARM") for e in events)


def _plan(schedule: Schedule) -> list[tuple[dt.datetime, str, str | None, str]]:
    firings = next_firings(
        schedule.workouts, [], START, BERLIN, 300, CalendarStore().plans(schedule)
    )
    end = START + dt.timedelta(days=300)
    return [(f.at, f.kind, f.routine, f.message) for f in firings if f.at < end]


def test_an_exported_schedule_reimports_as_the_same_reminders(tmp_path: Path) -> None:
    path = tmp_path / "out.ics"
    path.write_bytes(export_calendar(WORKOUTS, REMINDERS, BERLIN, TODAY))
    original = _plan(Schedule(workouts=list(WORKOUTS)))
    fresh = Schedule()
    report = import_calendar(CalendarStore(), path, fresh, START, BERLIN)
    apply(fresh, report)
    assert _plan(fresh) == original  # across both DST changes
    assert len(original) == 144
    assert "skipped 5 CrampCoach reminders" in report.lines()


def test_importing_it_beside_the_same_rules_doubles_nothing(tmp_path: Path) -> None:
    path = tmp_path / "out.ics"
    path.write_bytes(export_calendar(WORKOUTS, REMINDERS, BERLIN, TODAY))
    schedule = Schedule(workouts=list(WORKOUTS))
    original = _plan(schedule)
    report = import_calendar(CalendarStore(), path, schedule, START, BERLIN)
    apply(schedule, report)
    assert "3 events already in your schedule as w1, w2, w3: not doubled" in report.lines()
    assert _plan(schedule) == original
    schedule.workouts = schedule.workouts[1:]  # w1 removed: the calendar's copy takes over
    assert _plan(schedule) == original
