"""Real sound: a routine narrated through pyttsx3 + espeak-ng and played into a PulseAudio
null sink, recorded from its monitor and checked for timing: each line and chime must be
heard at its cue (the trace's ``due``, on the monotonic clock this recording is stamped on).

Needs a running PulseAudio server with a sink named "null" (scripts/test.sh starts one).
Elsewhere the test is skipped, unless CRAMPCOACH_REQUIRE_AUDIO=1 makes that a failure.
"""

from __future__ import annotations

import array
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

RATE = 16000
FRAME = 80  # 5 ms
PIECE = 80  # the recorder reads 5 ms at a time
# Heard within this of its cue (s). The monitor hands samples over as the sink renders them,
# a few ms before the sink's clock plays them (early), and the level crosses the threshold a
# frame or two into a sound (late); benchmarks/sound_on_cue.py measures it finely.
EARLY, LATE = 0.03, 0.04


def _pulse_ready() -> bool:
    if not (shutil.which("pactl") and shutil.which("parec") and shutil.which("pacat")):
        return False
    info = subprocess.run(
        ["pactl", "list", "short", "sinks"], capture_output=True, text=True, check=False
    )
    return info.returncode == 0 and "null" in info.stdout


pytestmark = pytest.mark.skipif(
    not _pulse_ready() and not os.environ.get("CRAMPCOACH_REQUIRE_AUDIO"),
    reason="no PulseAudio server with a null sink (scripts/test.sh starts one)",
)

ROUTINE = """\
format: 1
id: audio-check
title: Audio check
summary: Three short lines three seconds apart.
steps:
  - type: say
    say: Breathe in
    duration: 3
  - type: say
    say: Breathe out
    duration: 3
  - type: say
    say: Relax your calves
    duration: 3
"""


def onsets(samples: array.array[int], threshold: float = 0.02, gap: float = 0.4) -> list[int]:
    """Sample indexes where sound starts after at least ``gap`` seconds of quiet."""
    found: list[int] = []
    quiet_frames = gap * RATE / FRAME
    quiet = quiet_frames
    for start in range(0, len(samples) - FRAME, FRAME):
        chunk = samples[start : start + FRAME]
        level = (sum(s * s for s in chunk) / FRAME) ** 0.5 / 32768
        if level > threshold:
            if quiet >= quiet_frames:
                found.append(start)
            quiet = 0
        else:
            quiet += 1
    return found


class Recorder:
    """The null sink's monitor, read in 5 ms pieces, each stamped on the monotonic clock as
    it arrives; a sample's time is the earliest arrival (a piece never comes early) minus
    its place in the stream."""

    def __init__(self) -> None:
        from crampcoach.desktop.session.pulse import PulseStream

        self.stream = PulseStream(RATE, 5, record_from="null.monitor", name="test recorder")
        self.pieces: list[tuple[float, bytes]] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while not self.stop.is_set():
            data = self.stream.read(PIECE * 2)
            self.pieces.append((time.monotonic(), data))

    def finish(self) -> tuple[array.array[int], list[float]]:
        self.stop.set()
        self.thread.join(5)
        self.stream.close()
        estimates = [t - (k + 1) * PIECE / RATE for k, (t, _) in enumerate(self.pieces)]
        offsets, start = [0.0] * len(estimates), 0
        for k in range(1, len(estimates) + 1):  # the sink idle: a gap, a new stretch
            if k == len(estimates) or estimates[k] > estimates[k - 1] + 0.02:
                offsets[start:k] = [min(estimates[start:k])] * (k - start)
                start = k
        samples = array.array("h", b"".join(d for _, d in self.pieces))
        times = [offsets[i // PIECE] + i / RATE for i in range(len(samples))]
        return samples, times


def record_session(
    tmp_path: Path, settings: dict[str, object], *play_args: str
) -> tuple[list[dict[str, object]], list[float]]:
    """Play ROUTINE with ``settings`` while recording the null sink: the trace records and
    the onsets heard (monotonic seconds) after the app was launched."""
    routine = tmp_path / "audio-check.yaml"
    routine.write_text(ROUTINE)
    config = tmp_path / "config" / "crampcoach"
    config.mkdir(parents=True)
    (config / "settings.json").write_text(json.dumps({"version": 1, **settings}))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    trace = tmp_path / "trace.jsonl"
    # A stream of silence keeps the sink running, as a desktop's does.
    zeros = open("/dev/zero", "rb")  # noqa: SIM115 - closed below
    pulse_args = ["--format=s16le", f"--rate={RATE}", "--channels=1", "--latency-msec=20"]
    keep_alive = subprocess.Popen(
        ["pacat", "--playback", "--raw", "-d", "null", *pulse_args], stdin=zeros
    )
    try:
        time.sleep(2.5)  # a null sink woken from idle takes a while to run evenly
        recorder = Recorder()
        app_started = time.monotonic()
        app = subprocess.run(
            [sys.executable, "-m", "crampcoach", "play", str(routine), *play_args,
             "--exit-when-done", "--trace", str(trace)],
            env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        time.sleep(1.0)
        samples, times = recorder.finish()
    finally:
        keep_alive.terminate()
        keep_alive.wait(5)
        zeros.close()
    assert app.returncode == 0, app.stderr
    records = [json.loads(line) for line in trace.read_text().splitlines()]
    # what the monitor still held from earlier sounds, before the app started, is not counted
    return records, [times[i] for i in onsets(samples) if times[i] > app_started]


def check_on_cue(heard: list[float], due: list[float]) -> None:
    errors = [round((h - d) * 1000, 1) for h, d in zip(heard, due, strict=True)]
    print("onset - cue (ms):", errors)
    assert all(-EARLY * 1000 <= e <= LATE * 1000 for e in errors), errors


def test_speech_is_heard_on_its_cues(tmp_path: Path) -> None:
    records, heard = record_session(tmp_path, {"sounds_enabled": False})
    cues = {r["cue"]: r for r in records if "kind" in r}
    starts = {r["cue"]: r["at"] for r in records if r.get("narrator") == "start"}
    spoken = sorted(starts)
    assert [cues[i]["kind"] for i in spoken] == ["step", "step", "step", "end"]
    for i in spoken:  # the narrator's bookkeeping follows the cue at once
        assert starts[i] - cues[i]["fired"] < 0.1, (i, starts[i], cues[i])
        assert cues[i]["fired"] - cues[i]["t"] < 0.05, cues[i]
    assert len(heard) == len(spoken), f"expected {len(spoken)} spoken lines, heard {heard}"
    check_on_cue(heard, [float(cues[i]["due"]) for i in spoken])


def test_chimes_alone_are_heard_on_their_cues(tmp_path: Path) -> None:
    """Voice off, chimes on: the chimes carry the session through the same stream."""
    records, heard = record_session(tmp_path, {"sounds_enabled": True}, "--no-voice")
    chimed = [r for r in records if r.get("kind") in {"step", "end"}]
    assert not [r for r in records if "narrator" in r]
    assert len(heard) == len(chimed), f"expected {len(chimed)} chimes, heard {heard}"
    check_on_cue(heard, [float(c["due"]) for c in chimed])
