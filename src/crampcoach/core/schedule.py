"""Reminder rules: workouts (weekly or one-off) and daily or interval reminders.

All times are local wall-clock times in the user's time zone, so a 07:00 reminder stays
at 07:00 across daylight-saving changes. A wall time that does not exist on a DST day
fires at the first valid moment after it; an ambiguous one (the repeated hour) fires
once, at its first occurrence. Recurrence comes from dateutil's rrule; nothing here
counts days by hand.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections.abc import Iterator, Sequence
from typing import Annotated, Literal, Protocol
from zoneinfo import ZoneInfo

from dateutil import rrule
from pydantic import BaseModel, ConfigDict, Field, field_validator

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RRULE_DAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
UTC = dt.UTC

Kind = Literal["pre-workout", "post-workout", "daily", "interval", "once"]
Minutes = Annotated[int, Field(ge=0, le=24 * 60)]


def parse_clock(text: str) -> dt.time:
    match = CLOCK.match(text)
    if not match:
        raise ValueError(f"not a time of day (HH:MM, 24-hour): {text!r}")
    return dt.time(int(match[1]), int(match[2]))


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str

    @field_validator("*", mode="before")
    @classmethod
    def _strip(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value


class Workout(_Rule):
    """Training sessions; each yields a warm-up reminder before and a cool-down after."""

    name: str = "Workout"
    days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(
        default_factory=list
    )
    date: dt.date | None = None  # one-off workouts
    at: str
    duration: Annotated[int, Field(ge=1, le=24 * 60)]
    pre: Minutes | None = 10  # minutes before the start; None = no reminder
    post: Minutes | None = 0  # minutes after the end; None = no reminder
    pre_routine: str = "pre-workout-leg-warmup"
    post_routine: str = "post-workout-leg-cooldown"
    until: dt.date | None = None  # last day of a weekly workout (inclusive)
    skip: list[dt.date] = Field(default_factory=list)  # days without this workout

    @field_validator("at")
    @classmethod
    def _clock(cls, value: str) -> str:
        parse_clock(value)
        return value

    def model_post_init(self, _context: object) -> None:
        if bool(self.days) == (self.date is not None):
            raise ValueError("a workout has either days (weekly) or a date (one-off)")


class CalendarSource(_Rule):
    """An imported calendar: its events are the workouts (core/calendar_store.py keeps the
    copy; recurring-ical-events expands it)."""

    name: str = "Calendar"
    source: str  # the file it was imported from
    filter: str | None = None  # only events whose title matches (a regular expression)
    watch: bool = False  # re-read the source file when it changes
    pre: Minutes | None = 10
    post: Minutes | None = 0
    pre_routine: str = "pre-workout-leg-warmup"
    post_routine: str = "post-workout-leg-cooldown"

    @field_validator("filter")
    @classmethod
    def _pattern(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid filter ({exc}): {value!r}") from None
        return value


class Reminder(_Rule):
    """A reminder at a clock time (daily or on some weekdays), or every N minutes in a window."""

    at: str | None = None
    days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(
        default_factory=list
    )
    routine: str | None = None
    message: str = ""
    every: Annotated[int, Field(ge=5, le=24 * 60)] | None = None  # minutes
    between: tuple[str, str] | None = None  # window for interval reminders

    def model_post_init(self, _context: object) -> None:
        if (self.at is None) == (self.every is None):
            raise ValueError("a reminder has either a time (at) or an interval (every)")
        if self.at is not None:
            parse_clock(self.at)
            if self.routine is None and not self.message:
                raise ValueError("a timed reminder needs a routine or a message")
        if self.every is not None:
            if self.between is None:
                raise ValueError("an interval reminder needs a window (between)")
            start, end = (parse_clock(t) for t in self.between)
            if end <= start:
                raise ValueError("the window must end after it starts (e.g. 09:00-21:00)")
            if not self.message:
                raise ValueError("an interval reminder needs a message")


FIRING_TITLES: dict[str, str] = {
    "pre-workout": "Warm up before your workout",
    "post-workout": "Cool down after your workout",
    "daily": "Time for your routine",
    "interval": "Reminder",
    "once": "Reminder",
}


class Firing(BaseModel):
    """One moment a reminder goes off."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    at: dt.datetime  # aware, in the user's zone
    kind: Kind
    routine: str | None
    message: str
    source: str
    starts: dt.datetime | None = None  # the workout's own start (workout reminders)
    calendar: str | None = None  # the calendar source it came from

    @property
    def title(self) -> str:
        """The heading a notification and the in-app prompt show: a reminder with only a
        message is worded as that message."""
        if self.routine is None and self.message and self.kind in ("daily", "interval", "once"):
            return self.message
        return FIRING_TITLES[self.kind]

    def body(self, routine_title: str | None) -> str:
        """The text under the heading: the message (unless it is the heading) and the
        routine's title (never its id)."""
        lines = [] if self.title == self.message else [self.message]
        if routine_title:
            lines.append(routine_title)
        return "\n".join(line for line in lines if line)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "at": self.at.isoformat(),
            "kind": self.kind,
            "routine": self.routine,
            "message": self.message,
            "source": self.source,
        }
        if self.starts is not None:
            data["starts"] = self.starts.isoformat()
        if self.calendar is not None:
            data["calendar"] = self.calendar
        return data


