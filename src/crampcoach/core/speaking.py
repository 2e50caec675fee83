"""How long spoken text takes, so routines can be checked for lines that cannot fit."""

from __future__ import annotations

import re

DEFAULT_WPM = 200  # pyttsx3's default rate with espeak-ng
_PAUSE = re.compile(r"[.!?;:,]")


def estimate_seconds(text: str, wpm: float = DEFAULT_WPM) -> float:
    """Rough speaking time: words at ``wpm`` plus a short pause per punctuation mark.

    Calibrated against espeak-ng at 200 words/min ("Breathe in." is 0.67 s there).
    """
    words = len(text.split())
    if words == 0:
        return 0.0
    pauses = len(_PAUSE.findall(text.rstrip(".!? ")))
    return words * 60.0 / wpm + pauses * 0.1
