"""Checks a routine file needs beyond its model: timing that cannot work, cues outside their
step, pictures that are missing, spoken lines that cannot fit before the next cue or leave
no time to get into position, and pronunciations that change nothing."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from crampcoach.core.figure.library import pose_ids
from crampcoach.core.narration import utterances
from crampcoach.core.routine import (
    MAX_ROUTINE_SECONDS,
    BreatheStep,
    MoveStep,
    RestStep,
    Routine,
    StretchStep,
)
from crampcoach.core.routine_errors import Report, get, label, plain
from crampcoach.core.speaking import MOVE_SECONDS, estimate_seconds, move_seconds, pronouncer
from crampcoach.core.timeline import Cue, Timeline, build_timeline
from crampcoach.core.timing import Timing

Measure = Callable[[str], float]  # seconds the narrator takes to say a line


def check_routine(
    report: Report,
    routine: Routine,
    raw: dict[str, Any],
    path: Path,
    wpm: float,
    timing: Timing | None,
    measure: Measure | None = None,
) -> Timeline:
    """Check what the model cannot; ``measure`` (default: the estimate at ``wpm``) times
    the spoken lines."""
    for i, step in enumerate(routine.steps):
        where = ("steps", i)
        name = label(where, raw)
        if isinstance(step, BreatheStep):
            if step.cycles is not None and step.duration is not None:
                report.error(
                    f"{name}: give either 'cycles' or 'duration', not both",
                    (*where, "duration"),
                    key=True,
                )
            elif step.cycles is None and step.duration is None:
                report.error(f"{name}: missing 'cycles' (or 'duration' in seconds)", where)
            elif step.duration is not None and step.duration < step.cycle_seconds:
                report.warning(
                    f"{name}: duration {plain(step.duration)} s is shorter than one "
                    f"breath cycle ({plain(step.cycle_seconds)} s); one whole cycle "
                    "will play",
                    (*where, "duration"),
                )
        hold = _hold_seconds(step)
        for j, cue in enumerate(getattr(step, "cues", ())):
            if cue.at >= hold:
                report.error(
                    f"{label((*where, 'cues', j), raw)}: 'at' {plain(cue.at)} s is not "
                    f"inside the {plain(hold)} s the step lasts",
                    (*where, "cues", j, "at"),
                )
        if step.image is not None:
            _check_image(report, step.image, path, name, (*where, "image"))
        figure = getattr(step, "figure", None)
        if figure is not None and figure not in (poses := pose_ids()):
            close = difflib.get_close_matches(figure, sorted(poses), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]!r}?)" if close else " (see crampcoach poses)"
            report.error(f"{name}: unknown figure {figure!r}{hint}", (*where, "figure"))
    timeline = build_timeline(routine, timing)
    if timeline.duration > MAX_ROUTINE_SECONDS:
        report.error(
            f"routine: lasts {_clock(timeline.duration)}, more than the "
            f"{MAX_ROUTINE_SECONDS // 3600} hours a routine may last",
            ("steps",),
            key=True,
        )
    check_pronounce(report, routine, timeline, raw)
    if measure is None:
        check_speech(report, timeline, routine, raw, lambda text: estimate_seconds(text, wpm), wpm)
    else:
        check_speech(report, timeline, routine, raw, measure, wpm, measured=True)
    return timeline


def _hold_seconds(step: object) -> float:
    if isinstance(step, (StretchStep, RestStep)):
        return step.duration
    if isinstance(step, MoveStep):
        return step.reps * step.tempo
    return float("inf")


def _check_image(
    report: Report, image: str, routine_path: Path, name: str, where: tuple[str | int, ...]
) -> None:
    folder = routine_path.resolve().parent
    candidate = Path(image)
    if candidate.is_absolute():
        report.error(
            f"{name}: image must be a path relative to the routine file, found {image!r}", where
        )
        return
    target = (folder / candidate).resolve()
    if not target.is_relative_to(folder):
        report.error(f"{name}: image {image!r} points outside the routine's folder", where)
    elif not target.is_file():
        report.error(f"{name}: image {image!r} does not exist (looked in {folder})", where)


def check_speech(
    report: Report,
    timeline: Timeline,
    routine: Routine,
    raw: dict[str, Any],
    measure: Measure,
    wpm: float,
    *,
    measured: bool = False,
) -> None:
    """Warn about every spoken line that runs into the next one, or that leaves too little
    time after it to get into position before a hold (movement, breathing, tensing) starts.

    ``measure`` says how long a line takes: the cautious estimate, or (``validate
    --speech``) the real engine's length. Lines are the narrator's own, countdown included.
    """
    how = "measured with the speech engine" if measured else "estimated"
    lines = sorted(utterances(timeline).items())
    warned: set[tuple[tuple[str | int, ...], str]] = set()

    def warn(where: tuple[str | int, ...], kind: str, message: str) -> None:
        if (where, kind) not in warned:
            warned.add((where, kind))
            report.warning(message, where)

    for n, (index, line) in enumerate(lines):
        cues = timeline.cues
        end = next((j for j in range(index, len(cues)) if cues[j].t != line.t), len(cues))
        where = _spoken_at(list(cues[index:end]), routine, raw)
        name = label(where[:2], raw) if where else "routine"
        seconds = measure(line.text)
        said = f"{_quote(line.text)} takes {seconds:.1f} s to say at {plain(wpm)} words/min ({how})"
        if n + 1 < len(lines):
            gap = round(lines[n + 1][1].t - line.t, 3)
            if seconds > gap:
                warn(
                    where,
                    "fit",
                    f"{name}: {said}, but the next cue comes {plain(gap)} s later; shorten "
                    "the text or give it more time (e.g. a longer 'prepare')",
                )
                continue
        phase = timeline.phase_at(line.t)
        if phase.kind not in ("prepare", "switch") or phase.start != line.t:
            continue
        step = routine.steps[phase.step]
        need = move_seconds(line.text) if phase.kind == "prepare" else MOVE_SECONDS
        left = round(phase.end - line.t - seconds, 3)
        if left < need:
            what = _STARTS.get(step.type, "the step")
            key = "prepare" if phase.kind == "prepare" else "switch"
            warn(
                where,
                "move",
                f"{name}: {said}, which leaves {max(left, 0):.1f} s to get into position "
                f"before {what} starts; leave at least {plain(need)} s (a longer {key!r}, "
                "or a shorter line)",
            )


_STARTS = {
    "stretch": "the hold",
    "move": "the movement",
    "breathe": "the breathing",
    "tense": "tensing",
}
_CUE_KEYS: dict[str, tuple[str, ...]] = {
    "hold": ("duration", "hold", "hold_out"),
    "halfway": ("duration",),
    "countdown": ("countdown", "duration", "tense"),
    "switch": ("switch", "sides"),
    "rep": ("reps",),
    "count": ("count",),
    "inhale": ("inhale",),
    "exhale": ("exhale",),
    "tense": ("tense",),
    "relax": ("relax",),
}


def _spoken_at(group: list[Cue], routine: Routine, raw: dict[str, Any]) -> tuple[str | int, ...]:
    """The key in the file whose text a line speaks: the author's ``say`` (or cue) before
    the step's name, before what the timeline adds (holds, counts, switches)."""
    ranked = sorted(group, key=lambda c: {"say": 0, "step": 1}.get(c.kind, 2))
    cue = ranked[0]
    if cue.step is None:
        return ()
    at: tuple[str | int, ...] = ("steps", cue.step)
    node = get(raw, at)
    if not isinstance(node, dict):
        return at
    step = routine.steps[cue.step]
    if cue.kind == "say":
        for j, authored in enumerate(getattr(step, "cues", ())):
            if authored.say == cue.text and isinstance(get(raw, (*at, "cues", j)), dict):
                return (*at, "cues", j, "say")
        keys: tuple[str, ...] = ("say", "relax")
    elif cue.kind == "step":
        keys = ("say", "name")
    else:
        keys = _CUE_KEYS.get(cue.kind, ())
    for key in keys:
        if key in node:
            return (*at, key)
    return at


def _quote(text: str) -> str:
    return repr(text[:50] + ("..." if len(text) > 50 else ""))


def check_pronounce(
    report: Report, routine: Routine, timeline: Timeline, raw: dict[str, Any]
) -> None:
    """A ``pronounce`` entry that changes no spoken line is a mistake (a typo, a stale entry)."""
    for key in routine.pronounce:
        say = pronouncer({key: routine.pronounce[key]})
        if not any(say(c.text) != c.text for c in timeline.cues):
            report.warning(
                f"pronounce: {key!r} does not appear (as a whole word) in anything spoken",
                ("pronounce", key),
                key=True,
            )


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
