"""Muscles to rest: which steps work them, the marks, and the routine with them left out."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from crampcoach.core.avoid import (
    avoided_in,
    entry_without_avoided,
    nothing_left,
    rested_duration,
    skipped_steps,
    step_groups,
    without_avoided,
)
from crampcoach.core.library import load_library
from crampcoach.core.loader import load_routine_file
from crampcoach.core.muscle_groups import GROUPS, groups_of, known, spoken
from crampcoach.core.resources import builtin_routines_dir
from crampcoach.core.routine import Routine, SayStep
from crampcoach.core.settings import Settings, load_settings, save_settings, settings_path
from crampcoach.core.timeline import build_timeline

ROUTINE = """
format: 1
id: mixed-legs
title: Mixed legs
summary: Calves, a rest, calves again, then hamstrings and breathing.
muscles: [calves, hamstrings]
defaults: {prepare: 5, switch: 5}
steps:
  - {type: say, say: Stand near a wall.}
  - {type: stretch, name: Wall calf stretch, figure: wall-calf-stretch, duration: 30, sides: both}
  - {type: rest, name: Relax, duration: 10}
  - {type: stretch, name: Bent-knee calf, figure: wall-calf-stretch-bent-knee, duration: 30}
  - {type: stretch, name: Left hamstring, duration: 30}
  - {type: rest, name: Shake out, duration: 10}
  - {type: breathe, name: Slow breaths, inhale: 4, exhale: 6, cycles: 3}
