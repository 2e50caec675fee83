"""``remind next`` for imported calendars, checked against recurring-ical-events itself.

Our own compact calendars (tests/core/calendars/) each hold one of the failures issue 14
found: moved and cancelled occurrences, Google's split series, RDATE (alone, with a rule,
as periods), two RRULEs, Outlook's Windows zone names, floating times with and without
X-WR-TIMEZONE, all-day events and an occurrence turned all-day, DST in the event's zone and
in the user's, a UID-less pair, damaged events, RANGE=THISANDFUTURE, seconds, COUNT, and a
finished calendar. A few of recurring-ical-events' own test calendars (calendars/ric/)
come along. Each is imported and planned under several user zones, one east of UTC where
the weekday changes, with real zoneinfo data.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from crampcoach.core.calendar_import import apply, import_calendar
from crampcoach.core.calendar_store import CalendarStore
from crampcoach.core.schedule import next_firings
from crampcoach.core.schedule_store import Schedule
from tests.core.calendar_oracle import CALENDARS, UTC, ZONES, Item, Tally, actual, expected, window

START = dt.datetime(2027, 1, 1, tzinfo=UTC)
STOP = dt.datetime(2027, 5, 1, tzinfo=UTC)  # US and EU DST start, Auckland's ends
OURS = sorted(CALENDARS.glob("*.ics"))
THEIRS = sorted((CALENDARS / "ric").glob("*.ics"))
DAMAGED = {"damaged.ics": frozenset({"bad-rule", "no-start", "bad-start"})}


def span(path: Path) -> tuple[dt.datetime, dt.datetime]:
    if path.parent == CALENDARS and path.name != "finished.ics":
        return START, STOP
    return window(path.read_bytes())


def check(paths: list[Path], zone: str, home: Path) -> dict[str, Tally]:
    tallies = {}
    for n, path in enumerate(paths):
        start, stop = span(path)
        got, entry = actual(home / str(n), path, zone, start, stop)
        want = expected(
            path.read_bytes(),
            ZoneInfo(zone),
            start,
            stop,
            str(entry["name"]),
            DAMAGED.get(path.name, frozenset()),
        )
        tally = Tally()
        tally.add(want, got)
        tallies[path.name] = tally
        assert (tally.missed, tally.extra) == (0, 0), (path.name, want - got, got - want)
    return tallies


@pytest.mark.parametrize("zone", ZONES)
def test_our_calendars_match_the_library(zone: str, tmp_path: Path) -> None:
    tallies = check(OURS, zone, tmp_path)
    total = sum(t.matched for t in tallies.values())
    print(f"{zone}: {total} reminders matched, 0 missed, 0 extra")
    assert tallies["moved.ics"].matched > 0
    assert tallies["finished.ics"].matched > 0  # planned in its own (past) year


@pytest.mark.parametrize("zone", ["America/New_York", "Pacific/Auckland"])
def test_recurring_ical_events_own_calendars_match(zone: str, tmp_path: Path) -> None:
    tallies = check(THEIRS, zone, tmp_path)
    assert sum(t.matched for t in tallies.values()) > 1000


@pytest.mark.parametrize("path", OURS + THEIRS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_planning_from_the_live_index_matches_after_a_mid_window_import(path: Path) -> None:
    """Imported part way through the test span, so the live index has left out the events
    that are over: what remains plans exactly what the whole calendar would."""
    zone = ZoneInfo("Pacific/Auckland")
    start, stop = span(path)
    now = start + dt.timedelta(days=50, hours=12)
    schedule = Schedule()
    store = CalendarStore()
    report = import_calendar(store, path, schedule, now, zone)
    apply(schedule, report)
    planner = CalendarStore()  # a fresh process: reads the live index from disk
    firings = next_firings([], [], now, zone, 10_000, planner.plans(schedule))
    live = planner.path(report.source.id, "live.ics").read_bytes()
    assert live.count(b"BEGIN:VEVENT") <= path.read_bytes().count(b"BEGIN:VEVENT")
    got: Counter[Item] = Counter(
        (
            f.at.astimezone(UTC).isoformat(),
            f.kind,
            f.message,
            f.starts.astimezone(UTC).isoformat() if f.starts else "",
        )
        for f in firings
        if f.at < stop
    )
    want = expected(
        path.read_bytes(), zone, now, stop, report.source.name, DAMAGED.get(path.name, frozenset())
    )
    assert got == want
    if path.name in {"seconds.ics", "damaged.ics"}:  # all over by then
        assert b"BEGIN:VEVENT" not in live


def test_the_weekday_changes_east_of_utc(tmp_path: Path) -> None:
    """A Tuesday 19:30 training in Berlin is a Wednesday morning in Auckland."""
    got, _ = actual(tmp_path, CALENDARS / "outlook.ics", "Pacific/Auckland", START, STOP)
    starts = {
        dt.datetime.fromisoformat(s).astimezone(ZoneInfo("Pacific/Auckland")) for *_, s in got
    }
    assert {s.strftime("%a") for s in starts if s.month < 3} == {"Wed"}
    assert dt.datetime(2027, 2, 9, 18, 30, tzinfo=UTC) not in starts  # its EXDATE
