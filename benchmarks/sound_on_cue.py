"""Benchmark: is each narrator line and chime *heard* on its cue? (issue #15: lateness median
<= 10 ms, max <= 25 ms, from a recording of the sound server).

``crampcoach play ROUTINE --trace FILE --exit-when-done`` plays into the rig's PulseAudio
null sink (desktop_session.py) while this script records the sink's monitor through
libpulse-simple in 5 ms pieces (a process of its own), stamping each piece on the monotonic
clock as it arrives.
The trace's cue records carry ``due``: the monotonic time each cue was due (the app's clock
is time.monotonic), so recording and cues share one clock. Where each sound begins in the
recording is found by cross-correlating it with its own samples (the cached line, the chime
file; core/soundtrack.py says which sound belongs to which cue), so a chime and a line that
start together are told apart. Lateness = onset - due.

What it can resolve: a recorded sample's time is the earliest arrival of its piece minus
its place in the stream (a piece never arrives before it was rendered), so the recorder adds
no delay of its own beyond the server's hand-over; the spread of the arrivals is printed.
The null sink renders (and the monitor sees) samples slightly *before* the sink's own clock
plays them: a plain client that writes each click to be heard at T by
``pa_simple_get_latency`` is measured first, and its lateness (the "calibration") is the
bias of this measuring chain; ``*_vs_plain_client`` is the lateness with it taken out (the
best estimate of what a listener would hear; the raw figure is its lower bound). A
keep-alive stream keeps the sink running, as a desktop's sink is, with a 10 ms block: a
null sink woken from idle plays its monitor 0.5 s behind what the server reports (measured;
``--idle-sink`` shows it).
Run: .venv/bin/python benchmarks/sound_on_cue.py [--routine box-breathing] [--src PATH] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from desktop_session import desktop
from startup import crampcoach_command, user_env

RATE = 22050
PIECE = 110  # samples: 5 ms
TEMPLATE_S = 0.08  # the first 80 ms of a sound identify it
SEARCH = tuple(
    float(x) for x in os.environ.get("CUE_SEARCH", "-0.1,0.5").split(",")
)  # seconds around its cue where a sound is looked for
TARGET_MEDIAN_MS, TARGET_MAX_MS = 10, 25


def record(path: str) -> None:
    """``--record FILE``: write the monitor's 5 ms pieces to FILE, each after the monotonic
    time it arrived (8 bytes), until SIGTERM. A process of its own, so nothing else in it
    competes with the reading for Python's lock."""
    from crampcoach.desktop.session.pulse import PulseError, PulseStream

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    stream = PulseStream(RATE, 5, record_from="null.monitor", name="bench recorder")
    with open(path, "wb", buffering=0) as out:
        while True:
            try:
                data = stream.read(PIECE * 2)
            except PulseError:
                return
            out.write(struct.pack("d", time.monotonic()) + data)


class Recorder:
    """The recording process, and what it wrote, as samples with their times."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.path = folder / "monitor.rec"
        self._proc = subprocess.Popen(
            [sys.executable, __file__, "--record", str(self.path)],
            env={k: v for k, v in env.items() if k != "PYTHONPATH"},  # this checkout's pulse.py
        )
        time.sleep(1.0)

    def finish(self) -> tuple[np.ndarray, np.ndarray, dict[str, float]]:
        """The samples, each one's time, and how far arrivals strayed from that (ms)."""
        self._proc.terminate()
        self._proc.wait(5)
        raw = self.path.read_bytes()
        size = 8 + PIECE * 2
        pieces = [raw[i : i + size] for i in range(0, len(raw) - size + 1, size)]
        samples = np.frombuffer(b"".join(p[8:] for p in pieces), dtype=np.int16)
        arrivals = np.array([struct.unpack("d", p[:8])[0] for p in pieces])
        ends = (np.arange(len(pieces)) + 1) * PIECE / RATE
        estimates = arrivals - ends  # when sample 0 would have come, by each piece
        # a gap (the sink idle: the monitor sends nothing) starts a new stretch of time
        offsets = np.empty_like(estimates)
        start = 0
        for k in range(1, len(estimates) + 1):
            if k == len(estimates) or estimates[k] > estimates[k - 1] + 0.02:
                offsets[start:k] = estimates[start:k].min()
                start = k
        times = np.repeat(offsets, PIECE) + np.arange(len(samples)) / RATE
        excess = (estimates - offsets) * 1000
        spread = {
            "arrival_median_ms": round(float(np.median(excess)), 2),
            "arrival_p90_ms": round(float(np.percentile(excess, 90)), 2),
        }
        return samples, times, spread


