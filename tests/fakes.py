"""Shared test helpers that need no Qt: the repository's paths, a wall clock to set by hand,
and running the ``crampcoach`` command (in-process, or as a real process)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import signal
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

REPO = Path(__file__).resolve().parents[1]
BUILTIN_ROUTINES = REPO / "assets" / "routines"
UTC = ZoneInfo("UTC")
# A routine of a few seconds with speech and chimes, for real-process sessions.
SHORT_ROUTINE = """\
format: 1
id: quick
title: Quick
summary: A quick routine for the play contract.
defaults: {prepare: 2, switch: 1, countdown: 2}
steps:
  - type: stretch
    name: Calf
    duration: 4
    sides: both
  - type: breathe
    name: Breath
    inhale: 1
    exhale: 1
    cycles: 2
    prepare: 0
"""


class Wall:
    """A wall clock the test sets: ``wall.now = ...``."""

    def __init__(self, now: dt.datetime | None = None) -> None:
        self.now = now or dt.datetime(2027, 6, 1, 6, 0, tzinfo=UTC)

    def __call__(self) -> dt.datetime:
        return self.now


def user_env(home: Path) -> dict[str, str]:
    return {
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
    }


def run_main(home: Path, *args: str, **extra_env: str) -> subprocess.CompletedProcess[str]:
    """``crampcoach ARGS`` in this process (``main(argv)``), its user folders under ``home``.

    For the command-line contract, where the process boundary does not matter: the same
    exit code, stdout and stderr as a real run, in milliseconds.
    """
    from crampcoach.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    with (
        pytest.MonkeyPatch.context() as patch,
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        for key, value in {**user_env(home), **extra_env}.items():
            patch.setenv(key, value)
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse: --help, --version, bad arguments
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
            if isinstance(exc.code, str):
                err.write(exc.code)
    return subprocess.CompletedProcess(["crampcoach", *args], code, out.getvalue(), err.getvalue())


def run_cli(
    home: Path, *args: str, timeout: float = 60, **extra_env: str
) -> subprocess.CompletedProcess[str]:
    """Run ``crampcoach ARGS`` in a fresh process whose user folders live under ``home``.

    A process that outlives ``timeout`` is sent SIGABRT first, so faulthandler prints every
    thread's stack into the failure message: a hang then says where it hung.
    """
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        **user_env(home),
        "PYTHONFAULTHANDLER": "1",
        **extra_env,
    }
    with subprocess.Popen(
        [sys.executable, "-m", "crampcoach", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)
            try:
                out, err = process.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                out, err = process.communicate()
            pytest.fail(f"crampcoach {' '.join(args)} hung for {timeout} s; stderr:\n{err}")
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)