"""


@pytest.fixture
def routine(write_routine: Callable[..., Path]) -> Routine:
    loaded = load_routine_file(write_routine(ROUTINE))
    assert loaded.routine is not None, loaded.diagnostics
    return loaded.routine


def builtin(routine_id: str) -> Routine:
    entry = load_library(builtin_routines_dir(), None).get(routine_id)
    assert entry is not None
    return entry.routine


def test_one_vocabulary_covers_the_routines_poses_and_diary_names() -> None:
    assert groups_of(["gastrocnemius"]) == groups_of(["soleus"]) == {"calves"}
    assert groups_of(["calf"]) == groups_of(["Calves"]) == {"calves"}  # diary, routine
    assert groups_of(["hip flexors"]) == groups_of(["hip-flexors"]) == {"hip-flexors"}
    assert groups_of(["thighs"]) == {"hamstrings", "quadriceps"}  # PMR tenses the whole thigh
    assert groups_of(["elbow"]) == frozenset()
    assert known(["glutes", "calf", "nonsense"]) == ("calves", "glutes")  # vocabulary order
    assert spoken(["glutes", "calves", "hamstrings"]) == "calves, hamstrings and glutes"
    assert len({g.id for g in GROUPS}) == len(GROUPS)


def test_every_muscle_the_builtin_routines_and_poses_name_has_a_group() -> None:
    from crampcoach.core.figure.library import builtin_poses
    from crampcoach.core.figure.muscles import MUSCLES

    assert all(groups_of([m]) for m in MUSCLES), "a pose muscle no setting can rest"
    for entry in load_library(builtin_routines_dir(), None).entries.values():
        for muscle in entry.routine.muscles:
            assert groups_of([muscle]), f"{entry.id}: {muscle!r}"
    assert builtin_poses().get("wall-calf-stretch") is not None


def test_a_step_works_what_its_figure_highlights_else_what_its_name_says(
    routine: Routine,
) -> None:
    groups = [step_groups(step) for step in routine.steps]
    assert groups == [
        frozenset(),  # say
        {"calves"},  # the figure's gastrocnemius
        frozenset(),  # "Relax"
        {"calves"},  # the figure's soleus
        {"hamstrings"},  # no figure: "Left hamstring"
        frozenset(),
        frozenset(),  # breathing
    ]
    # A figure wins over the name: "Toes toward you" stretches the calf, not the toes.
    relief = builtin("calf-cramp-relief")
    assert step_groups(relief.steps[1]) == {"calves"}


def test_routines_are_marked_by_their_muscles_list_and_their_steps(routine: Routine) -> None:
    assert avoided_in(routine, ["calves"]) == ("calves",)
    assert avoided_in(routine, ["glutes", "hamstrings", "calf"]) == ("calves", "hamstrings")
    assert avoided_in(routine, ["shins"]) == ()
    assert avoided_in(routine, []) == ()
    assert avoided_in(builtin("box-breathing"), ["calves", "hamstrings"]) == ()
    # The warm-up's list does not name the shin; its ankle-circles figure does.
    assert "shins" not in known(builtin("pre-workout-leg-warmup").muscles)
    assert avoided_in(builtin("pre-workout-leg-warmup"), ["shins"]) == ("shins",)


def test_skipped_steps_become_one_spoken_note_and_rests_between_them_go_too(
    routine: Routine,
) -> None:
    assert skipped_steps(routine, ["calves"]) == {1: ("calves",), 3: ("calves",)}
    rested = without_avoided(routine, ["calves"])
    kinds = [step.type for step in rested.steps]
    assert kinds == ["say", "say", "stretch", "rest", "breathe"]
    note = rested.steps[1]
    assert isinstance(note, SayStep)
    assert note.say == (
        "Skipping “Wall calf stretch” and “Bent-knee calf”: they work your calves, "
        "which you asked to rest."
    )
    assert note.name == "Skipped: Wall calf stretch and 1 more"
    assert routine.steps[0] is rested.steps[0]  # the rest is the routine as written
    # One skipped step alone, named; the rest after it stays (it leads to a kept step).
    only = without_avoided(routine, ["hamstrings"])
    kinds = ["say", "stretch", "rest", "stretch", "say", "rest", "breathe"]
    assert [s.type for s in only.steps] == kinds
    assert only.steps[4].say == (  # type: ignore[union-attr]
        "Skipping “Left hamstring”: it works your hamstrings, which you asked to rest."
    )


def test_the_transform_keeps_the_timing_rules(routine: Routine) -> None:
    """The note is an ordinary say step: its time is its words' (ceil(words / 2.5)); the
    kept steps keep their prepare, switch and hold times; the caption is the note."""
    rested = without_avoided(routine, ["calves"])
    timeline = build_timeline(rested)
    note = timeline.steps[1]
    assert note.type == "say"
    assert note.duration == 7  # 17 words
    assert note.name == "Skipped: Wall calf stretch and 1 more"
    cue = next(c for c in timeline.cues if c.step == 1)
    assert cue.kind == "step"
    assert cue.text.startswith("Skipping “Wall calf stretch”")
    full = build_timeline(routine)
    kept = {s.name: s.duration for s in full.steps}
    for span in timeline.steps:
        if span.type != "say":
            assert span.duration == kept[span.name]
    assert timeline.duration == full.duration - (5 + 30 + 5 + 30) - 10 - (5 + 30) + 7


def test_nothing_is_skipped_the_routine_is_itself(routine: Routine) -> None:
    assert without_avoided(routine, []) is routine
    assert without_avoided(routine, ["glutes"]) is routine
    assert nothing_left(routine, ["glutes"]) is None


def test_a_routine_with_every_exercise_skipped_is_not_played() -> None:
    relief = builtin("calf-cramp-relief")
    message = nothing_left(relief, ["calves"])
    assert message is not None
    assert "Every exercise in “Calf cramp relief” works your calves" in message
    assert "Settings" in message
    assert nothing_left(relief, ["hamstrings"]) is None
    # Breathing left over is still something to play.
    assert nothing_left(builtin("pmr-lower-body"), ["calves"]) is None
    assert nothing_left(builtin("box-breathing"), ["calves"]) is None


def test_entries_follow_the_skip_setting_and_rebuild_with_the_users_timing() -> None:
    entry = load_library(builtin_routines_dir(), None).get("post-workout-leg-cooldown")
    assert entry is not None
    off = Settings(avoid_muscles=("calves",), skip_avoided_steps=False)
    assert entry_without_avoided(entry, off) is entry
    assert entry_without_avoided(entry, Settings()) is entry  # nothing to rest
    on = Settings(avoid_muscles=("calves",), prepare=12)
    rested = entry_without_avoided(entry, on)
    assert rested.path == entry.path
    assert rested.timeline == build_timeline(rested.routine, on.timing)
    assert not any(
        "calf" in (getattr(s, "name", "") or "").lower() and s.type == "stretch"
        for s in rested.routine.steps
    )
    assert rested.timeline.duration < entry.timeline.duration


def test_settings_round_trip_and_an_older_file_reads_as_resting_nothing() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 1, "rate": 190, "favourites": ["box-breathing"]}')
    old = load_settings()
    assert old.notice is None
    assert old.settings.avoid_muscles == ()
    assert old.settings.skip_avoided_steps is True
    assert old.settings.rate == 190
    changed = old.settings.changed(avoid_muscles=("glutes", "calves"), skip_avoided_steps=False)
    assert changed.avoid_muscles == ("calves", "glutes")
    save_settings(changed)
    data = json.loads(path.read_text())
    assert data["version"] == 1
    assert data["avoid_muscles"] == ["calves", "glutes"]
    assert load_settings().settings == changed


def test_hand_edited_muscle_names_are_read_kindly() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 1, "avoid_muscles": ["Calf", "hip flexors", "elbow"]}')
    loaded = load_settings()
    assert loaded.notice is None
    assert loaded.settings.avoid_muscles == ("calves", "hip-flexors")


def test_the_length_without_the_skipped_steps_is_what_plays() -> None:
    settings = Settings(avoid_muscles=("calves", "glutes"), prepare=9, switch=7)
    library = load_library(builtin_routines_dir(), None, settings.timing)
    for entry in library.entries.values():
        played = entry_without_avoided(entry, settings)
        assert rested_duration(entry, settings.avoid_muscles) == pytest.approx(
            played.timeline.duration
        ), entry.id
