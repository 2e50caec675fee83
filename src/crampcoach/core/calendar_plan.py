"""A calendar source's warm-up and cool-down reminders, in time order.

Each planning asks the library for the occurrences in a few growing windows (a week,
then two, four, ...: one query each, never one per event) up to a year ahead. Every
timed occurrence gets its own start, end and title; all-day and cancelled occurrences
get nothing, nor do events the source's filter leaves out. Times with a zone are instants;
floating times are the user's wall-clock times.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import itertools
import re
from collections.abc import Callable, Iterator
from zoneinfo import ZoneInfo

from crampcoach.core.calendar_expand import Expander, Happening
from crampcoach.core.schedule import CalendarSource, Firing, Kind, Workout, resolve_wall_time

UTC = dt.UTC
MAX_OFFSET = dt.timedelta(minutes=24 * 60)  # the furthest a reminder lies from its workout
LOOKBACK = MAX_OFFSET + dt.timedelta(minutes=1)
FIRST_WINDOW = dt.timedelta(days=7)
HORIZON = dt.timedelta(days=366)  # occurrences further ahead are planned as time passes
SOON = dt.timedelta(days=30)

# What CrampCoach's own export writes (icalendar_io.py), read back on import.
X_PRE, X_POST = "X-CRAMPCOACH-PRE", "X-CRAMPCOACH-POST"
X_PRE_ROUTINE, X_POST_ROUTINE = "X-CRAMPCOACH-PRE-ROUTINE", "X-CRAMPCOACH-POST-ROUTINE"
X_RULE = "X-CRAMPCOACH-RULE"  # "workout ID:FINGERPRINT" or "reminder ID"

Loader = Callable[[dt.datetime, dt.datetime], Expander | None]


def fingerprint(workout: Workout) -> str:
    """What the export writes into X-CRAMPCOACH-RULE: the workout's id and a digest of it."""
    digest = hashlib.sha256(workout.model_dump_json().encode()).hexdigest()[:12]
    return f"{workout.id}:{digest}"


def same_as(workouts: list[Workout]) -> frozenset[str]:
    return frozenset(fingerprint(w) for w in workouts)


