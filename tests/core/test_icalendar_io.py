"""iCalendar: import recurring workouts with exceptions; export rules with alarms."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from crampcoach.core.icalendar_io import IcsError, export_calendar, import_workouts
from crampcoach.core.schedule import Reminder, Workout, next_firings

BERLIN = ZoneInfo("Europe/Berlin")
CALENDAR = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:run-1
SUMMARY:Evening run
DTSTART;TZID=Europe/Berlin:20270104T180000
DTEND;TZID=Europe/Berlin:20270104T190000
RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20270630T220000Z
EXDATE;TZID=Europe/Berlin:20270106T180000,20270108T180000
END:VEVENT
BEGIN:VEVENT
UID:swim-1
SUMMARY:Swim
DTSTART;TZID=Europe/Berlin:20270105T070000
DURATION:PT45M
RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;COUNT=4
END:VEVENT
BEGIN:VEVENT
UID:race
SUMMARY:10k race
DTSTART:20270402T053000Z
DTEND:20270402T063000Z
END:VEVENT
BEGIN:VEVENT
UID:allday
SUMMARY:Rest day
DTSTART;VALUE=DATE:20270110
END:VEVENT
END:VCALENDAR
"""


def allocate() -> object:
    counter = itertools.count(1)
    return lambda: f"w{next(counter)}"


def test_import_recurring_events_with_exceptions(tmp_path: Path) -> None:
    path = tmp_path / "training.ics"
    path.write_bytes(CALENDAR)
    result = import_workouts(path, BERLIN, dt.date(2027, 1, 1), allocate())  # type: ignore[arg-type]
    run, *swims, race = result.workouts
    assert (run.name, run.days, run.at, run.duration) == (
        "Evening run",
        ["mon", "wed", "fri"],
        "18:00",
        60,
    )
    assert run.until == dt.date(2027, 6, 30)
    assert run.skip == [dt.date(2027, 1, 6), dt.date(2027, 1, 8)]
    assert [(s.date, s.at, s.duration) for s in swims] == [
        (dt.date(2027, 1, 5), "07:00", 45),
        (dt.date(2027, 1, 19), "07:00", 45),
        (dt.date(2027, 2, 2), "07:00", 45),
        (dt.date(2027, 2, 16), "07:00", 45),
    ]
    assert (race.date, race.at) == (dt.date(2027, 4, 2), "07:30")  # 05:30Z is 07:30 CEST
    assert result.skipped == ["'Rest day': no start time (all-day events are skipped)"]
    # the exceptions really are skipped when planning
    firings = next_firings([run], [], dt.datetime(2027, 1, 4, 12, tzinfo=BERLIN), BERLIN, 6)
    assert [f.at.date() for f in firings if f.kind == "pre-workout"] == [
        dt.date(2027, 1, 4),
        dt.date(2027, 1, 11),
        dt.date(2027, 1, 13),
    ]


def test_not_a_calendar(tmp_path: Path) -> None:
    path = tmp_path / "notes.ics"
    path.write_text("hello")
    with pytest.raises(IcsError, match=r"notes\.ics: not an iCalendar file"):
        import_workouts(path, BERLIN, dt.date(2027, 1, 1), allocate())  # type: ignore[arg-type]
    with pytest.raises(IcsError, match="cannot read the file"):
        import_workouts(tmp_path / "missing.ics", BERLIN, dt.date(2027, 1, 1), allocate())  # type: ignore[arg-type]


def test_export_has_rules_alarms_and_time_zone_and_round_trips(tmp_path: Path) -> None:
    workouts = [
        Workout(
            id="w1",
            name="Gym",
            days=["mon", "thu"],
            at="18:00",
            duration=60,
            pre=15,
            post=5,
            skip=[dt.date(2027, 1, 7)],
            until=dt.date(2027, 6, 30),
        )
    ]
    reminders = [
        Reminder(id="r1", at="22:30", routine="bedtime-calf-hamstring"),
        Reminder(id="r2", every=240, between=("09:00", "21:00"), message="Water"),
    ]
    data = export_calendar(workouts, reminders, BERLIN, dt.date(2027, 1, 1))
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1 + 1 + 4  # the gym, bedtime, water at 09, 13, 17, 21
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    gym = events[0]
    assert gym["RRULE"]["BYDAY"] == ["MO", "TH"]
    alarms = gym.walk("VALARM")
    assert [a.decoded("TRIGGER") for a in alarms] == [
        dt.timedelta(minutes=-15),
        dt.timedelta(minutes=5),
    ]
    assert alarms[1]["TRIGGER"].params["RELATED"] == "END"
    assert all(e.walk("VALARM") for e in events)
    path = tmp_path / "out.ics"
    path.write_bytes(data)
    back = import_workouts(path, BERLIN, dt.date(2027, 1, 1), allocate())  # type: ignore[arg-type]
    gym_back = next(w for w in back.workouts if w.name == "Gym")
    assert (gym_back.days, gym_back.at, gym_back.duration, gym_back.skip, gym_back.until) == (
        ["mon", "thu"],
        "18:00",
        60,
        [dt.date(2027, 1, 7)],
        dt.date(2027, 6, 30),
    )
