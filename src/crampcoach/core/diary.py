"""The cramp diary: what a logged cramp holds, and when it needs a health professional.

Severity uses the 0-10 scale of the stretching trials (Hallegraeff 2012 used a visual
analogue scale), so a person's own log reads like the outcome the trials measured.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

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
SEE_A_PROFESSIONAL = (
    "Please have a health professional look at this. CrampCoach gives general wellness "
    "guidance and cannot tell what is causing it."
)


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
    signs = [("swelling", cramp.swelling), ("redness", cramp.redness), ("weakness", cramp.weakness)]
    return [name for name, ticked in signs if ticked]


def red_flags(cramps: Iterable[Cramp], now: dt.datetime) -> list[str]:
    """Messages for the red flags in recent cramps; empty when there are none.

    Flags: swelling, redness or muscle weakness on a cramp in the last two weeks, and cramps
    logged on most days of the last two weeks.
    """
    since = now - dt.timedelta(days=FREQUENT_WINDOW)
    recent = [c for c in cramps if since <= c.at <= now + dt.timedelta(minutes=5)]
    messages = []
    signs = sorted({s for c in recent for s in warning_signs(c)})
    if signs:
        messages.append(
            f"You noted {_join(signs)} with a cramp. Cramps that come with swelling, redness "
            f"or muscle weakness are not ordinary cramps. {SEE_A_PROFESSIONAL}"
        )
    zone = now.tzinfo
    days = {c.at.astimezone(zone).date() for c in recent}
    if len(days) >= FREQUENT_DAYS:
        messages.append(
            f"You logged cramps on {len(days)} of the last {FREQUENT_WINDOW} days. Cramps that "
            f"keep coming despite stretching and self-care are worth a check-up. "
            f"{SEE_A_PROFESSIONAL}"
        )
    return messages


def _join(words: list[str]) -> str:
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]
