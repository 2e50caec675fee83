"""Benchmark: the next 1,000 firings of 100 reminder rules (target <= 50 ms).

Run: .venv/bin/python benchmarks/reminder_planning.py [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from zoneinfo import ZoneInfo

from crampcoach.core.schedule import WEEKDAYS, Reminder, Workout, next_firings


def rules() -> tuple[list[Workout], list[Reminder]]:
    workouts = [
        Workout(
            id=f"w{i}",
            days=[WEEKDAYS[i % 7], WEEKDAYS[(i + 3) % 7]],
            at=f"{6 + i % 14:02d}:{(i * 7) % 60:02d}",
            duration=30 + i % 60,
        )
        for i in range(40)
    ]
    reminders = [
        Reminder(
            id=f"r{i}",
            at=f"{i % 24:02d}:{(i * 11) % 60:02d}",
            days=[WEEKDAYS[i % 7]] if i % 2 else [],
            message="Stretch",
        )
        for i in range(40)
    ]
    reminders += [
        Reminder(id=f"i{i}", every=60 + 15 * i, between=("08:00", "20:00"), message="Water")
        for i in range(20)
    ]
    return workouts, reminders


def measure(repeat: int = 7) -> dict[str, float]:
    zone = ZoneInfo("Europe/Berlin")
    workouts, reminders = rules()
    start = dt.datetime(2027, 3, 20, 12, 0, tzinfo=zone)  # spans a DST change
    next_firings(workouts, reminders, start, zone, 1000)  # warm up
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        firings = next_firings(workouts, reminders, start, zone, 1000)
        runs.append(time.perf_counter() - began)
    assert len(firings) == 1000
    return {
        "rules": len(workouts) + len(reminders),
        "firings": 1000,
        "median_ms": statistics.median(runs) * 1000,
        "max_ms": max(runs) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    figures = measure()
    if parser.parse_args().json:
        print(json.dumps(figures))
    else:
        print(
            f"next 1000 firings of {figures['rules']} rules: median "
            f"{figures['median_ms']:.1f} ms, max {figures['max_ms']:.1f} ms (target <= 50 ms)"
        )


if __name__ == "__main__":
    main()
