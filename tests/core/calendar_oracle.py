"""The oracle for calendar tests: recurring-ical-events' own expansion of a calendar, turned
into the reminders CrampCoach should give, and what ``remind next`` really gives.

Expected: every occurrence the library's public API finds (``of(calendar,
skip_bad_series=True).between``) that is timed and not STATUS:CANCELLED gets a warm-up
reminder ``pre`` minutes before its own start and a cool-down reminder ``post`` minutes after
its own end, titled with its own SUMMARY. Floating times are the user's wall-clock times.
Compared as instants (UTC) with kind, message and the workout's start.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from tests.fakes import run_main

CALENDARS = Path(__file__).parent / "calendars"
UTC = dt.UTC
# One west of UTC, one on it (in winter), one east of it where the weekday changes, and one
# with a half-hour offset. All four have daylight saving except Kolkata.
ZONES = ("Europe/London", "America/New_York", "Pacific/Auckland", "Asia/Kolkata")
Item = tuple[str, str, str, str]  # (at, kind, message, starts), instants in UTC


@dataclass
class Tally:
    matched: int = 0
    missed: int = 0
    extra: int = 0

    def add(self, expected: Counter[Item], actual: Counter[Item]) -> None:
        self.matched += sum((expected & actual).values())
        self.missed += sum((expected - actual).values())
        self.extra += sum((actual - expected).values())


def _utc(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return (moment.replace(tzinfo=zone) if moment.tzinfo is None else moment).astimezone(UTC)


def expected(
    data: bytes,
    zone: ZoneInfo,
    start: dt.datetime,
    stop: dt.datetime,
    name: str,
    without: frozenset[str] = frozenset(),
    pre: int = 10,
    post: int = 0,
) -> Counter[Item]:
    calendar = icalendar.Calendar.from_ical(data)
    calendar.subcomponents = [
        c for c in calendar.subcomponents if not (c.name == "VEVENT" and c.get("UID") in without)
    ]
    query = recurring_ical_events.of(calendar, skip_bad_series=True)
    result: Counter[Item] = Counter()
    for event in query.between(start.astimezone(zone) - dt.timedelta(days=2), stop):
        begins, ends = event["DTSTART"].dt, event["DTEND"].dt
        if not isinstance(begins, dt.datetime):
            continue  # all-day
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        title = str(event.get("SUMMARY", "")).strip() or name
        first, last = _utc(begins, zone), _utc(ends, zone)
        for at, kind, message in (
            (
                first - dt.timedelta(minutes=pre),
                "pre-workout",
                f"{title} in {pre} min: warm up first",
            ),
            (last + dt.timedelta(minutes=post), "post-workout", f"{title} done: time to cool down"),
        ):
            if start <= at < stop:
                result[(at.isoformat(), kind, message, first.isoformat())] += 1
    return result


def actual(
    home: Path, path: Path, zone: str, start: dt.datetime, stop: dt.datetime
) -> tuple[Counter[Item], dict[str, object]]:
    """``remind next --json`` after ``workout import``, and the calendar's list entry."""
    done = run_main(home, "workout", "import", str(path), TZ=zone)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    [entry] = json.loads(run_main(home, "workout", "list", "--json", TZ=zone).stdout)
    done = run_main(
        home, "remind", "next", "--from", start.isoformat(), "--count", "10000", "--json", TZ=zone
    )
    assert done.returncode == 0, done.stderr
    result: Counter[Item] = Counter()
    for item in json.loads(done.stdout):
        at = dt.datetime.fromisoformat(item["at"])
        if at >= stop:
            continue
        assert item["calendar"] == item["source"] == entry["id"]
        starts = dt.datetime.fromisoformat(item["starts"]).astimezone(UTC)
        result[
            (at.astimezone(UTC).isoformat(), item["kind"], item["message"], starts.isoformat())
        ] += 1
    return result, entry


def window(data: bytes) -> tuple[dt.datetime, dt.datetime]:
    """From the day before the calendar's first event, for a year."""
    calendar = icalendar.Calendar.from_ical(data)
    days = []
    for event in calendar.walk("VEVENT"):
        try:
            moment = event["DTSTART"].dt
        except (KeyError, ValueError, AttributeError):
            continue
        days.append(moment.date() if isinstance(moment, dt.datetime) else moment)
    first = dt.datetime.combine(min(days) - dt.timedelta(days=1), dt.time(), tzinfo=UTC)
    return first, first + dt.timedelta(days=365)
