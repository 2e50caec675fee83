"""The user's get-ready and switch-sides times, apart from the timeline so that reading
the settings does not load the routine models (start-up)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Preferred get-ready and switch-sides seconds, or None for the format's defaults.

    Every timeline a person sees (cards, ``list``) or plays is built with the same one.
    """

    prepare: float | None = None
    switch: float | None = None
