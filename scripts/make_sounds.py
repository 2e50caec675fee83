"""Synthesise CrampCoach's chimes into assets/audio/ (standard library only).

Run: python scripts/make_sounds.py. The WAVs are committed; this script is their source.
Soft bell-like tones: a few harmonics with an exponential decay and a short fade-in.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
OUT = Path(__file__).resolve().parents[1] / "assets" / "audio"


def bell(freq: float, seconds: float, start: float, level: float) -> list[tuple[int, float]]:
    """Samples (index, value) of one soft bell note."""
    samples = []
    first = int(start * RATE)
    for n in range(int(seconds * RATE)):
        t = n / RATE
        envelope = math.exp(-t * 5.0) * min(1.0, t / 0.005)
        value = (
            math.sin(2 * math.pi * freq * t)
            + 0.35 * math.sin(2 * math.pi * freq * 2.0 * t) * math.exp(-t * 3)
            + 0.15 * math.sin(2 * math.pi * freq * 3.01 * t) * math.exp(-t * 6)
        )
        samples.append((first + n, level * envelope * value / 1.5))
    return samples


def write(name: str, notes: list[tuple[float, float, float, float]]) -> None:
    length = max(int((start + seconds) * RATE) for _, seconds, start, _ in notes)
    mix = [0.0] * length
    for freq, seconds, start, level in notes:
        for i, v in bell(freq, seconds, start, level):
            mix[i] += v
    fade = int(0.02 * RATE)  # end at silence, no click
    for k in range(fade):
        mix[length - 1 - k] *= k / fade
    OUT.mkdir(parents=True, exist_ok=True)
    with wave.open(str(OUT / f"{name}.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(b"".join(struct.pack("<h", int(max(-1, min(1, v)) * 32000)) for v in mix))


def main() -> None:
    write("step", [(659.25, 0.6, 0.0, 0.5), (987.77, 0.7, 0.09, 0.4)])  # E5, B5
    write("switch", [(783.99, 0.35, 0.0, 0.45), (783.99, 0.45, 0.16, 0.45)])  # G5 twice
    write("breath", [(523.25, 0.45, 0.0, 0.28)])  # C5, soft
    write("end", [(523.25, 0.9, 0.0, 0.4), (659.25, 0.9, 0.14, 0.4), (783.99, 1.2, 0.28, 0.45)])


if __name__ == "__main__":
    main()
