"""``crampcoach play``: the player opens, runs the routine, traces every cue, and exits."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.fakes import SHORT_ROUTINE, run_cli


def run_play(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(tmp_path, "play", *args)


def test_play_traces_every_cue_on_time_and_exits(tmp_path: Path) -> None:
    routine = tmp_path / "quick.yaml"
    routine.write_text(SHORT_ROUTINE)
    trace = tmp_path / "trace.jsonl"
    result = run_play(
        tmp_path,
        str(routine),
        "--no-voice",
        "--speed",
        "4",
        "--exit-when-done",
        "--trace",
        str(trace),
    )
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in trace.read_text().splitlines()]
    cues = [r for r in records if "cue" in r and "kind" in r]
    timeline = json.loads(
        subprocess.run(
            [sys.executable, "-m", "crampcoach", "timeline", str(routine), "--json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    assert [c["cue"] for c in cues] == list(range(len(timeline["cues"])))
    assert [c["kind"] for c in cues] == [c["kind"] for c in timeline["cues"]]
    assert [c["t"] for c in cues] == [c["t"] for c in timeline["cues"]]
    for cue in cues:
        assert set(cue) >= {"cue", "kind", "t", "fired"}
        # at 4x speed, session time t is reached after t/4 real seconds
        assert 0 <= cue["fired"] - cue["t"] / 4 < 0.25, cue
    assert not [r for r in records if "narrator" in r], "no voice: no narrator lines"
    [probe] = [r["probe"] for r in records if "probe" in r]
    assert probe["samples"] > 100  # the event loop was watched the whole session
    # the GUI thread never stalled long enough to make a cue late (cues allow 250 ms above)
    assert 0 <= probe["p99_ms"] <= probe["max_ms"] < 250, probe


def test_play_rejects_bad_arguments(tmp_path: Path) -> None:
    result = run_play(tmp_path, "box-breathing", "--speed", "0")
    assert result.returncode == 2
    assert "argument --speed: must be between 0.1 and 100, not 0" in result.stderr
    result = run_play(tmp_path, "no-such-routine")
    assert result.returncode == 1
    assert "no routine with id 'no-such-routine'" in result.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: 1\nid: x\n")
    result = run_play(tmp_path, str(bad))
    assert result.returncode == 1
    assert f"{bad}:1:1: error: routine: missing required key 'title'" in result.stderr