def onset(samples: np.ndarray, times: np.ndarray, pcm: bytes, due: float) -> float | None:
    """When ``pcm`` begins in the recording near ``due`` (seconds, monotonic), or None."""
    template = np.frombuffer(pcm, dtype=np.int16)[: int(TEMPLATE_S * RATE)].astype(float)
    lo = int(np.searchsorted(times, due + SEARCH[0]))
    hi = int(np.searchsorted(times, due + SEARCH[1])) + len(template)
    window = samples[lo:hi].astype(float)
    if len(window) < len(template) * 2 or not template.any():
        return None
    corr = np.correlate(window, template, mode="valid")
    energy = np.convolve(window**2, np.ones(len(template)), mode="valid")
    score = corr / (np.sqrt(energy * (template**2).sum()) + 1e-9)
    best = int(np.argmax(score))
    if score[best] < 0.5:
        return None
    return float(times[lo + best])


# a burst of noise: unlike a tone, it matches itself at one lag only
CLICK = (np.random.default_rng(15).uniform(-1, 1, 1764) * 12000).astype(np.int16).tobytes()


def calibrate(clicks: int = 8) -> list[float]:
    """A plain client places a click at known times by pa_simple_get_latency; returns the
    click times, to be found in the same recording (the measuring chain's bias)."""
    from crampcoach.desktop.session.pulse import PulseStream

    click = CLICK
    out = PulseStream(RATE, 30, name="bench calibration")
    written, due, placed = 0, time.monotonic() + 0.5, []
    while len(placed) < clicks:
        before = time.monotonic()
        latency = out.latency()
        now = time.monotonic()
        if now - before > 0.001:  # descheduled: the reading is stale
            latency = None
        if latency is not None:
            at = written + round((due - now - latency) * RATE)
            if at <= written + PIECE:
                if at > written:
                    out.write(bytes(2 * (at - written)))
                    written = at
                out.write(click)
                written += len(click) // 2
                placed.append(due)
                due += 0.5
                continue
        out.write(bytes(PIECE * 2))
        written += PIECE
    out.close()
    return placed


def expected_sounds(
    routine: str, cache: Path, cues: list[dict[str, object]]
) -> list[tuple[str, float, bytes]]:
    """(kind, due, samples) for every line and chime of the routine, as played: laid out by
    core/soundtrack.py on the routine's timeline, each at its cue's ``due`` from the trace."""
    from crampcoach.core.loader import load_routine_file
    from crampcoach.core.resources import builtin_routines_dir
    from crampcoach.core.settings import Settings
    from crampcoach.core.soundtrack import sounds
    from crampcoach.desktop.session.sounds import chime_pcm
    from crampcoach.desktop.session.speech import SpeechSynth, read_pcm

    settings = Settings()
    path = (
        Path(routine) if routine.endswith(".yaml") else builtin_routines_dir() / f"{routine}.yaml"
    )
    timeline = load_routine_file(path, timing=settings.timing).timeline
    assert timeline is not None
    due = {int(str(c["cue"])): float(str(c["due"])) for c in cues}
    times = [round(float(str(c["t"])), 3) for c in cues]
    assert times == [round(c.t, 3) for c in timeline.cues], "the trace is of another timeline"
    out = []
    for sound in sounds(timeline, chimes=True, countdown=settings.countdown_enabled):
        if sound.kind == "line":
            key = SpeechSynth.key_for(sound.name, settings.voice, settings.rate)
            pcm = read_pcm(cache / "crampcoach" / "speech" / f"{key}.wav")
        else:
            pcm = chime_pcm(sound.name)
        out.append((sound.kind, due[sound.cue] + (sound.t - timeline.cues[sound.cue].t), pcm))
    return out


