"""Onsets in rendered audio (no Qt): where sound starts after a stretch of silence."""

from __future__ import annotations

import numpy as np

RATE = 22050


def onsets(samples: np.ndarray, *, level: int = 300, quiet_seconds: float = 0.15) -> list[float]:
    """Times (s) of the first sample above ``level`` after at least ``quiet_seconds`` of
    nothing above it (or at the very start)."""
    loud = np.flatnonzero(np.abs(samples.astype(np.int32)) > level)
    if len(loud) == 0:
        return []
    gaps = np.diff(loud) > quiet_seconds * RATE
    starts = np.concatenate(([loud[0]], loud[1:][gaps]))
    return [float(s) / RATE for s in starts]


def check(
    found: list[float], expected: list[float], spans: list[tuple[float, float]]
) -> list[float]:
    """Every expected onset is found within 20 ms, and every onset found is an expected one
    or lies inside a sound already playing (a pause between words). Returns the errors (s)."""
    errors = []
    for t in expected:
        nearest = min(found, key=lambda f: abs(f - t))
        assert abs(nearest - t) <= 0.020, (t, nearest)
        errors.append(nearest - t)
    for f in found:
        assert any(abs(f - t) <= 0.020 for t in expected) or any(a < f < b for a, b in spans), (
            f"a sound at {f:.3f} s that the timeline does not have"
        )
    return errors
