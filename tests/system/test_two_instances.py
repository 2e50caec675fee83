"""Two CrampCoach launches at the same moment: exactly one survives and owns the reminders;
the other hands over and exits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROUNDS = int(os.environ.get("CRAMPCOACH_INSTANCE_ROUNDS", "3"))


def test_two_launches_at_once_leave_exactly_one(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    subprocess.run(
        [sys.executable, "-m", "crampcoach", "remind", "add", "--at", "22:30", "--routine",
         "bedtime-calf-hamstring"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    for _ in range(ROUNDS):
        launches = [
            subprocess.Popen(
                [sys.executable, "-m", "crampcoach", "--hidden"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(2)
        ]
        try:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and all(p.poll() is None for p in launches):
                time.sleep(0.1)
            alive = [p for p in launches if p.poll() is None]
            exited = [p for p in launches if p.poll() is not None]
            assert len(alive) == 1, [p.returncode for p in launches]
            assert exited[0].returncode == 0  # it handed over, it did not crash
            # a third launch finds the survivor and hands over to it (were there no running
            # instance, it would start one and not exit)
            third = subprocess.run(
                [sys.executable, "-m", "crampcoach"], env=env, timeout=30, capture_output=True
            )
            assert third.returncode == 0
            assert alive[0].poll() is None
        finally:
            for p in launches:
                p.kill()
                p.wait()
