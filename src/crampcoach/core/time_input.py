"""Times of day as people type them: "8:21", "08:21", "0821", "8.21", "20h21", "8:21 pm"."""

from __future__ import annotations

import datetime as dt
import re

_TIME = re.compile(
    r"^\s*(?P<h>\d{1,2})(?:\s*[:.h]\s*(?P<m>\d{2})|(?P<m2>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?\s*$",
    re.IGNORECASE,
)


def parse_time_of_day(text: str) -> dt.time:
    """The time ``text`` names; ValueError (saying what is accepted) otherwise."""
    match = _TIME.match(text)
    if not match:
        raise ValueError(f"not a time of day: {text.strip()!r} (type it like 8:30 or 20:30)")
    hour = int(match["h"])
    minute = int(match["m"] or match["m2"] or 0)
    ampm = (match["ampm"] or "").lower().replace(".", "")
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(f"not a time of day: {text.strip()!r} (12-hour times run 1-12)")
        hour = hour % 12 + (12 if ampm == "pm" else 0)
    if hour > 23 or minute > 59:
        raise ValueError(f"not a time of day: {text.strip()!r} (hours 0-23, minutes 0-59)")
    return dt.time(hour, minute)
