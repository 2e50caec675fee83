"""Benchmark: start-up to the window, beside a bare PySide6 window (issue #15: at most 1.6x).

Each run is a fresh process with its own user folders (welcome already seen), started as
a person starts it: the ``crampcoach`` command with ``--trace FILE``, whose
``window-shown`` line is the first paint of the main window, in seconds from the process's
start (interpreter included). The bare window is a QMainWindow of the same size, timed the
same way in its own process. Runs are paired and alternate which goes first, so the ratio
of each pair sees the same machine. Also: when the library was ready, and the longest
event-loop stall until then, from the loop's first turn (building the app behind the
window included; the first window, built before the loop runs, is the start-up figure).

Runs on a private Xvfb with a D-Bus session bus, as a desktop has (desktop_session.py).
Run: .venv/bin/python benchmarks/startup.py [--runs 10] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from desktop_session import desktop

TARGET_RATIO = 1.6

BARE = """
import os, sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow

def process_seconds():  # as crampcoach --trace counts
    fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
    started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
    return float(Path("/proc/uptime").read_text().split()[0]) - started

class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            print(f"shown {process_seconds():.4f}", flush=True)
            os._exit(0)
        return False

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(980, 700)
painted = Painted()
window.installEventFilter(painted)
window.show()
app.exec()
"""


def crampcoach_command() -> list[str]:
    """The installed ``crampcoach`` script beside this Python (what a person runs)."""
    script = Path(sys.executable).with_name("crampcoach")
    return [str(script)] if script.exists() else [sys.executable, "-m", "crampcoach"]


def user_env(home: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a user's machine caches bytecode
    (home / "config" / "crampcoach").mkdir(parents=True)
    (home / "config" / "crampcoach" / "settings.json").write_text(
        '{"version": 1, "welcomed": true}'
    )
    return env


def read_trace(path: Path) -> dict[str, dict[str, float]]:
    events: dict[str, dict[str, float]] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            try:
                record = json.loads(line)
            except ValueError:  # a line being written
                continue
            events[str(record.get("event"))] = record
    return events


def app_once(env: dict[str, str], trace: Path) -> dict[str, float]:
    """One start: window shown and library ready (s from process start), longest stall."""
    proc = subprocess.Popen(
        [*crampcoach_command(), "--trace", str(trace)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "library-ready" not in read_trace(trace):
            time.sleep(0.05)
        time.sleep(0.3)  # the stall probe sees the loop settle
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
    events = read_trace(trace)
    return {
        "window_s": events["window-shown"]["t"],
        "library_s": events["library-ready"]["t"],
        "stall_ms": events.get("longest-stall", {}).get("ms", float("nan")),
    }


def bare_once(env: dict[str, str]) -> float:
    out = subprocess.run(
        [sys.executable, "-c", BARE], env=env, capture_output=True, text=True, timeout=60
    ).stdout
    return float(next(line for line in out.splitlines() if line.startswith("shown")).split()[1])


def measure(runs: int) -> dict[str, float | str]:
    apps: list[dict[str, float]] = []
    bares: list[float] = []
    with desktop() as base, tempfile.TemporaryDirectory(prefix="crampcoach-start-") as tmp:
        for i in range(runs + 1):  # the first pair warms the disk cache: not counted
            home = Path(tmp) / f"run{i}"
            env = {**base, **user_env(home)}
            if i % 2:
                bare = bare_once(env)
                app = app_once(env, home / "trace.jsonl")
            else:
                app = app_once(env, home / "trace.jsonl")
                bare = bare_once(env)
            if i:
                apps.append(app)
                bares.append(bare)
    ratios = [a["window_s"] / b for a, b in zip(apps, bares, strict=True)]
    window = [a["window_s"] for a in apps]
    return {
        "runs": runs,
        "display": "xcb" if base.get("DISPLAY") else "offscreen",
        "window_median_s": statistics.median(window),
        "window_min_s": min(window),
        "window_max_s": max(window),
        "bare_median_s": statistics.median(bares),
        "bare_min_s": min(bares),
        "bare_max_s": max(bares),
        "ratio_median": statistics.median(ratios),
        "ratio_min": min(ratios),
        "ratio_max": max(ratios),
        "library_ready_median_s": statistics.median(a["library_s"] for a in apps),
        "stall_median_ms": statistics.median(a["stall_ms"] for a in apps),
        "stall_max_ms": max(a["stall_ms"] for a in apps),
        "target_ratio": TARGET_RATIO,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    f = measure(args.runs)
    if args.json:
        print(json.dumps(f))
        return
    print(
        f"start-up to the window ({f['runs']} paired runs, {f['display']}): CrampCoach median "
        f"{f['window_median_s']:.3f} s ({f['window_min_s']:.3f}-{f['window_max_s']:.3f}); "
        f"a bare PySide6 window {f['bare_median_s']:.3f} s "
        f"({f['bare_min_s']:.3f}-{f['bare_max_s']:.3f})"
    )
    print(
        f"ratio: median {f['ratio_median']:.2f}x (pairs {f['ratio_min']:.2f}-"
        f"{f['ratio_max']:.2f}; target <= {TARGET_RATIO}x); library ready at "
        f"{f['library_ready_median_s']:.3f} s; longest stall median "
        f"{f['stall_median_ms']:.0f} ms (max {f['stall_max_ms']:.0f})"
    )


if __name__ == "__main__":
    main()
