"""What a printed handout says: the routine's words, laid out as a sheet (no drawing here).

``handout()`` turns a routine and its timeline into plain data: a heading, when to do it,
one row per step (name, what to do, how long or how many, which side, and the pose to
draw, if the step names one), the source and the safety note. The desktop paints it
(desktop/export/handout_pdf.py); tests read it back from the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

from crampcoach.core.routine import (
    BreatheStep,
    MoveStep,
    RestStep,
    Routine,
    SayStep,
    Sides,
    StretchStep,
    TenseStep,
)
from crampcoach.core.safety import DISCLAIMER, RED_FLAGS
from crampcoach.core.timeline import Timeline

WHEN = {
    "bedtime": "Every evening, just before bed.",
    "pre-workout": "Before a workout, as a warm-up.",
    "post-workout": "After a workout, while the muscles are warm.",
    "cramp-relief": "When a cramp comes: gently, until it eases.",
    "breathing": "Any time you want to settle your breathing.",
    "relaxation": "Any time, lying or sitting comfortably; at night to fall asleep.",
}
SIDES = {
    Sides.NONE: "",
    Sides.LEFT: "left side",
    Sides.RIGHT: "right side",
    Sides.BOTH: "both sides, left then right",
}


@dataclass(frozen=True, slots=True)
class Row:
    number: int
    name: str
    instruction: str  # what the narrator says as the step begins, and during it
    dose: str  # "Hold 30 s · both sides, left then right"
    pose: str | None  # a pose id to draw, when the step names one
    side: str | None  # the side the figure shows


@dataclass(frozen=True, slots=True)
class Handout:
    title: str
    summary: str
    facts: str  # "About 4:24 · 13 steps"
    when: str
    description: str
    rows: tuple[Row, ...]
    source: str
    safety: str


def handout(routine: Routine, timeline: Timeline) -> Handout:
    rows = tuple(_row(i + 1, step, timeline) for i, step in enumerate(routine.steps))
    when = next((WHEN[tag] for tag in routine.tags if tag in WHEN), "")
    return Handout(
        title=routine.title,
        summary=routine.summary,
        facts=f"About {_clock(timeline.duration)} · {len(rows)} steps"
        + (f" · {', '.join(routine.muscles)}" if routine.muscles else ""),
        when=when,
        description=" ".join((routine.description or "").split()),
        rows=rows,
        source=" ".join((routine.source or "").split()),
        safety=f"{DISCLAIMER} {RED_FLAGS}",
    )


def _row(number: int, step: object, timeline: Timeline) -> Row:
    pose = getattr(step, "figure", None)  # a step's pose id (the figures' routine field)
    pose = pose if isinstance(pose, str) else None
    name = timeline.steps[number - 1].name
    said = [getattr(step, "say", None) or ""]
    said += [c.say for c in getattr(step, "cues", [])]
    instruction = " ".join(" ".join(s.split()) for s in said if s)
    side: str | None = None
    if isinstance(step, StretchStep | MoveStep | TenseStep):
        side = step.sides.order()[0]
    if isinstance(step, SayStep):
        return Row(number, step.name or "", instruction, "", pose, None)
    return Row(number, name, instruction, _dose(step), pose, side)


def _dose(step: object) -> str:
    parts: list[str] = []
    sides = ""
    if isinstance(step, StretchStep):
        parts.append(f"Hold {_s(step.duration)}")
        sides = SIDES[step.sides]
    elif isinstance(step, MoveStep):
        parts.append(f"{step.reps} reps, {_s(step.tempo)} each")
        sides = SIDES[step.sides]
    elif isinstance(step, BreatheStep):
        pace = [f"in {_s(step.inhale)}"]
        if step.hold:
            pace.append(f"hold {_s(step.hold)}")
        pace.append(f"out {_s(step.exhale)}")
        if step.hold_out:
            pace.append(f"hold {_s(step.hold_out)}")
        parts.append(f"{step.cycle_count} breaths: " + ", ".join(pace))
    elif isinstance(step, TenseStep):
        parts.append(f"Tense {_s(step.tense)}, then relax {_s(step.relax)}")
        sides = SIDES[step.sides]
    elif isinstance(step, RestStep):
        parts.append(f"Rest {_s(step.duration)}")
    if sides:
        parts.append(sides)
    return " · ".join(parts)


def _s(seconds: float) -> str:
    return f"{int(seconds) if float(seconds).is_integer() else seconds} s"


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 60}:{s % 60:02d}"
