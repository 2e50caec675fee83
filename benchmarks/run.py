"""Run every benchmark and print all figures (or one JSON object with ``--json``).

Each figure comes from its own script, run as a fresh process:
session_timing (cue timing, speech latency, responsiveness), startup, idle_tray (beside
Safe Eyes and Workrave), library_load, reminder_planning, figure_geometry, calendar_import,
calendar_planning and render (a routine to an audio file).
Run: .venv/bin/python benchmarks/run.py [--quick] [--json]
``--quick`` shortens the long ones (a 1-minute session, 1 minute idle, 5 start-ups).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def plan(quick: bool) -> list[tuple[str, list[str]]]:
    return [
        ("session_timing", ["--minutes", "1" if quick else "5"]),
        ("startup", ["--runs", "5" if quick else "10"]),
        ("idle_tray", ["--minutes", "1" if quick else "10"]),
        ("library_load", []),
        ("reminder_planning", []),
        ("figure_geometry", []),
        ("calendar_import", []),
        ("calendar_planning", []),
        ("render", ["--minutes", "5" if quick else "30"]),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results: dict[str, object] = {}
    failed = 0
    for name, extra in plan(args.quick):
        command = [sys.executable, str(HERE / f"{name}.py"), *extra]
        if args.json:
            done = subprocess.run([*command, "--json"], capture_output=True, text=True)
            if done.returncode == 0:
                results[name] = json.loads(done.stdout.strip().splitlines()[-1])
            else:
                results[name] = {"error": done.stderr.strip().splitlines()[-1:]}
                failed += 1
        else:
            print(f"== {name}", flush=True)
            failed += subprocess.run(command).returncode != 0
    if args.json:
        print(json.dumps(results, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
