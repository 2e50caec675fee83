"""Benchmark: the next 1,000 firings with a 5,000-event calendar source (target < 0.5 s).

Planning as the app does it, with the calendar's live index loaded ("warm"), and as a
fresh ``crampcoach remind next`` does it, reading the live index from disk first ("cold").
``--check`` also compares the firings with recurring-ical-events' own expansion of the
whole calendar (the oracle of tests/core/test_calendar_oracle.py).
Run: .venv/bin/python benchmarks/calendar_planning.py [--check] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
from synthetic_calendar import google_like

from crampcoach.core.calendar_import import apply, import_calendar
from crampcoach.core.calendar_store import CalendarStore
from crampcoach.core.schedule import Firing, next_firings
from crampcoach.core.schedule_store import Schedule

ZONE = ZoneInfo("Europe/London")


def _oracle(data: bytes, now: dt.datetime, last: dt.datetime) -> Counter[tuple[str, str]]:
    calendar = icalendar.Calendar.from_ical(data)
    found: Counter[tuple[str, str]] = Counter()
    for event in recurring_ical_events.of(calendar).between(now - dt.timedelta(days=2), last):
        begins, ends = event["DTSTART"].dt, event["DTEND"].dt
        if not isinstance(begins, dt.datetime) or event.get("STATUS") == "CANCELLED":
            continue
        for at, kind in (
            (begins - dt.timedelta(minutes=10), "pre-workout"),
            (ends, "post-workout"),
        ):
            if now <= at <= last:
                found[(at.astimezone(dt.UTC).isoformat(), kind)] += 1
    return found


def measure(
    events: int = 5000, count: int = 1000, repeat: int = 7, check: bool = False
) -> dict[str, object]:
    now = dt.datetime.now(ZONE).replace(microsecond=0)
    data = google_like(events, now)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "google.ics"
        path.write_bytes(data)
        folder = Path(tmp) / "calendars"
        schedule = Schedule()
        apply(schedule, import_calendar(CalendarStore(folder), path, schedule, now, ZONE))

        def plan(store: CalendarStore, start: dt.datetime = now) -> list[Firing]:
            return next_firings([], [], start, ZONE, count, store.plans(schedule))

        cold, warm, again = [], [], []
        for _ in range(repeat):
            store = CalendarStore(folder)
            started = time.perf_counter()
            firings = plan(store)
            cold.append(time.perf_counter() - started)
        for n in range(repeat):  # from a new moment each time: nothing planned before
            started = time.perf_counter()
            plan(store, now + dt.timedelta(seconds=n + 1))
            warm.append(time.perf_counter() - started)
        for _ in range(repeat):  # the same moment again (the app plans it several times)
            started = time.perf_counter()
            plan(store)
            again.append(time.perf_counter() - started)
        live = (folder / "c1.live.ics").read_bytes().count(b"BEGIN:VEVENT")
    assert len(firings) == count
    figures: dict[str, object] = {
        "events": events,
        "live_index_events": live,
        "firings": count,
        "days_ahead": round((firings[-1].at - now).total_seconds() / 86400, 1),
        "warm_median_s": statistics.median(warm),
        "warm_max_s": max(warm),
        "again_median_s": statistics.median(again),
        "cold_median_s": statistics.median(cold),
    }
    if check:
        got = Counter((f.at.astimezone(dt.UTC).isoformat(), f.kind) for f in firings)
        want = _oracle(data, now, firings[-1].at)
        figures["oracle"] = {
            "matched": sum((got & want).values()),
            "missed": sum((want - got).values()),
            "extra": sum((got - want).values()),
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = measure(check=args.check)
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"next {figures['firings']} firings ({figures['days_ahead']} days) of a "
        f"{figures['events']}-event calendar ({figures['live_index_events']} events in its "
        f"live index): warm median {figures['warm_median_s']:.3f} s, max "
        f"{figures['warm_max_s']:.3f} s (target < 0.5 s); the same moment again "
        f"{figures['again_median_s']:.3f} s; cold (a fresh process: reading the live index "
        f"first) median {figures['cold_median_s']:.2f} s"
    )
    if "oracle" in figures:
        print(f"  against recurring-ical-events: {figures['oracle']}")


if __name__ == "__main__":
    main()
