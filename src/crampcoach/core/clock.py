"""Clocks the engine reads time from, and the user's time zone.

The session engine never counts timer ticks: it asks a monotonic clock where it is.
Injecting the clock lets tests step time instead of sleeping.
"""

from __future__ import annotations

import os
import time
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tzlocal


def local_zone() -> ZoneInfo:
    """The user's time zone with its rules (not just today's UTC offset).

    ``TZ`` in the environment wins, read on every call (tzlocal caches its answer for the
    process); then the system's setting; UTC when neither names a known zone.
    """
    for name in (os.environ.get("TZ", "").removeprefix(":"), tzlocal.get_localzone_name()):
        if not name:
            continue
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return ZoneInfo("UTC")


class Clock(Protocol):
    """Anything that tells monotonic seconds."""

    def now(self) -> float:
        """Seconds on a clock that never goes backwards; the origin is arbitrary."""
        ...


class MonotonicClock:
    """The real clock: ``time.monotonic``, unaffected by wall-clock changes."""

    def now(self) -> float:
        return time.monotonic()


class FakeClock:
    """A clock that only moves when told to, for tests and offline previews."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError("a monotonic clock cannot go backwards")
        self._now += seconds

    def set(self, when: float) -> None:
        if when < self._now:
            raise ValueError("a monotonic clock cannot go backwards")
        self._now = when