def run(routine: str, src: str | None, idle_sink: bool) -> dict[str, object]:
    with desktop(sound=True) as base, tempfile.TemporaryDirectory(prefix="crampcoach-cue-") as tmp:
        env = {**base, **user_env(Path(tmp))}
        if src:
            env["PYTHONPATH"] = src
        os.environ["XDG_RUNTIME_DIR"] = env["XDG_RUNTIME_DIR"]  # this script's own streams
        command = [*crampcoach_command(), "play", routine, "--exit-when-done"]
        # fill the speech cache first (not measured): lines come from it, as in play_start.py
        subprocess.run([*command, "--speed", "4"], env=env, capture_output=True, timeout=300)
        keep_alive = None
        # a 10 ms stream of silence: the sink runs (as a desktop's does), with a small block,
        # so the monitor sees samples at most about 10 ms before the sink plays them
        if not idle_sink:
            with open("/dev/zero", "rb") as zeros:
                keep_alive = subprocess.Popen(
                    ["pacat", "--playback", "--raw", "-d", "null", "--format=s16le",
                     f"--rate={RATE}", "--channels=1", "--latency-msec=10"],
                    env=env, stdin=zeros,
                )  # fmt: skip
            time.sleep(2.5)
        recorder = Recorder(env, Path(tmp))
        clicks = [] if idle_sink else calibrate()
        if idle_sink:
            time.sleep(3)  # the sink goes idle before the app opens its stream
        # lines, then (voice off) chimes: a chime under a line is too faint to be found
        sessions = []
        for kind, extra in (("line", []), ("chime", ["--no-voice"])):
            trace = Path(tmp) / f"trace-{kind}.jsonl"
            played = subprocess.run([*command, *extra, "--trace", str(trace)], env=env,
                                    capture_output=True, text=True, timeout=900)  # fmt: skip
            if played.returncode != 0:
                raise SystemExit(f"play failed: {played.stderr[-800:]}")
            sessions.append((kind, trace))
            time.sleep(3 if idle_sink else 0.5)
        samples, times, spread = recorder.finish()
        if keep_alive is not None:
            keep_alive.terminate()
            keep_alive.wait(5)
        expected, streams = [], []
        for kind, trace in sessions:
            records = [json.loads(line) for line in trace.read_text().splitlines()]
            streams += [r["audio"] for r in records if "audio" in r]
            cues = [r for r in records if "kind" in r]
            if not all("due" in c for c in cues):
                raise SystemExit("the trace has no 'due' times: this code cannot be aligned")
            expected += [e for e in expected_sounds(routine, Path(tmp) / "cache", cues)
                         if e[0] == kind]  # fmt: skip
    result: dict[str, object] = {"routine": routine, "code": src or "this checkout",
                                 "sink": "woken from idle" if idle_sink else "running",
                                 "recorder": spread, "streams": streams}  # fmt: skip
    cal = [onset(samples, times, CLICK, t) for t in clicks]
    late = [(o - t) * 1000 for o, t in zip(cal, clicks, strict=True) if o is not None]
    bias = statistics.median(late) if late else 0.0
    if late:
        result["calibration"] = summary(late, len(cal) - len(late))
    for kind in ("line", "chime"):
        found = [onset(samples, times, pcm, due) for k, due, pcm in expected if k == kind]
        dues = [due for k, due, _ in expected if k == kind]
        late = [(o - d) * 1000 for o, d in zip(found, dues, strict=True) if o is not None]
        if found:
            result[kind] = summary(late, len(found) - len(late))
            first = dues[0]
            result[kind + "_outliers"] = [  # (seconds into the session, lateness ms)
                (round(d - first, 2), round((o - d) * 1000 - bias, 1))
                for o, d in zip(found, dues, strict=True)
                if o is not None and abs((o - d) * 1000 - bias) > TARGET_MAX_MS
            ]
            # the best estimate of what a listener would hear: the chain's bias taken out
            result[kind + "_vs_plain_client"] = summary([x - bias for x in late], 0)
    return result


def summary(late: list[float], missing: int) -> dict[str, float]:
    """Lateness in ms: median, min and max, how many sounds and how many not found."""
    if not late:
        return {"count": 0, "not_found": missing}
    return {"count": len(late), "not_found": missing,
            "median_ms": round(statistics.median(late), 1),
            "min_ms": round(min(late), 1), "max_ms": round(max(late), 1),
            "median_abs_ms": round(statistics.median(abs(x) for x in late), 1),
            "max_abs_ms": round(max(abs(x) for x in late), 1)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--routine", default="box-breathing")
    parser.add_argument("--src", help="run another checkout's code (its src folder)")
    parser.add_argument("--idle-sink", action="store_true", help="no keep-alive stream")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--record", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.record:
        record(args.record)
        return
    f = run(args.routine, args.src, args.idle_sink)
    if args.json:
        print(json.dumps(f))
        return
    print(json.dumps(f, indent=1))


if __name__ == "__main__":
    sys.exit(main())
