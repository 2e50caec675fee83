"""The timeline follows the format's timing rules exactly."""

from __future__ import annotations

from typing import Any

import pytest

from crampcoach.core.routine import Routine
from crampcoach.core.timeline import Timeline, build_timeline


def routine(*steps: dict[str, Any], **defaults: float) -> Routine:
    return Routine.model_validate(
        {
            "format": 1,
            "id": "t",
            "title": "T",
            "summary": "s",
            "defaults": defaults,
            "steps": list(steps),
        }
    )


def timeline(*steps: dict[str, Any], **defaults: float) -> Timeline:
    return build_timeline(routine(*steps, **defaults))


def kinds_at(tl: Timeline) -> list[tuple[float, str]]:
    return [(c.t, c.kind) for c in tl.cues]


def test_stretch_both_sides_follows_prepare_hold_switch_hold() -> None:
    tl = timeline(
        {"type": "stretch", "name": "Calf", "say": "Lean in.", "duration": 30, "sides": "both"},
        prepare=5,
        switch=4,
        countdown=3,
    )
    assert tl.duration == 5 + 30 + 4 + 30
    assert kinds_at(tl) == [
        (0, "step"),
        (0, "say"),
        (5, "hold"),
        (20, "halfway"),
        (32, "countdown"),
        (33, "countdown"),
        (34, "countdown"),
        (35, "switch"),
        (39, "hold"),
        (54, "halfway"),
        (66, "countdown"),
        (67, "countdown"),
        (68, "countdown"),
        (69, "end"),
    ]
    assert [c.side for c in tl.cues if c.kind in ("hold", "switch")] == ["left", "right", "right"]
    assert tl.cues[0].text == "Calf. Left side."
    assert [c.text for c in tl.cues if c.kind == "countdown"][:3] == ["3", "2", "1"]
    assert [(p.kind, p.start, p.end, p.side) for p in tl.phases] == [
        ("prepare", 0, 5, "left"),
        ("hold", 5, 35, "left"),
        ("switch", 35, 39, "right"),
        ("hold", 39, 69, "right"),
    ]


@pytest.mark.parametrize(("sides", "runs"), [("none", 1), ("left", 1), ("right", 1), ("both", 2)])
def test_sides_multiply_the_hold(sides: str, runs: int) -> None:
    tl = timeline(
        {"type": "stretch", "name": "S", "duration": 10, "sides": sides}, prepare=2, switch=3
    )
    assert tl.duration == 2 + runs * 10 + (runs - 1) * 3


def test_move_is_reps_times_tempo_and_counts_each_rep() -> None:
    tl = timeline(
        {"type": "move", "name": "Raises", "reps": 4, "tempo": 2.5, "count": True, "sides": "both"},
        prepare=5,
        switch=5,
    )
    assert tl.duration == 5 + 10 + 5 + 10
    reps = [(c.t, c.text, c.side) for c in tl.cues if c.kind == "rep"]
    assert reps == [
        (5, "Go: 1", "left"),
        (7.5, "2", "left"),
        (10, "3", "left"),
        (12.5, "4", "left"),
        (20, "Go: 1", "right"),
        (22.5, "2", "right"),
        (25, "3", "right"),
        (27.5, "4", "right"),
    ]


def test_move_without_count_says_go_once_per_side() -> None:
    tl = timeline({"type": "move", "name": "March", "reps": 10, "tempo": 1}, prepare=3)
    assert [(c.t, c.text) for c in tl.cues if c.kind == "rep"] == [(3, "Go: 10 reps.")]


def test_breathe_cycles_make_every_phase_a_cue() -> None:
    tl = timeline(
        {
            "type": "breathe",
            "name": "Box",
            "inhale": 4,
            "hold": 4,
            "exhale": 4,
            "hold_out": 4,
            "cycles": 3,
        },
        prepare=5,
    )
    assert tl.duration == 5 + 3 * 16
    breath = [(c.t, c.kind) for c in tl.cues if c.kind in ("inhale", "hold", "exhale")]
    assert len(breath) == 12
    assert breath[:4] == [(5, "inhale"), (9, "hold"), (13, "exhale"), (17, "hold")]
    assert breath[-1] == (5 + 2 * 16 + 12, "hold")
    assert [p.cycle for p in tl.phases if p.kind == "inhale"] == [1, 2, 3]


def test_breathe_without_holds_and_fractional_phases() -> None:
    tl = timeline(
        {"type": "breathe", "name": "Resonance", "inhale": 5.5, "exhale": 5.5, "cycles": 3},
        prepare=0,
    )
    assert tl.duration == 33
    assert [c.t for c in tl.cues if c.kind in ("inhale", "exhale")] == [
        0,
        5.5,
        11,
        16.5,
        22,
        27.5,
    ]


@pytest.mark.parametrize(("duration", "cycles"), [(60, 5), (65, 5), (5, 1), (24, 2)])
def test_breathe_duration_rounds_down_to_whole_cycles(duration: int, cycles: int) -> None:
    tl = timeline(
        {"type": "breathe", "name": "B", "inhale": 4, "hold": 0, "exhale": 8, "duration": duration},
        prepare=0,
    )
    assert tl.duration == cycles * 12