def planned_span(start: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The stretch of time a planning from ``start`` may ask about."""
    return start - LOOKBACK, start + HORIZON


def matches(source: CalendarSource, title: str) -> bool:
    return source.filter is None or re.search(source.filter, title, re.IGNORECASE) is not None


def _minutes(value: object, default: int | None) -> int | None:
    if value is None:
        return default
    text = str(value).strip().lower()
    if text == "off":
        return None
    return int(text) if text.isdigit() and int(text) <= 24 * 60 else default


def _instant(moment: dt.date | dt.datetime, zone: ZoneInfo) -> dt.datetime:
    assert isinstance(moment, dt.datetime)
    if moment.tzinfo is None:  # floating: the user's wall clock
        return resolve_wall_time(moment, zone)
    return moment.astimezone(zone)


class CalendarPlan:
    """The firings of one calendar source (a ``FiringSource`` for ``next_firings``)."""

    def __init__(
        self, source: CalendarSource, load: Loader, same_as_workouts: frozenset[str] = frozenset()
    ) -> None:
        self.source = source
        self._load = load
        self._same = same_as_workouts  # exported workouts that are still in the schedule

    def occurrences(self, start: dt.datetime, stop: dt.datetime) -> Iterator[Happening]:
        """The timed, not cancelled, wanted occurrences overlapping [start, stop)."""
        expander = self._load(*planned_span(start))
        if expander is None:
            return
        for happening in expander.between(start, stop):
            if self.wanted(happening):
                yield happening

    def wanted(self, happening: Happening) -> bool:
        if not isinstance(happening.start, dt.datetime):
            return False  # all-day: no workout time to remind around
        event = happening.properties
        if event.get("STATUS", "").upper() == "CANCELLED":
            return False
        rule = event.get(X_RULE, "")
        if rule.startswith("reminder") or rule.removeprefix("workout ") in self._same:
            return False  # a CrampCoach reminder, or a workout the schedule already has
        return matches(self.source, event.get("SUMMARY", ""))

    def workouts(
        self, start: dt.datetime, stop: dt.datetime, zone: ZoneInfo
    ) -> Iterator[tuple[dt.datetime, dt.datetime, str, str, str]]:
        """The occurrences overlapping [start, stop) as (start, end, title, warm-up routine,
        cool-down routine): what "What should I do now?" plans around (core/suggest.py)."""
        for happening in self.occurrences(start, stop):
            event, source = happening.properties, self.source
            yield (
                _instant(happening.start, zone),
                _instant(happening.end, zone),
                self.title(happening),
                event.get(X_PRE_ROUTINE, "").strip() or source.pre_routine,
                event.get(X_POST_ROUTINE, "").strip() or source.post_routine,
            )

    def title(self, happening: Happening) -> str:
        return happening.properties.get("SUMMARY", "").strip() or self.source.name

    def next_workout(self, now: dt.datetime, zone: ZoneInfo) -> tuple[dt.datetime, str] | None:
        """The next occurrence that gets reminders: its start and title."""
        week = dt.timedelta(days=7)
        for start, stop in (
            (now, now + week),
            (now + week, now + SOON),
            (now + SOON, now + HORIZON),
        ):
            found = [
                (begins, self.title(h))
                for h in self.occurrences(start, stop)
                if (begins := _instant(h.start, zone)) >= now
            ]
            if found:
                return min(found)
        return None

    def firings(self, start: dt.datetime, zone: ZoneInfo) -> Iterator[Firing]:
        """Firings in time order; the first few may lie before ``start`` (the caller drops
        them), none after a year from ``start``."""
        first, last = planned_span(start)
        expander = self._load(first, last)
        if expander is None:
            return
        pending: list[tuple[dt.datetime, int, Firing]] = []
        order = itertools.count()
        seen: set[object] = set()
        window_start, width = first.astimezone(zone), FIRST_WINDOW
        while window_start < last:
            window_end = min(window_start + width, last)
            for happening in expander.between(window_start, window_end):
                if happening.key in seen or not self.wanted(happening):
                    continue
                seen.add(happening.key)
                for firing in self._firings_of(happening, zone):
                    heapq.heappush(pending, (firing.at, next(order), firing))
            # occurrences of later windows start at window_end or later
            safe = window_end - MAX_OFFSET
            while pending and pending[0][0] < safe:
                yield heapq.heappop(pending)[2]
            window_start, width = window_end, width * 2
        while pending:
            yield heapq.heappop(pending)[2]

    def _firings_of(self, happening: Happening, zone: ZoneInfo) -> Iterator[Firing]:
        event, source = happening.properties, self.source
        title = self.title(happening)
        begins = _instant(happening.start, zone)
        ends = _instant(happening.end, zone).astimezone(UTC)
        pre = _minutes(event.get(X_PRE), source.pre)
        post = _minutes(event.get(X_POST), source.post)

        def firing(at: dt.datetime, kind: Kind, routine: str, message: str) -> Firing:
            return Firing(
                at=at.astimezone(zone),
                kind=kind,
                routine=routine,
                message=message,
                source=source.id,
                starts=begins,
                calendar=source.id,
            )

        if pre is not None:
            routine = event.get(X_PRE_ROUTINE, "").strip() or source.pre_routine
            message = f"{title} in {pre} min: warm up first"
            at = begins.astimezone(UTC) - dt.timedelta(minutes=pre)  # real minutes, via UTC
            yield firing(at, "pre-workout", routine, message)
        if post is not None:
            routine = event.get(X_POST_ROUTINE, "").strip() or source.post_routine
            message = f"{title} done: time to cool down"
            yield firing(ends + dt.timedelta(minutes=post), "post-workout", routine, message)
