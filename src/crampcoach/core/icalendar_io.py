"""Workouts from iCalendar files, and reminders out to calendar apps.

Import: a weekly recurring event (RRULE FREQ=WEEKLY with BYDAY) becomes one weekly
workout, with its UNTIL/COUNT end and EXDATE exceptions; any other recurrence is
expanded (recurring-ical-events) into one-off workouts for the coming year; a single
event becomes a one-off workout. All-day events have no time and are skipped (reported).

Export: every rule becomes a recurring VEVENT with a VALARM, in the user's time zone
(with its VTIMEZONE), which calendar apps accept.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from crampcoach.core.schedule import WEEKDAYS, Reminder, Workout, parse_clock

HORIZON_DAYS = 365
MAX_ICS_BYTES = 5 * 1024 * 1024
_ICAL_DAYS = {
    "MO": "mon",
    "TU": "tue",
    "WE": "wed",
    "TH": "thu",
    "FR": "fri",
    "SA": "sat",
    "SU": "sun",
}


@dataclass
class ImportResult:
    workouts: list[Workout] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # why some events were not imported


class IcsError(ValueError):
    """The file is not a calendar we can read (message names the file and the problem)."""


def read_calendar(path: Path) -> icalendar.Calendar:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IcsError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    if len(data) > MAX_ICS_BYTES:
        raise IcsError(f"{path}: the file is larger than {MAX_ICS_BYTES // (1024 * 1024)} MiB")
    try:
        return icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as exc:
        raise IcsError(f"{path}: not an iCalendar file ({str(exc).splitlines()[0]})") from None


def import_workouts(
    path: Path, zone: ZoneInfo, today: dt.date, new_id: Callable[[], str]
) -> ImportResult:
    """Workouts from the VEVENTs in ``path``, each given an id by ``new_id``."""
    calendar = read_calendar(path)
    result = ImportResult()

    for event in calendar.walk("VEVENT"):
        name = str(event.get("SUMMARY") or "Workout")[:80]
        start = event.decoded("DTSTART") if event.get("DTSTART") else None
        if not isinstance(start, dt.datetime):
            result.skipped.append(f"{name!r}: no start time (all-day events are skipped)")
            continue
        minutes = _minutes(event, start)
        rule = event.get("RRULE")
        local_start = _to_local(start, zone)
        at = f"{local_start:%H:%M}"
        weekly = _weekly(rule)
        if rule is None:
            result.workouts.append(
                Workout(id=new_id(), name=name, date=local_start.date(), at=at, duration=minutes)
            )
        elif weekly is not None:
            until, skip = _end_and_exceptions(event, calendar, zone, local_start)
            result.workouts.append(
                Workout(
                    id=new_id(),
                    name=name,
                    days=weekly,
                    at=at,
                    duration=minutes,
                    until=until,
                    skip=skip,
                )
            )
        else:
            horizon = today + dt.timedelta(days=HORIZON_DAYS)
            occurrences = recurring_ical_events.of(calendar).between(today, horizon)
            for occurrence in occurrences:
                if occurrence.get("UID") != event.get("UID"):
                    continue
                when = _to_local(occurrence.decoded("DTSTART"), zone)
                result.workouts.append(
                    Workout(
                        id=new_id(),
                        name=name,
                        date=when.date(),
                        at=f"{when:%H:%M}",
                        duration=minutes,
                    )
                )
    return result


def _minutes(event: Any, start: dt.datetime) -> int:
    length: dt.timedelta
    if event.get("DTEND") is not None:
        length = event.decoded("DTEND") - start
    elif event.get("DURATION") is not None:
        length = event.decoded("DURATION")
    else:
        length = dt.timedelta(hours=1)
    return max(1, min(24 * 60, round(float(length.total_seconds()) / 60)))


def _to_local(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return moment.astimezone(zone) if moment.tzinfo is not None else moment


def _weekly(rule: Any) -> list[str] | None:
    """Days for a plain weekly rule (every week, on named days), else None."""
    if rule is None or rule.get("FREQ") != ["WEEKLY"]:
        return None
    if int((rule.get("INTERVAL") or [1])[0]) != 1:
        return None
    if set(rule) - {"FREQ", "BYDAY", "UNTIL", "COUNT", "WKST", "INTERVAL"}:
        return None
    days = [_ICAL_DAYS.get(str(d)) for d in rule.get("BYDAY") or []]
    if not days or None in days:
        return None
    return sorted({d for d in days if d}, key=WEEKDAYS.index)


def _end_and_exceptions(
    event: Any, calendar: Any, zone: ZoneInfo, local_start: dt.datetime
) -> tuple[dt.date | None, list[dt.date]]:
    rule = event.get("RRULE")
    until: dt.date | None = None
    if rule.get("UNTIL"):
        last = _to_local(_as_datetime(rule["UNTIL"][0]), zone)
        # the last day on which the workout's start time is still inside UNTIL
        until = (
            last.date()
            if last.time() >= local_start.time()
            else (last.date() - dt.timedelta(days=1))
        )
    elif rule.get("COUNT"):
        occurrences = list(
            recurring_ical_events.of(calendar).between(
                local_start.date(), local_start.date() + dt.timedelta(days=7 * 53 * 10)
            )
        )
        mine = [o for o in occurrences if o.get("UID") == event.get("UID")]
        if mine:
            until = _to_local(mine[-1].decoded("DTSTART"), zone).date()
    skip: list[dt.date] = []
    exdates = event.get("EXDATE") or []
    for group in exdates if isinstance(exdates, list) else [exdates]:
        for item in group.dts:
            skip.append(_to_local(_as_datetime(item.dt), zone).date())
    return until, sorted(set(skip))


def _as_datetime(value: dt.date | dt.datetime) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time())


# -- export ------------------------------------------------------------------------------------
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
            rule["until"] = dt.datetime.combine(workout.until, dt.time(23, 59), tzinfo=zone)
        event.add("rrule", rule)
        for skipped in workout.skip:
            event.add("exdate", dt.datetime.combine(skipped, clock, tzinfo=zone))
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
        event.add_component(_alarm(summary, dt.timedelta(0)))
        events.append(event)
    return events
