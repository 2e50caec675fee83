"""How long spoken text takes, so routines can be checked for lines that cannot fit."""

from __future__ import annotations

import re

DEFAULT_WPM = 175  # calm narration; espeak-ng's own default rate
_PAUSE = re.compile(r"[.!?;:,]")


def estimate_seconds(text: str, wpm: float = DEFAULT_WPM) -> float:
    """Rough speaking time: words at ``wpm`` plus a short pause per punctuation mark.

    Deliberately generous: espeak-ng says most lines a little faster than this.
    """
    words = len(text.split())
    if words == 0:
        return 0.0
    pauses = len(_PAUSE.findall(text.rstrip(".!? ")))
    return words * 60.0 / wpm + pauses * 0.1
