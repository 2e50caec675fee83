"""Measure issue #15's targets in one run and print each beside its figure, with the date,
the machine and the peers; ``--all`` also runs every other benchmark.

Each figure comes from its own script, as a fresh process (startup, play_start,
idle_tray, library_5000, sound_on_cue); ratios are measured side by side in the same run. The
machine is shared and its speed drifts: the scripts pair or interleave their runs and
report medians with the spread.
Run: .venv/bin/python benchmarks/run.py [--quick] [--all] [--json]
(a few minutes; ``--quick`` about two; ``--all`` adds the 5-minute session and more)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PEERS = {"Safe Eyes": "safeeyes", "Workrave": "workrave"}


def script(name: str, *args: str) -> dict[str, Any] | list[Any]:
    done = subprocess.run(
        [sys.executable, str(HERE / f"{name}.py"), *args, "--json"],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    result: dict[str, Any] | list[Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def machine() -> dict[str, str]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        from PySide6 import __version__ as pyside
    except ImportError:
        pyside = "?"
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "kernel": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "pyside6": pyside,
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def rows(f: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(target, measured, goal, met) for each of issue #15's targets."""
    out: list[tuple[str, str, str, str]] = []
    s = f["startup"]
    if "error" not in s:
        out.append((
            "start-up to the window, vs a bare PySide6 window",
            f"{s['ratio_median']:.2f}x (pairs {s['ratio_min']:.2f}-{s['ratio_max']:.2f}; "
            f"{s['window_median_s']:.3f} s vs {s['bare_median_s']:.3f} s, {s['runs']} pairs)",
            "<= 1.6x",
            yes(s["ratio_median"] <= 1.6),
        ))  # fmt: skip
    p, q, r = f["play"], f["play_silent"], f.get("play_running", {"error": ""})
    if "error" not in p:
        silent = (
            f"; with no sound server {q['first_cue_median_s']:.2f} s" if "error" not in q else ""
        )
        if "error" not in r:
            silent += f"; the sink already running {r['first_cue_median_s']:.2f} s"
        out.append((
            "play to the first cue, warm speech cache",
            f"{p['first_cue_median_s']:.2f} s ({p['first_cue_min_s']:.2f}-"
            f"{p['first_cue_max_s']:.2f}{silent})",
            "< 0.6 s",
            yes(p["first_cue_median_s"] < 0.6),
        ))  # fmt: skip
        out.append((
            "a session's process tree (speech process included)",
            f"RSS {p['tree_rss_mb']} MB, PSS {p['tree_pss_mb']} MB, "
            f"{p['tree_processes']} processes",
            "RSS <= 120 MB",
            yes(p["tree_rss_mb"] <= 120),
        ))  # fmt: skip
    idle = f["idle"]
    if isinstance(idle, list):
        ours, bare = idle[0], idle[1]
        ratio = ours["alone_pss_mb"] / bare["alone_pss_mb"]
        out.append((
            "idle in the tray: PSS vs a bare PySide6 tray icon",
            f"{ratio:.2f}x ({ours['alone_pss_mb']} vs {bare['alone_pss_mb']} MB, each alone; "
            f"side by side {ours['pss_mb'] / bare['pss_mb']:.2f}x, {ours['pss_mb']} vs "
            f"{bare['pss_mb']} MB)",
            "<= 1.15x",
            yes(ratio <= 1.15),
        ))  # fmt: skip
        out.append((
            "idle in the tray: CPU per 10 min, wake-ups per min",
            f"{ours['cpu_s_per_10min']} s, {ours['wakeups_per_min']}",
            "as before: 0.02-0.04 s, 12",
            yes(ours["cpu_s_per_10min"] <= 0.05),
        ))  # fmt: skip
    lib = f["library"]
    if "error" not in lib:
        out.append((
            f"list --json with {lib['routines']:,} routine files",
            f"{lib['list_median_s']:.2f} s (max {lib['list_max_s']:.2f}; first run, "
            f"writing the cache: {lib['list_first_s']:.1f} s)",
            "< 1.5 s",
            yes(lib["list_median_s"] < 1.5),
        ))  # fmt: skip
        out.append((
            f"{lib['routines']:,} routines in the GUI after the window",
            f"{lib['window_to_library_median_s']:.2f} s (first run "
            f"{lib['window_to_library_first_s']:.2f} s)",
            "within 1 s",
            yes(lib["window_to_library_median_s"] <= 1.0),
        ))  # fmt: skip
        out.append((
            "longest event-loop stall, start-up with 5,000 routines",
            f"{lib['stall_median_ms']:.0f} ms (max {lib['stall_max_ms']:.0f})",
            "<= 50 ms",
            yes(lib["stall_median_ms"] <= 50),
        ))  # fmt: skip
    snd = f.get("sound", {"error": "not run"})
    if "error" not in snd:
        cal = snd.get("calibration", {})
        bias = f"; a plain client, placed by its latency: {cal['median_ms']} ms" if cal else ""
        for kind, label in (("line", "narrator lines"), ("chime", "chimes")):
            raw, k = snd.get(kind, {}), snd.get(kind + "_vs_plain_client", {})
            if not k.get("count"):
                continue
            out.append((
                f"sound on the cue: {label} ({snd['routine']}, heard in a recording of the "
                "sound server, minus the cue; the recording chain's bias taken out)",
                f"median {k['median_ms']} ms, max {k['max_ms']} ms, min {k['min_ms']} ms "
                f"({k['count']} sounds, {raw['not_found']} not found; raw median "
                f"{raw['median_ms']} ms{bias})",
                "median within 10 ms, max within 25 ms",
                yes(k["median_abs_ms"] <= 10 and k["max_abs_ms"] <= 25 and not raw["not_found"]),
            ))  # fmt: skip
    return out


def yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--all", action="store_true", help="also every other benchmark")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    quick = args.quick
    figures: dict[str, Any] = {"machine": machine()}
    figures["peers"] = {name: bool(shutil.which(cmd)) for name, cmd in PEERS.items()}
    figures["startup"] = script("startup", "--runs", "5" if quick else "10")
    figures["play"] = script("play_start", "--runs", "3" if quick else "5")
    figures["play_silent"] = script("play_start", "--silent", "--runs", "3" if quick else "5")
    figures["play_running"] = script(
        "play_start", "--running-sink", "--runs", "3" if quick else "5"
    )
    figures["sound"] = script("sound_on_cue", "--routine", "breathing-4-7-8")
    figures["idle"] = script("idle_tray", "--minutes", "1" if quick else "2")
    figures["library"] = script("library_5000", "--runs", "2" if quick else "3")
    if args.all:
        for name, extra in (
            ("session_timing", ["--minutes", "1" if quick else "5"]),
            ("library_load", []),
            ("reminder_planning", []),
            ("figure_geometry", []),
            ("calendar_import", []),
            ("calendar_planning", []),
            ("render", ["--minutes", "5" if quick else "30"]),
        ):
            figures[name] = script(name, *extra)
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    m = figures["machine"]
    print(f"CrampCoach benchmarks, {m['date']}")
    print(
        f"machine: {m['cpu']}, {m['cores']} cores, {m['kernel']}; Python {m['python']}, "
        f"PySide6 {m['pyside6']}; load average {m['load']}"
    )
    peers = ", ".join(
        f"{name} {'installed' if there else 'not installed'}"
        for name, there in figures["peers"].items()
    )
    print(f"peers: {peers}")
    print()
    print("| target (issue #15) | measured | goal | met? |")
    print("|---|---|---|---|")
    for row in rows(figures):
        print("| " + " | ".join(row) + " |")
    if isinstance(figures["idle"], list):
        print()
        print(
            "| idle in the tray | PSS MB alone | RSS MB alone | PSS MB side by side | "
            "CPU s/10 min | wake-ups/min |"
        )
        print("|---|---|---|---|---|---|")
        for r in figures["idle"]:
            print(
                f"| {r['app']} | {r['alone_pss_mb']} | {r['alone_rss_mb']} | {r['pss_mb']} | "
                f"{r['cpu_s_per_10min']} | {r['wakeups_per_min']} |"
            )
    failed = [k for k, v in figures.items() if isinstance(v, dict) and "error" in v]
    for name in failed:
        print(f"{name}: failed: {figures[name]['error']}", file=sys.stderr)
    if args.all:
        for name in figures:
            if name not in (
                "machine",
                "peers",
                "startup",
                "play",
                "play_silent",
                "play_running",
                "idle",
                "sound",
            ):
                print(f"\n{name}: {json.dumps(figures[name])}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
