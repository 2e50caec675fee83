"""Is it working? Weekly stretching against weekly cramps, streaks and night comparisons.

All grouping happens in the person's own time zone. A *night* runs from noon to noon and
is named by the evening it starts on, so a bedtime stretch at 22:30 and a cramp that wakes
someone at 03:00 belong to the same night.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import mean
from zoneinfo import ZoneInfo

from crampcoach.core.diary import Cramp
from crampcoach.core.history_store import SessionRecord

BEDTIME_TAG = "bedtime"
COUNTED_SECONDS = 60  # a stopped session counts once it has lasted a minute
MOSTLY_DONE = 0.8  # a session stopped this far through still keeps a streak alive
BEDTIME_HOURS = range(17, 24), range(0, 4)  # when a bedtime routine counts for that night
CAVEAT = (
    "This is your own tracking, not a clinical trial: many things change cramps from week to "
    "week, so treat differences as a hint to discuss, not as proof."
)


def counts(session: SessionRecord) -> bool:
    """Whether a session counts as stretching done (finished, or at least a minute long)."""
    return session.status == "completed" or session.active_seconds >= COUNTED_SECONDS


def mostly_done(session: SessionRecord) -> bool:
    """Finished, or stopped near the end: what a streak of stretching days is made of (a
    session stopped after a minute is stretching time, but not a day's routine done)."""
    if session.status == "completed":
        return True
    return session.duration > 0 and session.position >= MOSTLY_DONE * session.duration


def night_of(moment: dt.datetime, zone: dt.tzinfo) -> dt.date:
    return (moment.astimezone(zone) - dt.timedelta(hours=12)).date()


def is_bedtime(session: SessionRecord, zone: dt.tzinfo) -> bool:
    hour = session.started.astimezone(zone).hour
    return (
        BEDTIME_TAG in session.tags
        and counts(session)
        and any(hour in hours for hours in BEDTIME_HOURS)
    )


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class WeekStats:
    week_start: dt.date
    sessions: int
    minutes: float
    bedtime_nights: int
    cramps: int
    mean_severity: float | None
    cramp_nights: int

    def to_json(self) -> dict[str, object]:
        return {
            "week_start": self.week_start.isoformat(),
            "sessions": self.sessions,
            "minutes": round(self.minutes, 1),
            "bedtime_nights": self.bedtime_nights,
            "cramps": self.cramps,
            "mean_severity": None if self.mean_severity is None else round(self.mean_severity, 2),
            "cramp_nights": self.cramp_nights,
        }


@dataclass(frozen=True)
class NightGroup:
    nights: int
    cramp_nights: int

    @property
    def rate(self) -> float | None:
        return self.cramp_nights / self.nights if self.nights else None

    def to_json(self) -> dict[str, object]:
        rate = self.rate
        return {
            "nights": self.nights,
            "cramp_nights": self.cramp_nights,
            "rate": None if rate is None else round(rate, 3),
        }


@dataclass(frozen=True)
class Insights:
    weeks: tuple[WeekStats, ...]
    streak: int  # days in a row with stretching, up to today (or yesterday)
    with_bedtime: NightGroup
    without_bedtime: NightGroup

    def to_json(self) -> dict[str, object]:
        return {
            "weeks": [w.to_json() for w in self.weeks],
            "streak_days": self.streak,
            "nights": {
                "with_bedtime_routine": self.with_bedtime.to_json(),
                "without_bedtime_routine": self.without_bedtime.to_json(),
            },
            "caveat": CAVEAT,
        }


def weekly(
    sessions: Sequence[SessionRecord],
    cramps: Sequence[Cramp],
    now: dt.datetime,
    weeks: int,
    zone: dt.tzinfo | None = None,
) -> tuple[WeekStats, ...]:
    """The last ``weeks`` calendar weeks (Monday first), oldest first, this week included."""
    zone = zone or now.tzinfo or ZoneInfo("UTC")
    this_week = week_start(now.astimezone(zone).date())
    starts = [this_week - dt.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    result = []
    for start in starts:
        end = start + dt.timedelta(days=7)
        in_week = [s for s in sessions if start <= s.started.astimezone(zone).date() < end]
        counted = [s for s in in_week if counts(s)]
        bedtime = {night_of(s.started, zone) for s in in_week if is_bedtime(s, zone)}
        week_cramps = [c for c in cramps if start <= c.at.astimezone(zone).date() < end]
        result.append(
            WeekStats(
                week_start=start,
                sessions=len(counted),
                minutes=sum(s.minutes for s in in_week),
                bedtime_nights=len(bedtime),
                cramps=len(week_cramps),
                mean_severity=mean(c.severity for c in week_cramps) if week_cramps else None,
                cramp_nights=len(_cramp_nights(week_cramps, zone)),
            )
        )
    return tuple(result)


def _cramp_nights(cramps: Iterable[Cramp], zone: dt.tzinfo) -> set[dt.date]:
    return {night_of(c.at, zone) for c in cramps if c.during_sleep}


def streak(sessions: Iterable[SessionRecord], now: dt.datetime, zone: dt.tzinfo) -> int:
    """Days in a row with a routine done (or nearly); a streak is alive until today ends."""
    days = {s.started.astimezone(zone).date() for s in sessions if mostly_done(s)}
    day = now.astimezone(zone).date()
    if day not in days:
        day -= dt.timedelta(days=1)
    run = 0
    while day in days:
        run += 1
        day -= dt.timedelta(days=1)
    return run


def night_comparison(
    sessions: Sequence[SessionRecord],
    cramps: Sequence[Cramp],
    now: dt.datetime,
    days: int,
    zone: dt.tzinfo,
) -> tuple[NightGroup, NightGroup]:
    """Nights with and without the bedtime routine over the last ``days`` finished nights,
    from the first thing ever recorded, and how many of each had a cramp during sleep."""
    local = now.astimezone(zone)
    # Before noon the night that began last evening is over; after noon tonight has not begun.
    last = night_of(local, zone) - dt.timedelta(days=0 if local.hour < 12 else 1)
    first_records = [night_of(s.started, zone) for s in sessions] + [
        night_of(c.at, zone) for c in cramps
    ]
    if not first_records:
        return NightGroup(0, 0), NightGroup(0, 0)
    first = max(min(first_records), last - dt.timedelta(days=days - 1))
    bedtime = {night_of(s.started, zone) for s in sessions if is_bedtime(s, zone)}
    cramped = _cramp_nights(cramps, zone)
    with_nights = with_cramps = without_nights = without_cramps = 0
    night = first
    while night <= last:
        if night in bedtime:
            with_nights += 1
            with_cramps += night in cramped
        else:
            without_nights += 1
            without_cramps += night in cramped
        night += dt.timedelta(days=1)
    return NightGroup(with_nights, with_cramps), NightGroup(without_nights, without_cramps)


def insights(
    sessions: Sequence[SessionRecord],
    cramps: Sequence[Cramp],
    now: dt.datetime,
    weeks: int = 8,
    zone: dt.tzinfo | None = None,
) -> Insights:
    zone = zone or now.tzinfo or ZoneInfo("UTC")
    with_bedtime, without_bedtime = night_comparison(sessions, cramps, now, weeks * 7, zone)
    return Insights(
        weeks=weekly(sessions, cramps, now, weeks, zone),
        streak=streak(sessions, now, zone),
        with_bedtime=with_bedtime,
        without_bedtime=without_bedtime,
    )
