"""Which lines the narrator says, and which chime marks each cue."""

from __future__ import annotations

from crampcoach.core.narration import chime_for, utterances
from crampcoach.core.routine import Routine
from crampcoach.core.timeline import Cue, build_timeline


def timeline():  # type: ignore[no-untyped-def]
    return build_timeline(
        Routine.model_validate(
            {
                "format": 1,
                "id": "n",
                "title": "N",
                "summary": "s",
                "steps": [
                    {
                        "type": "stretch",
                        "name": "Calf",
                        "say": "Lean in",
                        "duration": 10,
                        "sides": "left",
                    }
                ],
            }
        )
    )


def test_cues_at_one_moment_become_one_line() -> None:
    lines = utterances(timeline())
    first = lines[0]
    assert first.text == "Calf. Left side. Lean in."
    assert first.t == 0
    assert 1 not in lines, "the say cue joined the step cue's line"
    assert [u.text for u in lines.values()][-1] == "Session complete. Well done."


def test_countdown_can_be_left_unsaid() -> None:
    with_count = [u.text for u in utterances(timeline()).values()]
    without = [u.text for u in utterances(timeline(), countdown=False).values()]
    assert [t for t in with_count if t.isdigit()] == ["3", "2", "1"]
    assert not [t for t in without if t.isdigit()]


def test_chimes() -> None:
    def cue(kind: str) -> Cue:
        return Cue(0, kind, "x", 0)  # type: ignore[arg-type]

    assert chime_for(cue("step"), False) == "step"
    assert chime_for(cue("hold"), False) == "step"
    assert chime_for(cue("hold"), True) == "breath"
    assert chime_for(cue("switch"), False) == "switch"
    assert chime_for(cue("inhale"), True) == "breath"
    assert chime_for(cue("end"), False) == "end"
    assert chime_for(cue("countdown"), False) is None
