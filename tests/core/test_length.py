"""Short, standard, long: holds and reps scaled within safe bounds; a protocol stays."""

from __future__ import annotations

from crampcoach.core.length import MAX_HOLD, MIN_HOLD, is_fixed, scale_routine
from crampcoach.core.loader import load_routine_file
from crampcoach.core.resources import builtin_routines_dir
from crampcoach.core.routine import BreatheStep, MoveStep, Routine, StretchStep
from crampcoach.core.timeline import build_timeline

ROUTINE = """
format: 1
id: scaled
title: Scaled
summary: Steps to scale.
steps:
  - {type: stretch, name: Calf, duration: 30, sides: both, cues: [{at: 15, say: Breathe out.}]}
  - {type: stretch, name: Short hold, duration: 10}
  - {type: stretch, name: Long hold, duration: 90}
  - {type: move, name: Swings, reps: 10}
  - {type: breathe, name: Breaths, inhale: 4, exhale: 6, cycles: 10}
  - {type: tense, name: Calves, tense: 5, relax: 15}
  - {type: rest, duration: 20}
"""


def load(write_routine, text: str = ROUTINE) -> Routine:  # type: ignore[no-untyped-def]
    routine = load_routine_file(write_routine(text)).routine
    assert routine is not None
    return routine


def test_standard_is_the_routine_itself(write_routine) -> None:  # type: ignore[no-untyped-def]
    routine = load(write_routine)
    assert scale_routine(routine, "standard") is routine


def test_short_and_long_scale_holds_reps_and_breaths_within_bounds(write_routine) -> None:  # type: ignore[no-untyped-def]
    routine = load(write_routine)
    short, long = scale_routine(routine, "short"), scale_routine(routine, "long")
    calf, brief, held, swings, breaths, tense, rest = short.steps
    assert isinstance(calf, StretchStep)
    assert calf.duration == 20
    assert [c.at for c in calf.cues] == [10]  # the line moves with the hold
    assert isinstance(brief, StretchStep)
    assert brief.duration == 10
    assert isinstance(held, StretchStep)
    assert held.duration == 55
    assert isinstance(swings, MoveStep)
    assert swings.reps == 6
    assert isinstance(breaths, BreatheStep)
    assert breaths.cycle_count == 6
    assert (breaths.inhale, breaths.exhale) == (4, 6)  # the breath's pace never changes
    assert tense is routine.steps[5]
    assert rest is routine.steps[6]
    calf, brief, held, swings, breaths, *_ = long.steps
    assert isinstance(calf, StretchStep)
    assert calf.duration == 45
    assert isinstance(brief, StretchStep)
    assert brief.duration == 15
    assert isinstance(held, StretchStep)
    assert held.duration == 90
    assert isinstance(swings, MoveStep)
    assert swings.reps == 15
    assert isinstance(breaths, BreatheStep)
    assert breaths.cycle_count == 15
    durations = [build_timeline(r).duration for r in (short, routine, long)]
    assert durations == sorted(durations)
    assert len(set(durations)) == 3


def test_no_hold_is_pushed_past_the_bounds(write_routine) -> None:  # type: ignore[no-untyped-def]
    for seconds in range(1, 121):
        routine = load(
            write_routine,
            f"format: 1\nid: h\ntitle: H\nsummary: H.\nsteps:\n"
            f"  - {{type: stretch, name: S, duration: {seconds}}}\n",
        )
        for length, limit in (("short", MIN_HOLD), ("long", MAX_HOLD)):
            step = scale_routine(routine, length).steps[0]  # type: ignore[arg-type]
            assert isinstance(step, StretchStep)
            if length == "short":
                assert min(seconds, limit) <= step.duration <= seconds
            else:
                assert seconds <= step.duration <= max(seconds, limit)


def test_the_bedtime_protocol_keeps_its_length() -> None:
    result = load_routine_file(builtin_routines_dir() / "bedtime-calf-hamstring.yaml")
    routine = result.routine
    assert routine is not None
    assert is_fixed(routine)
    assert scale_routine(routine, "short") is routine
    assert scale_routine(routine, "long") is routine
