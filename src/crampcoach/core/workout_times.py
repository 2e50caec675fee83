"""The workouts around a moment, with their own start and end: weekly and one-off workouts
from the schedule and the occurrences of imported calendars (core/suggest.py plans around
them; the reminders plan warm-up and cool-down firings from the same rules)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from crampcoach.core.calendar_plan import CalendarPlan
from crampcoach.core.schedule import resolve_wall_time, workout_starts
from crampcoach.core.schedule_store import Schedule

UTC = dt.UTC


@dataclass(frozen=True, slots=True)
class PlannedWorkout:
    name: str
    starts: dt.datetime  # aware
    ends: dt.datetime  # aware
    pre_routine: str | None = "pre-workout-leg-warmup"
    post_routine: str | None = "post-workout-leg-cooldown"


def planned_workouts(
    schedule: Schedule,
    plans: Sequence[CalendarPlan],
    start: dt.datetime,
    stop: dt.datetime,
    zone: ZoneInfo,
) -> list[PlannedWorkout]:
    """Every workout overlapping [start, stop) (aware), in order of its start."""
    found: list[PlannedWorkout] = []
    for workout in schedule.workouts:
        length = dt.timedelta(minutes=workout.duration)
        since = (start - length - dt.timedelta(hours=2)).astimezone(zone).replace(tzinfo=None)
        for wall in workout_starts(workout, since.replace(second=0, microsecond=0)):
            begins = resolve_wall_time(wall, zone)
            if begins >= stop:
                break
            ends = (begins.astimezone(UTC) + length).astimezone(zone)  # real minutes
            if ends > start:
                found.append(
                    PlannedWorkout(
                        workout.name, begins, ends, workout.pre_routine, workout.post_routine
                    )
                )
    for plan in plans:
        for begins, ends, title, pre, post in plan.workouts(start, stop, zone):
            found.append(PlannedWorkout(title, begins, ends, pre, post))
    return sorted(found, key=lambda w: w.starts)
