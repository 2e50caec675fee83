"""The builder's model: every field of every step type survives YAML and the loader;
problems name the field they are about; undo and redo; comments in hand-written files."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import pytest

from crampcoach.core.loader import load_routine_file, load_routine_text
from crampcoach.core.routine import STEP_TYPES, Routine
from crampcoach.core.routine_draft import (
    STEP_DEFAULTS,
    RoutineDraft,
    duplicate_of,
    free_id,
    new_routine,
)
from crampcoach.core.routine_yaml import comments, dump_new, merge_into
from crampcoach.core.yamlsource import parse
from tests.fakes import BUILTIN_ROUTINES

EVERY_FIELD: dict[str, Any] = {
    "format": 1,
    "id": "every-field",
    "title": "Every field",
    "summary": "Each key of the format, once.",
    "description": "A long description.\nWith two lines.",
    "tags": ["bedtime", "my-own-tag"],
    "muscles": ["calves", "hamstrings"],
    "source": "Hallegraeff JM et al. 2012.",
    "defaults": {"prepare": 4, "switch": 3, "countdown": 2},
    "pronounce": {"4-7-8": "four seven eight"},
    "steps": [
        {
            "type": "stretch",
            "name": "Wall calf stretch",
            "figure": "wall-calf-stretch",
            "say": "Lean into the wall.",
            "duration": 30,
            "sides": "both",
            "cues": [{"at": 10, "say": "Keep the heel down."}],
            "prepare": 6,
            "switch": 4,
            "countdown": 3,
        },
        {
            "type": "move",
            "name": "Heel raises",
            "figure": "calf-raises",
            "say": "Up and down.",
            "reps": 8,
            "tempo": 2.5,
            "count": True,
            "sides": "left",
            "cues": [{"at": 5, "say": "Slowly."}],
            "prepare": 3,
            "switch": 2,
        },
        {
            "type": "breathe",
            "name": "4-7-8",
            "say": "Breathe.",
            "inhale": 4,
            "hold": 7,
            "exhale": 8,
            "hold_out": 1,
            "cycles": 3,
            "prepare": 2,
            "count": True,
        },
        {
            "type": "tense",
            "name": "Left calf",
            "figure": "pmr-left-calf",
            "say": "Toes up, half strength.",
            "tense": 5,
            "relax": 20,
            "sides": "none",
            "prepare": 2,
            "switch": 2,
            "countdown": 0,
        },
        {
            "type": "rest",
            "name": "Rest",
            "say": "Rest.",
            "duration": 12,
            "cues": [{"at": 6, "say": "Nearly."}],
            "countdown": 3,
        },
        {"type": "say", "say": "Well done.", "name": "The end", "duration": 4},
        {"type": "breathe", "name": "By length", "inhale": 4, "exhale": 6, "duration": 60},
    ],
}


def test_every_field_of_every_step_type_round_trips_through_yaml_and_the_loader(
    tmp_path: Path,
) -> None:
    assert {s["type"] for s in EVERY_FIELD["steps"]} == set(STEP_TYPES)
    draft = RoutineDraft(EVERY_FIELD)
    result = draft.check()
    assert result.ok, [str(d) for d in result.diagnostics]
    expected = Routine.model_validate(EVERY_FIELD)
    assert result.routine == expected
    file = tmp_path / "every-field.yaml"
    file.write_text(dump_new(draft.raw))
    loaded = load_routine_file(file)
    assert loaded.ok
    assert loaded.routine == expected
    assert parse(file.read_text()).value == EVERY_FIELD, "nothing added, nothing lost"


def test_the_defaults_for_each_step_type_are_valid_and_distinct() -> None:
    for kind in STEP_TYPES:
        draft = RoutineDraft(new_routine())
        draft.steps[:] = [dict(STEP_DEFAULTS[kind])]
        assert draft.check().ok, kind


@pytest.mark.parametrize(
    ("where", "value", "words"),
    [
        (("steps", 0, "duration"), 0, "at least 1"),
        (("steps", 0, "sides"), "up", "sides"),
        (("steps", 0, "figure"), "wall-calf-strech", "did you mean 'wall-calf-stretch'"),
        (("steps", 0, "cues"), [{"at": 40, "say": "Late."}], "not inside"),
        (("id",), "Not An Id", "id"),
        (("summary",), "x" * 121, "120"),
    ],
)
def test_a_problem_names_the_field_it_is_about(
    where: tuple[str | int, ...], value: object, words: str
) -> None:
    draft = RoutineDraft(new_routine())
    draft.set(where, value)
    result = draft.check()
    assert not result.ok
    mine = result.at(where[:3] if where[0] == "steps" else where)
    assert mine, [(d.where, d.message) for d in result.diagnostics]
    assert words in mine[0].message
    # the same message `crampcoach validate` prints for the same file
    same = load_routine_text(result.text, Path("untitled.yaml"))
    assert [d.message for d in same.diagnostics] == [d.message for d in result.diagnostics]


def test_the_speech_fit_check_is_a_note_on_the_line_that_does_not_fit() -> None:
    draft = RoutineDraft(new_routine())
    long = " ".join(["breathe slowly and let the calf go soft"] * 6)
    draft.set(("steps", 0, "cues"), [{"at": 1, "say": long}, {"at": 3, "say": "Next."}])
    result = draft.check()
    notes = [d for d in result.diagnostics if not d.is_error]
    assert any(d.where[:3] == ("steps", 0, "cues") for d in notes), notes


def test_undo_and_redo_cover_every_change_and_typing_in_a_field_is_one_step() -> None:
    draft = RoutineDraft(new_routine())
    start = draft.raw["steps"][0]["name"]
    for text in ("C", "Ca", "Cal", "Calf"):
        draft.set(("steps", 0, "name"), text)
    draft.break_typing()
    draft.set(("steps", 0, "duration"), 45)
    draft.add_step("rest")
    draft.move_step(1, 0)
    draft.duplicate_step(0)
    draft.remove_step(2)
    assert [s["type"] for s in draft.steps] == ["rest", "rest"]
    for _ in range(4):
        draft.undo()
    assert draft.steps[0]["duration"] == 45
    assert len(draft.steps) == 1
    draft.undo()
    assert draft.steps[0]["name"] == "Calf"
    draft.undo()
    assert draft.steps[0]["name"] == start
    assert not draft.can_undo
    assert not draft.modified
    draft.redo()
    draft.redo()
    assert draft.steps[0]["duration"] == 45
    draft.set(("title",), "New title")
    assert not draft.can_redo, "a new change ends the redo"
    draft.set(("description",), "")  # empty: an optional key goes
    assert "description" not in draft.raw


def test_a_duplicate_gets_a_free_id_and_says_it_is_a_copy() -> None:
    raw = parse((BUILTIN_ROUTINES / "box-breathing.yaml").read_text()).value
    copy = duplicate_of(raw, {"box-breathing", "box-breathing-my-version"})
    assert copy["id"] == "box-breathing-my-version-2"
    assert copy["title"] == "Box breathing (my version)"
    assert raw["id"] == "box-breathing", "the original is untouched"
    assert free_id("my-routine", set()) == "my-routine"
    assert free_id("my-routine", {"my-routine", "my-routine-2"}) == "my-routine-3"


@pytest.mark.parametrize("path", sorted(BUILTIN_ROUTINES.glob("*.yaml")), ids=lambda p: p.stem)
def test_saving_a_change_to_a_hand_written_file_changes_only_that(path: Path) -> None:
    original = path.read_text()
    raw = parse(original).value
    raw["title"] = "Changed"
    named = next(step for step in raw["steps"] if "name" in step)
    named["name"] = "Renamed step"
    text, lost = merge_into(original, raw)
    assert lost == []
    changed = [
        line
        for line in difflib.unified_diff(original.splitlines(), text.splitlines(), n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert len(changed) == 4, changed
    assert parse(text).value == raw
    assert comments(text) == comments(original)


def test_comments_that_cannot_be_kept_are_reported() -> None:
    original = (
        "# top\nformat: 1\nid: a\ntitle: A\nsummary: S\nsteps:\n"
        "  - type: rest\n    duration: 10  # short rest\n"
        "  - type: say\n    say: Bye.  # the end\n"
    )
    raw = parse(original).value
    del raw["steps"][1]
    text, lost = merge_into(original, raw)
    assert lost == ["the end"]
    assert "# top" in text
    assert "# short rest" in text


def test_comments_are_found_outside_quotes_only() -> None:
    text = "a: 'x # not a comment'  # one\n# two\nb: \"y#z\"\nc: d#e\n"
    assert comments(text) == ["one", "two"]
