"""How long spoken text takes, so routines can be checked for lines that cannot fit."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

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


def pronouncer(mapping: Mapping[str, str]) -> Callable[[str], str]:
    """Rewrites text as the narrator should say it: each key of ``mapping`` (a routine's
    ``pronounce``), where it stands as a whole word, becomes its value; longer keys first."""
    if not mapping:
        return lambda text: text

    def pattern(key: str) -> str:
        left = r"(?<!\w)" if re.match(r"\w", key) else ""
        right = r"(?!\w)" if re.search(r"\w$", key) else ""
        return left + re.escape(key) + right

    keys = sorted(mapping, key=len, reverse=True)
    found = re.compile("|".join(f"({pattern(k)})" for k in keys))

    def say(text: str) -> str:
        return found.sub(lambda m: mapping[keys[(m.lastindex or 1) - 1]], text)

    return say