def test_tense_is_tense_plus_relax_per_side() -> None:
    tl = timeline(
        {"type": "tense", "name": "Calf", "tense": 7, "relax": 30, "sides": "both"},
        prepare=5,
        switch=2,
        countdown=3,
    )
    assert tl.duration == 5 + 37 + 2 + 37
    phases = [(p.kind, p.start, p.end) for p in tl.phases]
    assert phases == [
        ("prepare", 0, 5),
        ("tense", 5, 12),
        ("relax", 12, 42),
        ("switch", 42, 44),
        ("tense", 44, 51),
        ("relax", 51, 81),
    ]
    assert [(c.t, c.kind) for c in tl.cues if c.kind in ("tense", "relax", "countdown")] == [
        (5, "tense"),
        (9, "countdown"),
        (10, "countdown"),
        (11, "countdown"),
        (12, "relax"),
        (44, "tense"),
        (48, "countdown"),
        (49, "countdown"),
        (50, "countdown"),
        (51, "relax"),
    ]


def test_rest_and_say_have_no_prepare() -> None:
    tl = timeline(
        {"type": "rest", "duration": 10, "say": "Shake out your legs."},
        {"type": "say", "say": "Well done."},
        prepare=5,
        countdown=0,
    )
    assert tl.duration == 10 + 2
    assert [(c.t, c.kind, c.text) for c in tl.cues] == [
        (0, "step", "Rest"),
        (0, "say", "Shake out your legs."),
        (10, "step", "Well done."),
        (12, "end", "Session complete. Well done."),
    ]


@pytest.mark.parametrize(("words", "seconds"), [(1, 2), (5, 2), (6, 3), (10, 4), (11, 5)])
def test_say_default_duration_is_words_over_2_5(words: int, seconds: int) -> None:
    tl = timeline({"type": "say", "say": " ".join(["word"] * words)})
    assert tl.duration == seconds


def test_step_overrides_beat_defaults() -> None:
    tl = timeline(
        {
            "type": "stretch",
            "name": "S",
            "duration": 10,
            "sides": "both",
            "prepare": 1,
            "switch": 0,
            "countdown": 0,
        },
        prepare=9,
        switch=9,
        countdown=3,
    )
    assert tl.duration == 1 + 10 + 0 + 10
    assert not [c for c in tl.cues if c.kind == "countdown"]


def test_authored_cues_land_inside_each_side_and_suppress_a_clashing_halfway() -> None:
    tl = timeline(
        {
            "type": "stretch",
            "name": "S",
            "duration": 30,
            "sides": "both",
            "cues": [{"at": 15, "say": "Breathe."}],
        },
        prepare=5,
        switch=5,
    )
    says = [(c.t, c.side) for c in tl.cues if c.kind == "say"]
    assert says == [(20, "left"), (55, "right")]
    assert not [c for c in tl.cues if c.kind == "halfway"]


def test_routine_duration_is_the_sum_of_steps_and_phases_tile_it() -> None:
    tl = timeline(
        {"type": "stretch", "name": "A", "duration": 12, "sides": "both"},
        {"type": "move", "name": "B", "reps": 3, "tempo": 2},
        {"type": "breathe", "name": "C", "inhale": 3, "exhale": 3, "cycles": 2},
        {"type": "tense", "name": "D", "tense": 5, "relax": 10},
        {"type": "rest", "duration": 7},
        {"type": "say", "say": "Bye now.", "duration": 3},
        prepare=4,
        switch=2,
    )
    assert [s.duration for s in tl.steps] == [4 + 12 + 2 + 12, 4 + 6, 4 + 12, 4 + 15, 7, 3]
    assert tl.duration == sum(s.duration for s in tl.steps)
    assert tl.phases[0].start == 0
    assert tl.phases[-1].end == tl.duration
    for before, after in zip(tl.phases, tl.phases[1:], strict=False):
        assert before.end == after.start
    assert [c.t for c in tl.cues] == sorted(c.t for c in tl.cues)
    assert tl.cues[-1].kind == "end"
    assert tl.cues[-1].t == tl.duration
    assert [c.t for c in tl.cues if c.kind == "step"] == [s.start for s in tl.steps]


def test_lookups_by_time() -> None:
    tl = timeline({"type": "rest", "duration": 10}, {"type": "rest", "duration": 5})
    assert tl.step_index_at(0) == 0
    assert tl.step_index_at(9.99) == 0
    assert tl.step_index_at(10) == 1
    assert tl.step_index_at(99) == 1
    assert tl.phase_at(12).step == 1
    assert tl.cues[tl.first_cue_at_or_after(10)].t == 10


def test_json_shape_is_the_documented_contract() -> None:
    data = timeline({"type": "stretch", "name": "S", "duration": 10, "sides": "left"}).to_json()
    assert set(data) == {"id", "title", "duration", "cues"}
    assert data["duration"] == 15
    cues = data["cues"]
    assert isinstance(cues, list)
    for cue in cues:
        assert set(cue) == {"t", "kind", "text", "step", "side"}
    assert cues[0] == {"t": 0, "kind": "step", "text": "S. Left side.", "step": 0, "side": "left"}
