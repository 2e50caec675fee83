"""How long spoken text takes, how long a person needs after it to move, and what is said,
so routines can be checked for lines that cannot fit."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

DEFAULT_WPM = 175  # calm narration; espeak-ng's own default rate

MOVE_SECONDS = 2.0  # after an instruction ends: time to get into position
BIG_MOVE_SECONDS = 4.0  # ... when it means getting down to the floor, up, or to a wall

# Fitted to espeak-ng (pyttsx3, the default English voice) on every line of the built-in
# routines at 140 and 175 words a minute: about 10/wpm seconds per letter, 60/wpm per comma
# and 95/wpm per full stop inside the line. The margin makes the estimate cautious: it was
# at or above the real length for 128 of 130 lines (never more than 0.2 s short) and is
# about 0.5 s long on average.
_BASE, _LETTER, _COMMA, _STOP = 35.0, 10.0, 60.0, 95.0
_MARGIN, _MARGIN_SECONDS = 1.1, 0.1
_LETTERS = re.compile(r"[^\W\d_]")
_DIGITS = re.compile(r"\d")
_DIGIT_DASH = re.compile(r"(?<=\d)-(?=\d)")  # "4-7-8": the engine says "dash"
_COMMAS = re.compile(r"[,;:]|\s[-\u2013\u2014]\s")
_STOPS = re.compile(r"[.!?]+(?=\s)")
_BIG_MOVE = re.compile(
    r"\b(floor|wall|lie|lying|kneel\w*|stand up|sit down|get up|get down|on your back|"
    r"on your side|into bed)\b",
    re.IGNORECASE,
)


def estimate_seconds(text: str, wpm: float = DEFAULT_WPM) -> float:
    """Cautious speaking time of ``text`` at ``wpm`` words a minute, for the plain
    validator; ``crampcoach validate --speech`` measures the real engine instead."""
    body = text.strip().rstrip(".!? ")
    if not body:
        return 0.0
    said = _DIGIT_DASH.sub(" dash ", body)
    letters = len(_LETTERS.findall(said)) + 4 * len(_DIGITS.findall(said))
    units = (
        _BASE
        + _LETTER * letters
        + _COMMA * len(_COMMAS.findall(body))
        + _STOP * len(_STOPS.findall(body))
    )
    return _MARGIN * units / wpm + _MARGIN_SECONDS


def move_seconds(instruction: str) -> float:
    """Seconds a person needs after ``instruction`` ends to get into position."""
    return BIG_MOVE_SECONDS if _BIG_MOVE.search(instruction) else MOVE_SECONDS


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
