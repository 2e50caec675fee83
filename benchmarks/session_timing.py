"""Benchmark: play a 5-minute routine for real (offscreen Qt, narrator on with pyttsx3 and
espeak-ng, chimes on) and report, from the session's trace:

- cue lateness (fired minus scheduled): median, p99, max, and the end drift
  (targets: p99 <= 15 ms, max <= 40 ms, end drift <= 20 ms);
- speech latency, from a cue to the start of its audio: median, p99 (target p99 <= 100 ms);
- responsiveness, the longest event-loop stall while it plays (target max <= 30 ms).

Sound goes to the running PulseAudio server, or to a private one with a null sink.
Run: .venv/bin/python benchmarks/session_timing.py [--minutes 5] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def routine_text(minutes: float) -> str:
    """Stretches, breathing and spoken lines in turn, about ``minutes`` long."""
    steps = []
    total = 0.0
    n = 0
    while total < minutes * 60 - 40:
        n += 1
        steps.append(
            f"  - {{type: stretch, name: Calf stretch {n}, duration: 20, sides: both, "
            f"figure: wall-calf-stretch}}\n"  # the player paints the figure all along
            f"  - {{type: breathe, name: Slow breath {n}, inhale: 4, exhale: 6, cycles: 3}}\n"
            f"  - {{type: say, say: Let your legs rest and soften, duration: 6}}\n"
        )
        total += 5 + 20 + 5 + 20 + 5 + 30 + 6
    rest = round(minutes * 60 - total)
    if rest >= 1:  # top up to the exact length
        steps.append(f"  - {{type: say, say: Rest quietly now, duration: {rest}}}\n")
    return (
        "format: 1\nid: timing-benchmark\ntitle: Timing benchmark\n"
        "summary: Stretches, breaths and spoken lines for the timing benchmark.\n"
        "steps:\n" + "".join(steps)
    )


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


@contextlib.contextmanager
def sound_server(home: Path) -> Iterator[dict[str, str]]:
    """The running PulseAudio server, or a private one with a null sink."""
    if subprocess.run(["pactl", "info"], capture_output=True, check=False).returncode == 0:
        yield {}
        return
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    server = subprocess.Popen(
        ["pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "-n",
         "--load=module-null-sink sink_name=null", "--load=module-native-protocol-unix"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(50):
            if subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        yield {"XDG_RUNTIME_DIR": str(runtime)}
    finally:
        server.kill()
        server.wait()


def measure(minutes: float) -> dict[str, float]:
    home = Path(tempfile.mkdtemp(prefix="crampcoach-timing-"))
    routine = home / "timing.yaml"
    routine.write_text(routine_text(minutes), encoding="utf-8")
    trace = home / "trace.jsonl"
    try:
        with sound_server(home) as extra:
            env = {
                **os.environ,
                "QT_QPA_PLATFORM": "offscreen",
                "XDG_CONFIG_HOME": str(home / "config"),
                "XDG_DATA_HOME": str(home / "data"),
                "XDG_CACHE_HOME": str(home / "cache"),
                **extra,
            }
            command = [sys.executable, "-m", "crampcoach", "play", str(routine)]
            subprocess.run(
                [*command, "--exit-when-done", "--trace", str(trace)],
                env=env, capture_output=True, check=True, timeout=minutes * 60 + 120,
            )  # fmt: skip
        records = [json.loads(line) for line in trace.read_text().splitlines()]
    finally:
        shutil.rmtree(home, ignore_errors=True)
    cues = {r["cue"]: r for r in records if "kind" in r}
    lateness = [(c["fired"] - c["t"]) * 1000 for c in cues.values()]
    starts = {r["cue"]: r["at"] for r in records if r.get("narrator") == "start"}
    speech = [(at - cues[cue]["fired"]) * 1000 for cue, at in starts.items() if cue in cues]
    [probe] = [r["probe"] for r in records if "probe" in r]
    last = cues[max(cues)]
    return {
        "session_s": last["t"],
        "cues": len(cues),
        "cue_late_median_ms": statistics.median(lateness),
        "cue_late_p99_ms": percentile(lateness, 0.99),
        "cue_late_max_ms": max(lateness),
        "end_drift_ms": (last["fired"] - last["t"]) * 1000,
        "lines_spoken": len(speech),
        "speech_latency_median_ms": statistics.median(speech) if speech else float("nan"),
        "speech_latency_p99_ms": percentile(speech, 0.99) if speech else float("nan"),
        "stall_max_ms": probe["max_ms"],
        "stall_p99_ms": probe["p99_ms"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    f = measure(args.minutes)
    if args.json:
        print(json.dumps(f))
        return
    print(f"{f['cues']} cues over {f['session_s'] / 60:.1f} min")
    print(
        f"cue lateness: median {f['cue_late_median_ms']:.1f} ms, p99 {f['cue_late_p99_ms']:.1f}"
        f" ms (target <= 15), max {f['cue_late_max_ms']:.1f} ms (target <= 40); end drift "
        f"{f['end_drift_ms']:.1f} ms (target <= 20)"
    )
    print(
        f"speech latency ({f['lines_spoken']} lines): median "
        f"{f['speech_latency_median_ms']:.1f} ms, p99 {f['speech_latency_p99_ms']:.1f} ms "
        "(target <= 100)"
    )
    print(
        f"longest event-loop stall: {f['stall_max_ms']:.1f} ms (target <= 30), "
        f"p99 {f['stall_p99_ms']:.1f} ms"
    )


if __name__ == "__main__":
    main()
