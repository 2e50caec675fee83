"""How times read on screen."""

from __future__ import annotations

import math


def clock_text(seconds: float) -> str:
    """Seconds left as m:ss, rounded up, so a countdown shows 0:00 only when time is up."""
    s = max(0, math.ceil(seconds - 1e-6))
    return f"{s // 60}:{s % 60:02d}"
