"""Checks a routine file needs beyond its model: timing that cannot work, cues outside their
step, pictures that are missing, and spoken lines that cannot fit before the next cue."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from crampcoach.core.figure.library import pose_ids
from crampcoach.core.routine import (
    MAX_ROUTINE_SECONDS,
    BreatheStep,
    MoveStep,
    RestStep,
    Routine,
    StretchStep,
)
from crampcoach.core.routine_errors import Report, get, label, plain
from crampcoach.core.speaking import estimate_seconds
from crampcoach.core.timeline import Timeline, build_timeline
from crampcoach.core.timing import Timing

SPEECH_TOLERANCE = 0.25  # seconds a line may run into the next cue before we warn


def check_routine(
    report: Report,
    routine: Routine,
    raw: dict[str, Any],
    path: Path,
    wpm: float,
    timing: Timing | None,
) -> Timeline:
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
    _check_speech(report, timeline, raw, wpm)
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


def _check_speech(report: Report, timeline: Timeline, raw: dict[str, Any], wpm: float) -> None:
    """Warn when what is said at a moment cannot be finished before the next cue."""
    cues = timeline.cues
    warned: set[tuple[int | None, str]] = set()
    i = 0
    while i < len(cues):
        j = i
        while j < len(cues) and cues[j].t == cues[i].t:
            j += 1
        if j >= len(cues):
            break
        gap = cues[j].t - cues[i].t
        text = " ".join(c.text for c in cues[i:j])
        if len(text) < gap * wpm * 0.05:  # under ~3 characters per word: surely fits
            i = j
            continue
        needed = estimate_seconds(text, wpm)
        step = cues[i].step
        if needed > gap + SPEECH_TOLERANCE and (step, text) not in warned:
            warned.add((step, text))
            where: tuple[str | int, ...] = ("steps", step) if step is not None else ()
            if step is not None and isinstance(get(raw, where), dict):
                for key in ("say", "name"):
                    if key in raw["steps"][step]:
                        where = (*where, key)
                        break
            report.warning(
                f"{label(('steps', step) if step is not None else (), raw)}: "
                f"{text[:50] + ('...' if len(text) > 50 else '')!r} takes about "
                f"{needed:.1f} s to say at {plain(wpm)} words/min, but the next cue comes "
                f"{plain(round(gap, 2))} s later; shorten the text or give it more time "
                "(e.g. a longer 'prepare')",
                where,
            )
        i = j


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
