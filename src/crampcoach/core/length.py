"""Short, standard or long: one routine at three lengths, within safe bounds.

``scale_routine`` is a pure function from a routine to a routine (build its timeline as
usual). What changes:

- a stretch's hold per side: x0.6 (short) or x1.5 (long), rounded to 5 s, never below
  ``MIN_HOLD`` (15 s) when shortened and never above ``MAX_HOLD`` (60 s) when lengthened;
  longer static holds add little and a held cramp-prone muscle should not be pushed;
- a movement's repetitions: x0.6 or x1.5, at least ``MIN_REPS`` (4), at most ``MAX_REPS`` (20);
- a breathing step's cycles: x0.6 or x1.5, at least ``MIN_BREATHS`` (3), at most
  ``MAX_BREATHS`` (30); the breath's own pace (inhale, hold, exhale) never changes;
- lines authored part-way through a hold (``cues``) move with it, in proportion.

What never changes: a step already shorter than a short bound (or longer than a long
one), get-ready and switch times, rests, narration-only steps, PMR's tense and relax times
(the technique's timing), and any routine tagged ``fixed-protocol``: a routine that follows
a trial's protocol (the bedtime stretch, Hallegraeff et al. 2012) is published at the
length that was tested, so asking to change it gives it back unchanged (``is_fixed``).
"""

from __future__ import annotations

import math
from typing import Literal

from crampcoach.core.library import LibraryEntry
from crampcoach.core.routine import BreatheStep, MoveStep, Routine, StretchStep, TimedCue
from crampcoach.core.timing import Timing

Length = Literal["short", "standard", "long"]
LENGTHS: tuple[Length, ...] = ("short", "standard", "long")
FACTOR: dict[Length, float] = {"short": 0.6, "standard": 1.0, "long": 1.5}
FIXED_TAG = "fixed-protocol"

MIN_HOLD, MAX_HOLD = 15.0, 60.0
MIN_REPS, MAX_REPS = 4, 20
MIN_BREATHS, MAX_BREATHS = 3, 30


def is_fixed(routine: Routine) -> bool:
    """A routine that follows a published protocol keeps its length."""
    return FIXED_TAG in routine.tags


def scale_routine(routine: Routine, length: Length) -> Routine:
    """``routine`` at ``length`` (see the module's rules); the same object when nothing
    changes (``standard``, or a fixed protocol)."""
    factor = FACTOR[length]
    if factor == 1.0 or is_fixed(routine):
        return routine
    steps = [_scaled(step, factor) for step in routine.steps]
    if all(new is old for new, old in zip(steps, routine.steps, strict=True)):
        return routine
    return routine.model_copy(update={"steps": steps})


def _scaled(step: object, factor: float) -> object:
    if isinstance(step, StretchStep):
        hold = _bounded(step.duration, step.duration * factor, MIN_HOLD, MAX_HOLD, 5.0)
        if hold == step.duration:
            return step
        return step.model_copy(
            update={"duration": hold, "cues": _cues(step.cues, step.duration, hold)}
        )
    if isinstance(step, MoveStep):
        reps = int(_bounded(step.reps, step.reps * factor, MIN_REPS, MAX_REPS, 1.0))
        if reps == step.reps:
            return step
        old, new = step.reps * step.tempo, reps * step.tempo
        return step.model_copy(update={"reps": reps, "cues": _cues(step.cues, old, new)})
    if isinstance(step, BreatheStep):
        cycles = int(
            _bounded(step.cycle_count, step.cycle_count * factor, MIN_BREATHS, MAX_BREATHS, 1.0)
        )
        if cycles == step.cycle_count:
            return step
        return step.model_copy(update={"cycles": cycles, "duration": None})
    return step


def _bounded(now: float, wanted: float, low: float, high: float, unit: float) -> float:
    """``wanted`` rounded to ``unit`` and kept within [low, high] -- but never moved past
    ``now`` in the other direction (a 10 s hold is not lengthened by "short")."""
    value = max(unit, round(wanted / unit) * unit)
    if wanted < now:
        return min(now, max(value, low))
    return max(now, min(value, high))


def _cues(cues: list[TimedCue], old: float, new: float) -> list[TimedCue]:
    """Lines part-way through a hold, moved in proportion (to half a second)."""
    moved = []
    for cue in cues:
        at = max(0.5, math.floor(cue.at * new / old * 2) / 2)
        if at < new:
            moved.append(cue.model_copy(update={"at": at}))
    return moved


def entry_at_length(entry: LibraryEntry, length: Length, timing: Timing | None) -> LibraryEntry:
    """``entry`` played at ``length``: the same entry when nothing changes (standard, or a
    fixed protocol), else the scaled routine with its own timeline."""
    from crampcoach.core.timeline import build_timeline

    routine = scale_routine(entry.routine, length)
    if routine is entry.routine:
        return entry
    return LibraryEntry(routine, build_timeline(routine, timing), entry.path, entry.origin)
