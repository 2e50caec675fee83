"""Export: rules out to calendar apps."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar

from crampcoach.core.icalendar_io import export_calendar
from crampcoach.core.schedule import Reminder, Workout

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


def test_export_has_rules_alarms_and_time_zone() -> None:
    data = export_calendar(WORKOUTS, REMINDERS, BERLIN, TODAY)
    calendar = icalendar.Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 3 + 1 + 4  # three workouts, bedtime, water at 09, 13, 17, 21
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
