"""The cramp diary: what a logged cramp holds, and when it needs a health professional.

Severity uses the 0-10 scale of the stretching trials (Hallegraeff 2012 used a visual
analogue scale), so a person's own log reads like the outcome the trials measured.

Two kinds of advice, in the words of ``core/safety.py``: the notes for a cramp as it is
logged (:func:`logged_notes`, whatever date it is logged for), and the Progress banner
(:func:`red_flags`), which looks at the last two weeks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from crampcoach.core.safety import LONG_CRAMP, LONG_CRAMP_MINUTES, NEW_MEDICATION, RED_FLAGS

MUSCLES = ("calf", "foot", "hamstring", "quadriceps", "other")
SIDES = ("left", "right", "both")
TRIGGERS = {
    "hard-workout": "Hard workout",
    "little-to-drink": "Little to drink",
    "new-medication": "New medication",
    "long-standing": "Long standing",
    "long-sitting": "Long sitting",
}

Muscle = Literal["calf", "foot", "hamstring", "quadriceps", "other"]
Side = Literal["left", "right", "both"]
Trigger = Literal[
    "hard-workout", "little-to-drink", "new-medication", "long-standing", "long-sitting"
]

# Red-flag rules (general guidance from patient leaflets, e.g. NHS "Leg cramps"): these are
# signs that self-care is not enough.
FREQUENT_DAYS = 8  # cramps logged on more than half ...
FREQUENT_WINDOW = 14  # ... of the last two weeks' days
SIGNS = ("swelling", "warmth", "redness", "weakness")
CANNOT_TELL = "CrampCoach gives general wellness guidance and cannot tell what is causing it."
SEE_A_PROFESSIONAL = "Please have a health professional look at this. " + CANNOT_TELL


class Cramp(BaseModel):
    """One logged cramp. ``at`` is an aware date-time (stored in UTC)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: int | None = None
    at: dt.datetime
    muscle: Muscle
    side: Side | None = None
    severity: Annotated[int, Field(ge=0, le=10)]
    minutes: Annotated[float, Field(ge=0, le=24 * 60, allow_inf_nan=False)] | None = None
    during_sleep: bool = False
    notes: Annotated[str, Field(max_length=2000)] = ""
    triggers: tuple[Trigger, ...] = ()
    swelling: bool = False
    redness: bool = False
    weakness: bool = False
    warmth: bool = False

    @field_validator("at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("the time of a cramp needs a time zone")
        return value

    @field_validator("triggers")
    @classmethod
    def _unique(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(value))

    def to_json(self) -> dict[str, object]:
        data = self.model_dump(mode="json")
        data["triggers"] = list(self.triggers)
        return {"type": "cramp", **data}


def warning_signs(cramp: Cramp) -> list[str]:
    """The red-flag signs ticked on one cramp, in plain words."""
    return [name for name in SIGNS if getattr(cramp, name)]


def signs_note(signs: list[str]) -> str:
    return f"You noted {_join(signs)} with a cramp. {RED_FLAGS} {CANNOT_TELL}"


def logged_notes(cramp: Cramp) -> list[str]:
    """What to tell someone who has just logged ``cramp``, whatever date it is for.

    The red flags for a sign on it, urgent advice for one that lasted more than
    10 minutes, and a word about the prescriber for a new medication.
    """
    notes = []
    signs = warning_signs(cramp)
    if signs:
        notes.append(signs_note(signs))
    if cramp.minutes is not None and cramp.minutes > LONG_CRAMP_MINUTES:
        notes.append(f"This cramp lasted {cramp.minutes:g} minutes. {LONG_CRAMP}")
    if "new-medication" in cramp.triggers:
        notes.append(NEW_MEDICATION)
    return notes


def red_flags(cramps: Iterable[Cramp], now: dt.datetime) -> list[str]:
    """Messages for the red flags in recent cramps (the Progress banner); empty when none.

    Flags: swelling, warmth, redness or muscle weakness on a cramp in the last two weeks,
    and cramps logged on most days of the last two weeks.
    """
    recent = _recent(cramps, now)
    messages = []
    signs = [s for s in SIGNS if any(getattr(c, s) for c in recent)]
    if signs:
        messages.append(signs_note(signs))
    frequent = frequent_note(recent, now)
    if frequent:
        messages.append(frequent)
    return messages


def frequent_note(cramps: Iterable[Cramp], now: dt.datetime) -> str | None:
    """The note for cramps logged on most days of the last two weeks, or None."""
    zone = now.tzinfo
    days = {c.at.astimezone(zone).date() for c in _recent(cramps, now)}
    if len(days) < FREQUENT_DAYS:
        return None
    return (
        f"You logged cramps on {len(days)} of the last {FREQUENT_WINDOW} days. Cramps that "
        f"keep coming despite stretching and self-care are worth a check-up. "
        f"{SEE_A_PROFESSIONAL}"
    )


def _recent(cramps: Iterable[Cramp], now: dt.datetime) -> list[Cramp]:
    since = now - dt.timedelta(days=FREQUENT_WINDOW)
    return [c for c in cramps if since <= c.at <= now + dt.timedelta(minutes=5)]


def _join(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]
