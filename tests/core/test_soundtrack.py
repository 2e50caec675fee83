"""The soundtrack: the narrator's utterances and the chimes, laid out in time."""

from __future__ import annotations

from crampcoach.core.loader import load_routine_file
from crampcoach.core.narration import utterances
from crampcoach.core.resources import builtin_routines_dir
from crampcoach.core.soundtrack import cue_sheet, sounds, step_list, step_marks


def timeline(name: str):  # type: ignore[no-untyped-def]
    loaded = load_routine_file(builtin_routines_dir() / f"{name}.yaml")
    assert loaded.timeline is not None
    return loaded.timeline


def test_the_lines_are_the_narrators_utterances_at_their_cues() -> None:
    t = timeline("box-breathing")
    lines = [(s.t, s.name) for s in sounds(t, chimes=False)]
    assert lines == [(u.t, u.text) for u in sorted(utterances(t).values(), key=lambda u: u.t)]
    assert all(s.kind == "line" for s in sounds(t, chimes=False))
    bedtime = timeline("bedtime-calf-hamstring")
    quiet = sounds(bedtime, countdown=False, chimes=False)
    assert 0 < len(quiet) < len(sounds(bedtime, chimes=False))  # the countdown setting


def test_breath_holds_ring_the_breath_chime_and_the_end_rings_the_end() -> None:
    t = timeline("box-breathing")
    chimes = [s for s in sounds(t, voice=False)]
    assert {s.name for s in chimes} == {"step", "breath", "end"}
    holds = [s for s in chimes if t.cues[s.cue].kind == "hold"]
    assert holds
    assert all(s.name == "breath" for s in holds)
    assert chimes[-1].name == "end"
    assert chimes[-1].t == t.duration


def test_step_marks_make_a_cue_sheet_and_a_plain_list() -> None:
    t = timeline("bedtime-calf-hamstring")
    marks = step_marks(t)
    assert len(marks) == len(t.steps)
    assert marks[0].t == 0
    sheet = cue_sheet(marks, "bed.mp3", "Bedtime", "CrampCoach")
    assert 'FILE "bed.mp3" MP3' in sheet
    assert sheet.count("TRACK") == len(marks)
    second = t.steps[1]  # mm:ss:ff, frames of 1/75 s
    seconds, frames = divmod(round(second.start * 75), 75)
    assert f"INDEX 01 {seconds // 60:02d}:{seconds % 60:02d}:{frames:02d}" in sheet
    line = step_list(marks, "Bedtime").splitlines()[2]
    assert line.startswith(f"0:00:{int(second.start):02d}  2. {second.name}")
