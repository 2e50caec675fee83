"""Reminders out to calendar apps (importing calendars: calendar_import.py).

Every rule becomes a recurring VEVENT with a VALARM, in the user's time zone (with its
VTIMEZONE), which calendar apps accept. UNTIL is written in UTC, as RFC 5545 asks when
DTSTART has a zone. A workout's warm-up and cool-down settings ride along as X- properties,
so importing the file again gives the same reminders; a reminder is marked as one, so
``workout import`` does not take it for a workout.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

import icalendar

from crampcoach.core.calendar_plan import (
    X_POST,
    X_POST_ROUTINE,
    X_PRE,
    X_PRE_ROUTINE,
    X_RULE,
    fingerprint,
)
from crampcoach.core.schedule import WEEKDAYS, Reminder, Workout, parse_clock


def export_calendar(
    workouts: list[Workout], reminders: list[Reminder], zone: ZoneInfo, today: dt.date
) -> bytes:
    """An iCalendar file: a recurring event with alarms for every rule."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//CrampCoach//Reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "CrampCoach")
    for workout in workouts:
        calendar.add_component(_workout_event(workout, zone, today))
    for reminder in reminders:
        for event in _reminder_events(reminder, zone, today):
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())


def _event(summary: str, start: dt.datetime, minutes: int, uid: str) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", f"{uid}@crampcoach")
    event.add("dtstamp", dt.datetime.now(dt.UTC))
    event.add("summary", summary)
    event.add("dtstart", start)
    event.add("duration", dt.timedelta(minutes=minutes))
    return event


def _alarm(description: str, trigger: dt.timedelta, related_end: bool = False) -> icalendar.Alarm:
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", description)
    if related_end:
        alarm.add("trigger", trigger, parameters={"RELATED": "END"})
    else:
        alarm.add("trigger", trigger)
    return alarm


def _first_day(days: Sequence[str], today: dt.date) -> dt.date:
    wanted = {WEEKDAYS.index(d) for d in days}
    day = today
    while wanted and day.weekday() not in wanted:
        day += dt.timedelta(days=1)
    return day


def _byday(days: Sequence[str]) -> list[str]:
    return [d[:2].upper() for d in days]


def _workout_event(workout: Workout, zone: ZoneInfo, today: dt.date) -> icalendar.Event:
    clock = parse_clock(workout.at)
    day = workout.date or _first_day(workout.days, today)
    event = _event(
        workout.name,
        dt.datetime.combine(day, clock, tzinfo=zone),
        workout.duration,
        f"{workout.id}-{uuid.uuid5(uuid.NAMESPACE_URL, workout.id)}",
    )
    if workout.days:
        rule: dict[str, Any] = {"freq": "weekly", "byday": _byday(workout.days)}
        if workout.until:
            last = dt.datetime.combine(workout.until, dt.time(23, 59, 59), tzinfo=zone)
            rule["until"] = last.astimezone(dt.UTC)
        event.add("rrule", rule)
        for skipped in workout.skip:
            event.add("exdate", dt.datetime.combine(skipped, clock, tzinfo=zone))
    event.add(X_RULE, f"workout {fingerprint(workout)}")
    event.add(X_PRE, "off" if workout.pre is None else str(workout.pre))
    event.add(X_POST, "off" if workout.post is None else str(workout.post))
    event.add(X_PRE_ROUTINE, workout.pre_routine)
    event.add(X_POST_ROUTINE, workout.post_routine)
    if workout.pre is not None:
        event.add_component(
            _alarm(f"Warm up: {workout.pre_routine}", dt.timedelta(minutes=-workout.pre))
        )
    if workout.post is not None:
        event.add_component(
            _alarm(
                f"Cool down: {workout.post_routine}",
                dt.timedelta(minutes=workout.post),
                related_end=True,
            )
        )
    return event


def _reminder_events(reminder: Reminder, zone: ZoneInfo, today: dt.date) -> list[icalendar.Event]:
    summary = reminder.message or f"CrampCoach: {reminder.routine}"
    if reminder.at is not None:
        times = [parse_clock(reminder.at)]
    else:
        assert reminder.every is not None
        assert reminder.between is not None
        first, last = (parse_clock(t) for t in reminder.between)
        times = []
        moment = dt.datetime.combine(today, first)
        while moment.time() <= last and moment.date() == today:
            times.append(moment.time())
            moment += dt.timedelta(minutes=reminder.every)
    events = []
    day = _first_day(reminder.days, today)
    for n, clock in enumerate(times):
        event = _event(
            summary,
            dt.datetime.combine(day, clock, tzinfo=zone),
            5,
            f"{reminder.id}-{n}-{uuid.uuid5(uuid.NAMESPACE_URL, reminder.id)}",
        )
        if reminder.days:
            event.add("rrule", {"freq": "weekly", "byday": _byday(reminder.days)})
        else:
            event.add("rrule", {"freq": "daily"})
        event.add(X_RULE, f"reminder {reminder.id}")
        event.add_component(_alarm(summary, dt.timedelta(0)))
        events.append(event)
    return events
