"""``crampcoach render`` with the real speech engine: every line and chime is heard at its
cue in the file (onsets detected in the audio), and the steps' CUE sheet comes along."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import soundfile

from crampcoach.cli.main import main
from crampcoach.core.loader import load_routine_file
from crampcoach.core.soundtrack import sounds
from tests.onsets import check, onsets

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None and not os.environ.get("CI"),
    reason="espeak-ng is not installed (CI installs it)",
)

ROUTINE = """
format: 1
id: heard
title: Heard on time
summary: Lines and chimes well apart.
source: Made for the tests.
defaults: {prepare: 4, switch: 4, countdown: 0}
steps:
  - {type: say, say: Welcome., duration: 3}
  - {type: stretch, name: Calf, duration: 5, sides: both}
  - {type: rest, duration: 4}
"""


@needs_espeak
def test_a_rendered_session_is_heard_exactly_on_its_cues(tmp_path: Path, write_routine) -> None:  # type: ignore[no-untyped-def]
    path = write_routine(ROUTINE)
    out = tmp_path / "heard.wav"
    assert main(["render", str(path), str(out), "--steps"]) == 0
    samples, rate = soundfile.read(out, dtype="int16")
    timeline = load_routine_file(path).timeline
    assert timeline is not None
    plan = sounds(timeline)
    # a line sounds at most 3 s here (it is cut by the next one 3-4 s later)
    spans = [(s.t, s.t + 3.0) for s in plan if s.kind == "line"]
    errors = check(onsets(samples), sorted({s.t for s in plan}), spans)
    print("onset errors (ms):", [round(e * 1000, 1) for e in errors])
    assert timeline.duration < len(samples) / rate < timeline.duration + 3
    sheet = out.with_suffix(".cue").read_text()
    assert sheet.count("TRACK") == 3
    assert '"2. Calf"' in sheet
