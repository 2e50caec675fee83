"""Benchmark: ``crampcoach workout import`` of a 4,778-event Google-like calendar (target < 5 s),
and of 1,000 weekly series that end after a COUNT.

The calendars are synthetic (benchmarks/synthetic_calendar.py): the first the size of the
real Google calendar issue 14 timed at 72-81 s, with what Google writes into every event;
the second like the one it timed at 679 s.
Run: .venv/bin/python benchmarks/calendar_import.py [--events N] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from synthetic_calendar import google_like, weekly_count

from crampcoach.cli.main import main as crampcoach


def measure(data: bytes, events: int, repeat: int = 3) -> dict[str, object]:
    runs, output = [], ""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "google.ics"
        path.write_bytes(data)
        os.environ["TZ"] = "Europe/London"
        for n in range(repeat):  # a fresh user each time: nothing to replace
            os.environ["XDG_CONFIG_HOME"] = f"{tmp}/config{n}"
            os.environ["XDG_DATA_HOME"] = f"{tmp}/data{n}"
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
                started = time.perf_counter()
                code = crampcoach(["workout", "import", str(path)])
                runs.append(time.perf_counter() - started)
            assert code == 0
            output = out.getvalue()
    return {
        "events": events,
        "megabytes": round(len(data) / 1e6, 2),
        "median_s": statistics.median(runs),
        "max_s": max(runs),
        "printed": output.splitlines()[1:],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=4778)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    now = dt.datetime.now(ZoneInfo("Europe/London"))
    google = measure(google_like(args.events, now), args.events)
    weekly = measure(weekly_count(1000, now), 1000)
    if args.json:
        print(json.dumps({"google_like": google, "weekly_count": weekly}))
        return
    for what, figures in (("Google-like", google), ("weekly COUNT", weekly)):
        print(
            f"import of a {figures['events']}-event {what} calendar ({figures['megabytes']} MB): "
            f"median {figures['median_s']:.2f} s, max {figures['max_s']:.2f} s (target < 5 s)"
        )
        for line in figures["printed"]:  # type: ignore[attr-defined]
            print(f"  {line}")


if __name__ == "__main__":
    main()