class FiringSource(Protocol):
    """Rules that plan themselves, such as an imported calendar (core/calendar_plan.py)."""

    def firings(self, start: dt.datetime, zone: ZoneInfo) -> Iterator[Firing]:
        """Firings in time order from about ``start`` (aware) on; earlier ones are dropped."""
        ...


def describe_workout(w: Workout) -> str:
    when = ",".join(w.days) if w.days else str(w.date)
    pre = "off" if w.pre is None else f"{w.pre} min before ({w.pre_routine})"
    post = "off" if w.post is None else f"{w.post} min after ({w.post_routine})"
    return f"{w.id}  {w.name}: {when} at {w.at} for {w.duration} min; pre {pre}; post {post}"


def describe_reminder(r: Reminder) -> str:
    days = ",".join(r.days) if r.days else "every day"
    if r.at is not None:
        what = r.routine or ""
        return f"{r.id}  {days} at {r.at}: {what}{' - ' if what and r.message else ''}{r.message}"
    assert r.between is not None
    return f"{r.id}  {days}, every {r.every} min {r.between[0]}-{r.between[1]}: {r.message}"


def resolve_wall_time(naive: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The aware moment for a local wall time: nonexistent -> first valid moment after it,
    ambiguous -> its first occurrence."""
    candidate = naive
    for _ in range(24 * 60):
        aware = candidate.replace(tzinfo=zone, fold=0)
        if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == candidate:
            return aware
        candidate += dt.timedelta(minutes=1)  # inside a DST gap: walk to its end
    raise ValueError(f"no valid local time near {naive}")  # pragma: no cover


def _shift(moment: dt.datetime, minutes: int, zone: ZoneInfo) -> dt.datetime:
    """Real elapsed minutes (through UTC): aware arithmetic in one zone is wall-clock
    arithmetic in Python, which is wrong across a DST change."""
    return (moment.astimezone(UTC) + dt.timedelta(minutes=minutes)).astimezone(zone)


def _wall_times(rule: rrule.rrule) -> Iterator[dt.datetime]:
    yield from rule  # naive local wall times, in order


def _weekdays(days: Sequence[str]) -> list[rrule.weekday]:
    return [_RRULE_DAYS[WEEKDAYS.index(d)] for d in days]


def _start_times(workout: Workout, since: dt.datetime) -> Iterator[dt.datetime]:
    clock = parse_clock(workout.at)
    if workout.date is not None:
        yield dt.datetime.combine(workout.date, clock)
        return
    until = dt.datetime.combine(workout.until, clock) if workout.until else None
    skip = set(workout.skip)
    for start in rrule.rrule(
        rrule.WEEKLY,
        byweekday=_weekdays(workout.days),
        byhour=clock.hour,
        byminute=clock.minute,
        bysecond=0,
        dtstart=since,
        until=until,
    ):
        if start.date() not in skip:
            yield start


def workout_starts(workout: Workout, since: dt.datetime) -> Iterator[dt.datetime]:
    """The workout's start times (naive local wall times) from ``since`` (naive local) on."""
    return _start_times(workout, since)


def workout_firings(workout: Workout, since: dt.datetime, zone: ZoneInfo) -> Iterator[Firing]:
    """Pre- and post-workout firings in time order, from ``since`` (naive local) on."""
    # Start from workouts that began long enough ago that their post-workout reminder may
    # still lie ahead (plus two hours for a DST gap); next_firings drops what is past.
    reach = (workout.pre or 0) + workout.duration + (workout.post or 0) + 120
    lookback = since - dt.timedelta(minutes=reach)
    pending: list[tuple[dt.datetime, int, Firing]] = []
    seq = 0

    def push(at: dt.datetime, kind: Kind, routine: str, message: str, starts: dt.datetime) -> None:
        nonlocal seq
        firing = Firing(
            at=at, kind=kind, routine=routine, source=workout.id, message=message, starts=starts
        )
        heapq.heappush(pending, (at, seq, firing))
        seq += 1

    for start_wall in _start_times(workout, lookback.replace(second=0, microsecond=0)):
        start = resolve_wall_time(start_wall, zone)
        if workout.pre is not None:
            push(
                _shift(start, -workout.pre, zone),
                "pre-workout",
                workout.pre_routine,
                f"{workout.name} in {workout.pre} min: warm up first",
                start,
            )
        if workout.post is not None:
            push(
                _shift(start, workout.duration + workout.post, zone),
                "post-workout",
                workout.post_routine,
                f"{workout.name} done: time to cool down",
                start,
            )
        # anything earlier than this start's pre-reminder can no longer be overtaken
        horizon = _shift(start, -(workout.pre or 0), zone)
        while pending and pending[0][0] <= horizon:
            yield heapq.heappop(pending)[2]
    while pending:
        yield heapq.heappop(pending)[2]


def reminder_firings(reminder: Reminder, since: dt.datetime, zone: ZoneInfo) -> Iterator[Firing]:
    if reminder.at is not None:
        clock = parse_clock(reminder.at)
        days = _weekdays(reminder.days) if reminder.days else None
        rule = rrule.rrule(
            rrule.DAILY,
            byweekday=days,
            byhour=clock.hour,
            byminute=clock.minute,
            bysecond=0,
            dtstart=since.replace(second=0, microsecond=0),
        )
        kind: Kind = "daily"
        message = reminder.message or "Time for your routine"
        for wall in _wall_times(rule):
            yield Firing(
                at=resolve_wall_time(wall, zone),
                kind=kind,
                routine=reminder.routine,
                message=message,
                source=reminder.id,
            )
        return
    assert reminder.every is not None
    assert reminder.between is not None
    first, last = (parse_clock(t) for t in reminder.between)
    day = since.date()
    weekdays = {WEEKDAYS.index(d) for d in reminder.days}
    seen: set[dt.datetime] = set()
    while True:
        if not weekdays or day.weekday() in weekdays:
            rule = rrule.rrule(
                rrule.MINUTELY,
                interval=reminder.every,
                dtstart=dt.datetime.combine(day, first),
                until=dt.datetime.combine(day, last),
            )
            for wall in _wall_times(rule):
                at = resolve_wall_time(wall, zone)
                if at in seen:  # two wall times resolved to one moment (DST gap)
                    continue
                seen.add(at)
                yield Firing(
                    at=at,
                    kind="interval",
                    routine=reminder.routine,
                    message=reminder.message,
                    source=reminder.id,
                )
        day += dt.timedelta(days=1)


def next_firings(
    workouts: list[Workout],
    reminders: list[Reminder],
    start: dt.datetime,
    zone: ZoneInfo,
    count: int,
    sources: Sequence[FiringSource] = (),
) -> list[Firing]:
    """The next ``count`` firings of all rules (and of ``sources``, e.g. calendars) at or
    after ``start`` (aware), merged in order."""
    since = start.astimezone(zone).replace(tzinfo=None)
    streams = [workout_firings(w, since, zone) for w in workouts]
    streams += [reminder_firings(r, since, zone) for r in reminders]
    streams += [s.firings(start, zone) for s in sources]
    merged = heapq.merge(*streams, key=lambda f: (f.at, f.source, f.kind))
    result: list[Firing] = []
    for firing in merged:
        if firing.at < start:
            continue
        result.append(firing)
        if len(result) >= count:
            break
    return result
