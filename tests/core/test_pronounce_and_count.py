"""The routine format can say a line differently from how it is shown (``pronounce``), and
count breaths aloud (``count: true``)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from crampcoach.core.loader import load_routine_file
from crampcoach.core.narration import utterances
from crampcoach.core.routine import json_schema
from crampcoach.core.speaking import pronouncer

WriteRoutine = Callable[..., Path]


def warnings(path: Path) -> list[str]:
    result = load_routine_file(path)
    assert result.ok, result.diagnostics
    return [d.format().removeprefix(f"{path}:") for d in result.diagnostics]


# -- pronounce ----------------------------------------------------------------------------------
def test_pronounce_changes_what_is_said_not_what_is_shown(write_routine: WriteRoutine) -> None:
    path = write_routine("""
        format: 1
        id: x
        title: T
        summary: S
        pronounce:
          4-7-8: four seven eight
          PMR: progressive relaxation
        steps:
          - type: say
            say: 4-7-8 breathing, then PMR. Not PMRs or 14-7-8.
            duration: 20
        """)
    result = load_routine_file(path)
    assert result.diagnostics == []
    assert result.timeline is not None
    cue = result.timeline.cues[0]
    assert cue.text == "4-7-8 breathing, then PMR. Not PMRs or 14-7-8."
    assert (
        cue.speech == "four seven eight breathing, then progressive relaxation. Not PMRs or 14-7-8."
    )
    assert cue.to_json()["speak"] == cue.speech
    assert "speak" not in result.timeline.cues[-1].to_json(), "only where it differs"
    assert utterances(result.timeline)[0].text == cue.speech


def test_an_unused_pronunciation_is_a_warning_at_its_key(write_routine: WriteRoutine) -> None:
    path = write_routine("""
        format: 1
        id: x
        title: T
        summary: S
        pronounce:
          4-7-8: four seven eight
        steps:
          - type: say
            say: Breathe.
        """)
    assert warnings(path) == [
        "6:3: warning: pronounce: '4-7-8' does not appear (as a whole word) in anything spoken"
    ]


def test_pronounce_is_validated(write_routine: WriteRoutine) -> None:
    path = write_routine("""
        format: 1
        id: x
        title: T
        summary: S
        pronounce:
          4-7-8: ""
        steps:
          - type: say
            say: 4-7-8.
        """)
    result = load_routine_file(path)
    assert not result.ok
    assert [d.format().removeprefix(f"{path}:") for d in result.diagnostics] == [
        "6:10: error: pronounce.4-7-8: must not be empty"
    ]


def test_longer_pronunciations_win() -> None:
    say = pronouncer({"PMR": "P M R", "PMR full": "full relaxation"})
    assert say("PMR full body, PMR") == "full relaxation body, P M R"
    assert pronouncer({})("same") == "same"


# -- counted breathing ------------------------------------------------------------------------
def test_breathing_can_be_counted_aloud(write_routine: WriteRoutine) -> None:
    path = write_routine("""
        format: 1
        id: x
        title: T
        summary: S
        steps:
          - type: breathe
            name: Breath
            prepare: 0
            inhale: 3
            hold: 2
            exhale: 4.5
            cycles: 1
            count: true
        """)
    result = load_routine_file(path)
    assert result.timeline is not None
    said = [(c.t, c.kind, c.text) for c in result.timeline.cues]
    assert said == [
        (0, "step", "Breath"),
        (0, "inhale", "Breathe in."),
        (1, "count", "2"),
        (2, "count", "3"),
        (3, "hold", "Hold."),
        (4, "count", "2"),
        (5, "exhale", "Breathe out."),
        (6, "count", "2"),
        (7, "count", "3"),
        (8, "count", "4"),
        (9, "count", "5"),
        (9.5, "end", "Session complete. Well done."),
    ]
    lines = [u.text for u in utterances(result.timeline, countdown=False).values()]
    assert "2" in lines, "a breath count is the routine's, not the hold countdown setting"


def test_the_schema_has_the_new_keys() -> None:
    schema = json.dumps(json_schema())
    assert '"pronounce"' in schema
    breathe = json_schema()["$defs"]["BreatheStep"]  # type: ignore[index]
    assert "count" in breathe["properties"]
