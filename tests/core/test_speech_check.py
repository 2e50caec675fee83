"""Spoken lines must fit their slot and leave time to get into position, whether their length
is estimated or measured."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from crampcoach.core.loader import load_routine_file
from crampcoach.core.speaking import estimate_seconds, move_seconds

WriteRoutine = Callable[..., Path]


def warnings(path: Path, **options: object) -> list[str]:
    result = load_routine_file(path, **options)  # type: ignore[arg-type]
    assert result.ok, result.diagnostics
    return [d.format().removeprefix(f"{path}:") for d in result.diagnostics]


# Lines the issue measured as cut off at 175 words/min (espeak-ng, the default voice), in
# the slots they had: the estimate must not be more generous than the engine.
CUT_OFF = [
    (
        "Bent-knee calf stretch. Left side. Same position, now bend the back knee and keep "
        "the heel down.",
        6.0,
        6.1,
    ),
    (
        "Standing hamstring stretch. Left side. Heel on a low step, leg straight, hinge "
        "forward from the hips.",
        6.0,
        6.7,
    ),
    (
        "Standing quad stretch. Left side. Hold the wall, bend one knee and hold your ankle "
        "behind you, knees together.",
        7.0,
        7.3,
    ),
    ("Cool-down complete. Drink some water. Well done.", 3.0, 3.3),
    ("Bodyweight squats. Feet shoulder-width apart, sit back and down, then stand.", 5.0, 5.2),
]


@pytest.mark.parametrize(("line", "slot", "measured"), CUT_OFF)
def test_the_estimate_is_never_below_what_the_engine_was_measured_at(
    line: str, slot: float, measured: float
) -> None:
    assert estimate_seconds(line, 175) > slot
    assert estimate_seconds(line, 175) >= measured
    assert estimate_seconds(line, 140) > estimate_seconds(line, 175)


def test_the_estimate_counts_what_is_said() -> None:
    assert estimate_seconds("", 175) == 0
    assert estimate_seconds("3", 175) < estimate_seconds("Breathe in.", 175)
    short, commas = "Heel down lean in", "Heel down, lean in"
    assert estimate_seconds(commas) > estimate_seconds(short), "a comma is a pause"
    assert estimate_seconds("4-7-8") > estimate_seconds("4 7 8"), "the engine says 'dash'"


def test_the_old_cool_down_lines_are_warned_about(write_routine: WriteRoutine) -> None:
    path = write_routine("""
        format: 1
        id: x
        title: T
        summary: S
        defaults: {prepare: 6, switch: 5}
        steps:
          - type: stretch
            name: Bent-knee calf stretch
            say: Same position, now bend the back knee and keep the heel down.
            duration: 30
            sides: both
          - type: say
            say: Cool-down complete. Drink some water. Well done.
        """)
    found = warnings(path)
    assert len(found) == 2, found
    assert found[0].startswith("9:10: warning: step 1 (Bent-knee calf stretch): 'Bent-knee")
    assert "(estimated), but the next cue comes 6 s later" in found[0]
    assert found[1].startswith("13:10: warning: step 2: 'Cool-down complete.")
    assert "but the next cue comes 3 s later" in found[1]


def test_time_to_get_into_position_before_the_hold(write_routine: WriteRoutine) -> None:
    """The line fits its slot, but ends 1 s before the hold: too little to move."""
    path = write_routine("""
        format: 1
        id: x
        title: T
        summary: S
        steps:
          - type: stretch
            name: Calf
            say: Step one foot back.
            prepare: 3.5
            duration: 20
        """)
    [found] = warnings(path, measure=lambda text: 2.5 if "foot" in text else 0.3)
    assert found == (
        "8:10: warning: step 1 (Calf): 'Calf. Step one foot back.' takes 2.5 s to say at "
        "175 words/min (measured with the speech engine), which leaves 1.0 s to get into "
        "position before the hold starts; leave at least 2 s (a longer 'prepare', or a "
        "shorter line)"
    )
    enough = warnings(path, measure=lambda text: 1.5 if "foot" in text else 0.3)
    assert enough == [], "2 s left is enough"


def test_more_time_to_get_down_to_the_floor_or_up_to_a_wall(write_routine: WriteRoutine) -> None:
    path = write_routine("""
        format: 1
        id: x
        title: T
        summary: S
        steps:
          - type: move
            name: Bridges
            say: Lie on your back, knees bent.
            prepare: 5
            reps: 5
        """)
    [found] = warnings(path, measure=lambda text: 2.0 if "Lie" in text else 0.3)
    assert "leaves 3.0 s to get into position before the movement starts" in found
    assert "leave at least 4 s" in found
    assert move_seconds("Face a wall") == move_seconds("Get down on the floor") == 4
    assert move_seconds("Same position, bend the knee.") == 2


def test_switching_sides_needs_time_too(write_routine: WriteRoutine) -> None:
    path = write_routine("""
        format: 1
        id: x
        title: T
        summary: S
        steps:
          - type: tense
            name: Thigh
            tense: 5
            relax: 10
            sides: both
            switch: 3
        """)
    lengths = {"Switch to the right side.": 1.6}
    [found] = warnings(path, measure=lambda text: lengths.get(text, 0.5))
    assert found.startswith("11:13: warning: step 1 (Thigh): 'Switch to the right side.'")
    assert "leaves 1.4 s to get into position before tensing starts" in found
    assert "(a longer 'switch', or a shorter line)" in found


def test_a_warning_points_at_the_line_that_is_spoken(write_routine: WriteRoutine) -> None:
    path = write_routine("""
        format: 1
        id: x
        title: T
        summary: S
        steps:
          - type: stretch
            name: Calf
            duration: 30
            cues:
              - at: 10
                say: A cue that is much too long for its slot.
              - at: 11
                say: Next.
          - type: rest
            name: Massage
            duration: 10
        """)
    found = warnings(path, measure=lambda text: 3.0 if "much too long" in text else 0.5)
    assert [f.split(" warning: ")[0] for f in found] == ["11:14:"], found
    assert "'A cue that is much too long for its slot.' takes 3.0 s" in found[0]
    assert "the next cue comes 1 s later" in found[0]


def test_rate_changes_the_estimate(write_routine: WriteRoutine) -> None:
    path = write_routine("""
        format: 1
        id: x
        title: T
        summary: S
        steps:
          - type: stretch
            name: Calf
            say: Face the wall and lean in.
            prepare: 8
            duration: 20
        """)
    assert warnings(path) == []
    assert warnings(path, wpm=80) != []
