"""`crampcoach --trace FILE`: the app's own timeline (a contract benchmarks read), and a
clean quit on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.fakes import user_env


def test_the_app_traces_window_library_and_longest_stall(tmp_path: Path) -> None:
    trace = tmp_path / "app.jsonl"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **user_env(tmp_path)}
    config = tmp_path / "config" / "crampcoach"
    config.mkdir(parents=True)
    (config / "settings.json").write_text('{"version": 1, "welcomed": true}')
    with subprocess.Popen(
        [sys.executable, "-m", "crampcoach", "--trace", str(trace)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    ) as app:
        deadline = time.monotonic() + 60
        events: list[dict[str, object]] = []
        while time.monotonic() < deadline:
            if trace.exists():
                events = [json.loads(line) for line in trace.read_text().splitlines()]
            if {"window-shown", "library-ready"} <= {str(e["event"]) for e in events}:
                break
            time.sleep(0.1)
        app.send_signal(signal.SIGTERM)  # quits cleanly, as the Quit menu does
        assert app.wait(timeout=30) == 0, app.stderr.read() if app.stderr else ""
    events = [json.loads(line) for line in trace.read_text().splitlines()]
    by_name = {str(e["event"]): e for e in events}
    assert set(by_name) == {"window-shown", "library-ready", "longest-stall"}
    shown = by_name["window-shown"]["t"]
    assert isinstance(shown, float)
    assert 0 < shown < 60  # seconds from the process's start, interpreter included
    assert by_name["library-ready"]["entries"] == 13
    assert events[-1]["event"] == "longest-stall"
    assert isinstance(events[-1]["ms"], float)
