"""Every field of every step type, as the builder's forms show them: label, unit, range.

One table, read by the form, so a field added to the format is added here once. The
ranges are the format's own (core/routine.py); the validator still has the last word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["line", "list", "pairs", "text", "number", "int", "sides", "bool", "figure", "cues"]


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: Kind
    unit: str = ""
    minimum: float = 0
    maximum: float = 3600
    optional: bool = False  # may be left empty: then the routine's default (or none) applies
    hint: str = ""


NAME = FieldSpec("name", "Name", "line", hint="Shown as the step's title and said as it begins")
SAY = FieldSpec("say", "Spoken as it begins", "text", optional=True)
FIGURE = FieldSpec("figure", "Figure", "figure", optional=True)
SIDES = FieldSpec("sides", "Sides", "sides")
CUES = FieldSpec("cues", "Lines during the hold", "cues", optional=True)
PREPARE = FieldSpec(
    "prepare", "Get ready", "number", "s", 0, 600, True, "Seconds to get in position"
)
SWITCH = FieldSpec("switch", "Switch sides", "number", "s", 0, 600, True, "Seconds between sides")
COUNTDOWN = FieldSpec(
    "countdown", "Count down the last", "int", "s", 0, 10, True, "0 = no countdown"
)
IMAGE = FieldSpec(
    "image", "Picture file", "line", optional=True, hint="Relative to the routine's file"
)

STEP_FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "stretch": (
        NAME,
        FIGURE,
        SAY,
        FieldSpec("duration", "Hold", "number", "s per side", 1, 3600),
        SIDES,
        CUES,
        PREPARE,
        SWITCH,
        COUNTDOWN,
        IMAGE,
    ),
    "move": (
        NAME,
        FIGURE,
        SAY,
        FieldSpec("reps", "Repetitions", "int", "per side", 1, 500),
        FieldSpec("tempo", "Tempo", "number", "s per repetition", 1, 60),
        FieldSpec("count", "Count the repetitions aloud", "bool"),
        SIDES,
        CUES,
        PREPARE,
        SWITCH,
        IMAGE,
    ),
    "breathe": (
        NAME,
        SAY,
        FieldSpec("inhale", "Breathe in", "number", "s", 1, 120),
        FieldSpec("hold", "Hold in", "number", "s", 0, 120, True),
        FieldSpec("exhale", "Breathe out", "number", "s", 1, 120),
        FieldSpec("hold_out", "Hold out", "number", "s", 0, 120, True),
        FieldSpec("cycles", "Breaths", "int", "", 1, 200, True, "Give breaths or a length"),
        FieldSpec("duration", "Or a length", "number", "s", 1, 3600, True),
        FieldSpec("count", "Count each second aloud", "bool"),
        PREPARE,
        IMAGE,
    ),
    "tense": (
        NAME,
        FIGURE,
        SAY,
        FieldSpec("tense", "Tense for", "number", "s", 1, 120),
        FieldSpec("relax", "Relax for", "number", "s", 1, 600),
        SIDES,
        PREPARE,
        SWITCH,
        COUNTDOWN,
        IMAGE,
    ),
    "rest": (
        FieldSpec("name", "Name", "line", optional=True),
        SAY,
        FieldSpec("duration", "Rest for", "number", "s", 1, 3600),
        CUES,
        COUNTDOWN,
        IMAGE,
    ),
    "say": (
        FieldSpec("say", "Spoken text", "text"),
        FieldSpec("name", "Caption title", "line", optional=True),
        FieldSpec(
            "duration", "Lasts", "number", "s", 1, 3600, True, "Empty: about 2.5 words a second"
        ),
        IMAGE,
    ),
}

ROUTINE_FIELDS = (
    FieldSpec("title", "Title", "line"),
    FieldSpec("id", "Id", "line", hint="a-z, 0-9 and '-'; the file is saved as ID.yaml"),
    FieldSpec("summary", "Summary", "line", hint="One line, at most 120 characters"),
    FieldSpec("description", "Description", "text", optional=True),
    FieldSpec("muscles", "Muscles", "list", optional=True, hint="Comma-separated"),
    FieldSpec("source", "Source", "text", optional=True, hint="Where the technique comes from"),
    FieldSpec(
        "pronounce",
        "Say differently",
        "pairs",
        optional=True,
        hint="One per line, written = spoken, e.g. 4-7-8 = four seven eight",
    ),
)
DEFAULT_FIELDS = (
    FieldSpec("prepare", "Get ready before each step", "number", "s", 0, 600, True),
    FieldSpec("switch", "Switch sides", "number", "s", 0, 600, True),
    FieldSpec("countdown", "Count down the last", "int", "s", 0, 10, True),
)

TYPE_LABELS = {
    "stretch": "Stretch (a hold)",
    "move": "Move (repetitions)",
    "breathe": "Breathe (paced breathing)",
    "tense": "Tense and relax (PMR)",
    "rest": "Rest",
    "say": "Say (narration only)",
}


def number(value: float) -> float | int:
    """Whole numbers are written as whole numbers: ``30``, not ``30.0``."""
    return int(value) if float(value).is_integer() else round(float(value), 2)
