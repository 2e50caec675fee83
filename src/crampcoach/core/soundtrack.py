"""What a session sounds like, laid out as data: every narrator line and chime at its time,
and where each step starts.

The live session makes these sounds cue by cue as its driver fires them
(desktop/session/launcher.py: the narrator speaks ``utterances()``, the chimes follow
``chime_for``); a rendered audio file lays the same ones out all at once, from the same two
functions, so the file says and rings exactly what the app does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from crampcoach.core.narration import chime_for, utterances
from crampcoach.core.timeline import Timeline

# The phases in which a "hold" cue is a breath hold (its chime is the breath chime); the
# player's dial draws the same four (desktop/session/dial.py BREATH_PHASES).
BREATH_PHASE_KINDS = frozenset({"inhale", "hold-in", "exhale", "hold-out"})


@dataclass(frozen=True, slots=True)
class Sound:
    """A line to say (``text``) or a chime to ring (its name) at ``t`` seconds, for cue
    ``cue`` of the timeline."""

    t: float
    kind: Literal["line", "chime"]
    name: str
    cue: int


@dataclass(frozen=True, slots=True)
class StepMark:
    """Where a step starts, for a chapter list."""

    t: float
    title: str


def sounds(
    timeline: Timeline, *, voice: bool = True, chimes: bool = True, countdown: bool = True
) -> list[Sound]:
    """Every sound of the session in time order (a line and a chime may share a moment)."""
    lines = utterances(timeline, countdown=countdown) if voice else {}
    result: list[Sound] = []
    for index, cue in enumerate(timeline.cues):
        if index in lines:
            result.append(Sound(lines[index].t, "line", lines[index].text, index))
        if chimes:
            in_breathing = timeline.phase_at(cue.t).kind in BREATH_PHASE_KINDS
            chime = chime_for(cue, in_breathing)
            if chime is not None:
                result.append(Sound(cue.t, "chime", chime, index))
    return result


def step_marks(timeline: Timeline) -> list[StepMark]:
    """Each step's start and a title: its number and name."""
    return [StepMark(s.start, f"{s.index + 1}. {s.name}") for s in timeline.steps]


MAX_CUE_TRACKS = 99  # the CUE sheet format's limit


def cue_sheet(marks: list[StepMark], audio_file: str, title: str, performer: str) -> str:
    """A CUE sheet: one track per step, so players that read it show the steps as
    chapters. Times are mm:ss:ff with 75 frames a second. At most MAX_CUE_TRACKS steps
    (``step_list`` for longer routines)."""
    if len(marks) > MAX_CUE_TRACKS:
        raise ValueError(f"a CUE sheet holds at most {MAX_CUE_TRACKS} tracks")
    out = [
        f"PERFORMER {_quoted(performer)}",
        f"TITLE {_quoted(title)}",
        f"FILE {_quoted(audio_file)} {'MP3' if audio_file.lower().endswith('.mp3') else 'WAVE'}",
    ]
    for n, mark in enumerate(marks, start=1):
        frames = round(mark.t * 75)
        minutes, rest = divmod(frames, 75 * 60)
        seconds, frame = divmod(rest, 75)
        out += [
            f"  TRACK {n:02d} AUDIO",
            f"    TITLE {_quoted(mark.title)}",
            f"    INDEX 01 {minutes:02d}:{seconds:02d}:{frame:02d}",
        ]
    return "\n".join(out) + "\n"


def step_list(marks: list[StepMark], title: str) -> str:
    """The steps' start times as plain text, one line each (h:mm:ss)."""
    out = [title]
    for mark in marks:
        seconds = round(mark.t)
        out.append(f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}  {mark.title}")
    return "\n".join(out) + "\n"


def _quoted(text: str) -> str:
    return '"' + " ".join(text.replace('"', "'").split()) + '"'
