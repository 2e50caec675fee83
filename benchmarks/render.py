"""Benchmark: render a 30-minute narrated routine to an audio file, as ``crampcoach render``
does (real speech through espeak-ng, the session's mixer, libsndfile).

Prints figures; it is not a pass/fail test. Target: the file takes a small fraction of the
session's length (under 5%), with every line synthesised afresh (a cold speech cache), and
much less again with the lines cached. Needs espeak-ng.
Run: .venv/bin/python benchmarks/render.py [--minutes 30] [--formats .wav,.mp3] [--json]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from crampcoach.core.loader import load_routine_file
from crampcoach.desktop.export.render import RenderOptions, render
from crampcoach.desktop.session.speech import SpeechSynth

STEP = """
  - type: stretch
    name: Stretch {n}
    say: Stretch number {n}. Ease into it slowly and keep breathing.
    duration: 30
    sides: both
    cues: [{{at: 12, say: Relax your shoulders and breathe out.}}]
  - type: breathe
    name: Breaths {n}
    inhale: 4
    exhale: 6
    cycles: 3
"""


def routine_text(minutes: float) -> str:
    # one block: 5 s get ready + 2 x 30 s + 5 s switch, then 5 s + 3 x 10 s of breathing
    blocks = max(1, round(minutes * 60 / 105))
    steps = "".join(STEP.format(n=n + 1) for n in range(blocks))
    return f"format: 1\nid: bench\ntitle: Benchmark\nsummary: Long.\nsteps:{steps}"


def measure(minutes: float, formats: list[str]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "bench.yaml"
        path.write_text(routine_text(minutes))
        timeline = load_routine_file(path).timeline
        assert timeline is not None
        synth = SpeechSynth(cache=folder / "cache")
        result: dict[str, float] = {"session_s": timeline.duration}
        for n, extension in enumerate(formats):
            started = time.perf_counter()
            done = render(timeline, folder / f"out{extension}", RenderOptions(), synth)
            seconds = time.perf_counter() - started
            label = ("cold" if n == 0 else "warm") + extension.replace(".", "_")
            result[f"{label}_s"] = round(seconds, 2)
            result[f"{label}_share_pct"] = round(100 * seconds / timeline.duration, 2)
            result["lines"] = done.lines
        return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--formats", default=".wav,.wav,.mp3,.ogg,.flac")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    figures = measure(args.minutes, args.formats.split(","))
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:>24}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
