"""The routine file format, version 1, as typed models.

These models are the single source of truth for the format: the validator checks files
against them and ``crampcoach schema`` prints the JSON Schema generated from them, so
the documentation, the editor schema and the loader cannot disagree.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from crampcoach.core.tags import LIBRARY_TAGS

FORMAT_VERSION = 1
MAX_ROUTINE_SECONDS = 4 * 3600
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


Seconds = Annotated[float, Field(ge=1, le=3600, allow_inf_nan=False)]
Gap = Annotated[float, Field(ge=0, le=600, allow_inf_nan=False)]
Phase = Annotated[float, Field(ge=1, le=120, allow_inf_nan=False)]
OptionalPhase = Annotated[float, Field(ge=0, le=120, allow_inf_nan=False)]
Text = Annotated[str, Field(min_length=1, max_length=2000)]
Name = Annotated[str, Field(min_length=1, max_length=80)]
FigureId = Annotated[
    str | None,
    Field(
        min_length=1,
        max_length=64,
        description="A pose from the pose library (crampcoach poses); 'image' wins if both.",
    ),
]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Sides(StrEnum):
    NONE = "none"
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"

    def order(self) -> tuple[str | None, ...]:
        """The sides to run, in order; ``None`` means one unsided run."""
        return {
            Sides.NONE: (None,),
            Sides.LEFT: ("left",),
            Sides.RIGHT: ("right",),
            Sides.BOTH: ("left", "right"),
        }[self]


class Defaults(_Strict):
    """Timing that applies to every step unless the step overrides it."""

    prepare: Gap = Field(5, description="Seconds before each timed step to get in position.")
    switch: Gap = Field(5, description="Seconds between the left and the right side.")
    countdown: Annotated[int, Field(ge=0, le=10)] = Field(
        3, description="Count the last N seconds of each hold aloud (0 = off)."
    )


class TimedCue(_Strict):
    """A line spoken part-way through a hold, ``at`` seconds after it starts."""

    at: Annotated[float, Field(gt=0, le=3600, allow_inf_nan=False)]
    say: Text


class _StepBase(_Strict):
    say: Text | None = Field(None, description="What the narrator says as the step begins.")
    image: str | None = Field(None, description="Picture, relative to the routine file.")


class StretchStep(_StepBase):
    """A static hold."""

    type: Literal["stretch"]
    name: Name
    figure: FigureId = None
    duration: Seconds = Field(description="Seconds per side.")
    sides: Annotated[Sides, Field(strict=False)] = Sides.NONE
    cues: list[TimedCue] = Field(default_factory=list)
    prepare: Gap | None = None
    switch: Gap | None = None
    countdown: Annotated[int, Field(ge=0, le=10)] | None = None


class MoveStep(_StepBase):
    """A dynamic movement counted in repetitions."""

    type: Literal["move"]
    name: Name
    figure: FigureId = None
    reps: Annotated[int, Field(ge=1, le=500)]
    tempo: Annotated[float, Field(ge=1, le=60, allow_inf_nan=False)] = Field(
        2, description="Seconds per repetition."
    )
    count: bool = Field(False, description="Count the repetitions aloud.")
    sides: Annotated[Sides, Field(strict=False)] = Sides.NONE
    cues: list[TimedCue] = Field(default_factory=list)
    prepare: Gap | None = None
    switch: Gap | None = None


class BreatheStep(_StepBase):
    """Paced breathing; give either ``cycles`` or ``duration`` (rounded down to whole cycles)."""

    type: Literal["breathe"]
    name: Name
    inhale: Phase
    hold: OptionalPhase = 0
    exhale: Phase
    hold_out: OptionalPhase = 0
    cycles: Annotated[int, Field(ge=1, le=200)] | None = None
    duration: Seconds | None = None
    prepare: Gap | None = None
    count: bool = Field(
        False, description="Count each second of every breath phase aloud: 'Breathe in. 2, 3, 4'."
    )

    @property
    def cycle_seconds(self) -> float:
        return self.inhale + self.hold + self.exhale + self.hold_out

    @property
    def cycle_count(self) -> int:
        if self.cycles is not None:
            return self.cycles
        if self.duration is not None:
            return max(1, math.floor(self.duration / self.cycle_seconds + 1e-9))
        return 1


class TenseStep(_StepBase):
    """Progressive muscle relaxation: tense a muscle group, then let it go."""

    type: Literal["tense"]
    name: Name
    figure: FigureId = None
    tense: Phase = Field(description="Seconds to hold the tension.")
    relax: Annotated[float, Field(ge=1, le=600, allow_inf_nan=False)] = Field(
        description="Seconds to relax afterwards."
    )
    sides: Annotated[Sides, Field(strict=False)] = Sides.NONE
    prepare: Gap | None = None
    switch: Gap | None = None
    countdown: Annotated[int, Field(ge=0, le=10)] | None = None


class RestStep(_StepBase):
    """A pause between steps, optionally with something to do."""

    type: Literal["rest"]
    name: Name = "Rest"
    duration: Seconds
    cues: list[TimedCue] = Field(default_factory=list)
    countdown: Annotated[int, Field(ge=0, le=10)] | None = None


class SayStep(_Strict):
    """Narration only."""

    type: Literal["say"]
    say: Text
    name: Name | None = None
    duration: Seconds | None = Field(
        None, description="Seconds; by default ceil(words / 2.5), at least 2."
    )
    image: str | None = None

    @property
    def seconds(self) -> float:
        if self.duration is not None:
            return self.duration
        return float(max(2, math.ceil(len(self.say.split()) / 2.5)))


Step = Annotated[
    StretchStep | MoveStep | BreatheStep | TenseStep | RestStep | SayStep,
    Field(discriminator="type"),
]
STEP_TYPES = ("stretch", "move", "breathe", "tense", "rest", "say")


class Routine(_Strict):
    """One guided session, as written in a routine file."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        title="CrampCoach routine",
        json_schema_extra={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://crampcoach.example/schema/routine-1.json",
        },
    )

    format: Literal[1] = Field(description="Routine file format version; this is format 1.")
    id: Annotated[str, Field(pattern=ID_PATTERN, max_length=64)] = Field(
        description="Unique id: a-z, 0-9 and '-'."
    )
    title: Name
    summary: Annotated[str, Field(min_length=1, max_length=120)] = Field(
        description="One line, at most 120 characters."
    )
    description: Text | None = None
    tags: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(
        default_factory=list,
        description="Library groups: " + ", ".join(LIBRARY_TAGS) + "; other tags are allowed.",
    )
    muscles: list[Annotated[str, Field(min_length=1, max_length=40)]] = Field(default_factory=list)
    source: Text | None = Field(None, description="Where the technique or protocol comes from.")
    defaults: Defaults = Field(default_factory=Defaults)
    pronounce: Annotated[dict[Name, Text], Field(max_length=100)] = Field(
        default_factory=dict,
        description="Say text differently from how it is shown: wherever a key appears in "
        "a spoken line (as a whole word, case as written), the narrator says its value, "
        "e.g. {'4-7-8': 'four seven eight'}. Captions keep the written text.",
    )
    steps: Annotated[list[Step], Field(min_length=1, max_length=500)]

    @property
    def kind(self) -> str:
        """stretch | breathing | pmr | mixed, derived from the timed steps."""
        kinds = set()
        for step in self.steps:
            if isinstance(step, (StretchStep, MoveStep)):
                kinds.add("stretch")
            elif isinstance(step, BreatheStep):
                kinds.add("breathing")
            elif isinstance(step, TenseStep):
                kinds.add("pmr")
        if len(kinds) == 1:
            return kinds.pop()
        return "mixed" if kinds else "stretch"


def json_schema() -> dict[str, object]:
    """The JSON Schema of routine format 1, for editors and other tools."""
    return Routine.model_json_schema()
