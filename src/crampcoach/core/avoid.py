"""Muscles to rest: which routines and steps work them, and a routine with those steps left out.

What a step works (in the groups of core/muscle_groups.py):

- a stretch, move or tense step with a figure: the muscles its pose highlights;
- such a step without a figure (or with its own picture), and a rest step: the muscle words
  in its name ("Left calf", "Arch massage");
- breathing and narration steps work none.

A routine works what its ``muscles`` list names plus what its steps work; the library marks
it when that meets the muscles to rest.

``without_avoided`` is a pure function from a routine to a routine, like
``length.scale_routine``: build its timeline as usual, and timing, captions, the audio file
and the handout all agree. Each run of skipped steps becomes one ``say`` step that tells why
("Skipping “Wall calf stretch”: it works your calves, which you asked to rest."); a rest
that only separated two skipped steps goes with them. A routine whose every exercise would
be skipped is not played (``nothing_left``): an empty session helps nobody.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from crampcoach.core.muscle_groups import groups_of, known, spoken
from crampcoach.core.routine import (
    BreatheStep,
    MoveStep,
    RestStep,
    Routine,
    SayStep,
    Step,
    StretchStep,
    TenseStep,
)

if TYPE_CHECKING:
    from crampcoach.core.library import LibraryEntry
    from crampcoach.core.settings import Settings

EXERCISES = (StretchStep, MoveStep, BreatheStep, TenseStep)
MAX_NAMES = 3  # a note names at most this many skipped steps


def step_groups(step: Step) -> frozenset[str]:
    """The muscle groups ``step`` works (see the module's rules)."""
    from crampcoach.core.figure.steps import pose_for

    if isinstance(step, (StretchStep, MoveStep, TenseStep)):
        pose = pose_for(step)
        if pose is not None:
            return groups_of(h.muscle for h in pose.muscles)
        return groups_of(step.name.replace(",", " ").split())
    if isinstance(step, RestStep):
        return groups_of(step.name.replace(",", " ").split())
    return frozenset()


def routine_groups(routine: Routine) -> frozenset[str]:
    """Every group the routine works: its ``muscles`` list and its steps."""
    found = set(groups_of(routine.muscles))
    for step in routine.steps:
        found |= step_groups(step)
    return frozenset(found)


def avoided_in(routine: Routine, avoid: Iterable[str]) -> tuple[str, ...]:
    """The muscles to rest that ``routine`` works, in vocabulary order (empty: none)."""
    rest = set(known(avoid))
    if not rest:
        return ()
    return known(routine_groups(routine) & rest)


def skipped_steps(routine: Routine, avoid: Iterable[str]) -> dict[int, tuple[str, ...]]:
    """Step index -> the muscles to rest it works, for every step that would be skipped."""
    rest = set(known(avoid))
    if not rest:
        return {}
    found = {i: known(step_groups(s) & rest) for i, s in enumerate(routine.steps)}
    return {i: groups for i, groups in found.items() if groups}


def nothing_left(routine: Routine, avoid: Iterable[str]) -> str | None:
    """Why the routine cannot be played with its avoided steps skipped, or None."""
    skipped = skipped_steps(routine, avoid)
    exercises = [i for i, s in enumerate(routine.steps) if isinstance(s, EXERCISES)]
    if not skipped or not exercises or any(i not in skipped for i in exercises):
        return None
    muscles = spoken(g for groups in skipped.values() for g in groups)
    return (
        f"Every exercise in “{routine.title}” works your {muscles}, which you asked to rest, "
        "so there is nothing left to play. Choose another routine, or change Muscles to rest "
        "in Settings."
    )


def without_avoided(routine: Routine, avoid: Iterable[str]) -> Routine:
    """``routine`` with every step that works a muscle to rest replaced by a short spoken
    note; the same object when nothing is skipped."""
    skipped = skipped_steps(routine, avoid)
    if not skipped:
        return routine
    steps = list(routine.steps)
    out: list[Step] = []
    i = 0
    while i < len(steps):
        if i not in skipped:
            out.append(steps[i])
            i += 1
            continue
        run = [i]  # skipped steps, and the rests that only separate them
        j = i + 1
        while j < len(steps):
            if j in skipped:
                run.append(j)
            elif not (isinstance(steps[j], RestStep) and _next_skipped(steps, skipped, j)):
                break
            j += 1
        out.append(_note([steps[k] for k in run if k in skipped], skipped, run))
        i = j
    return routine.model_copy(update={"steps": out})


def _next_skipped(steps: list[Step], skipped: dict[int, tuple[str, ...]], j: int) -> bool:
    """Whether the steps after ``j`` reach a skipped step through rests only."""
    k = j + 1
    while k < len(steps) and isinstance(steps[k], RestStep) and k not in skipped:
        k += 1
    return k in skipped


def _note(steps: list[Step], skipped: dict[int, tuple[str, ...]], run: list[int]) -> SayStep:
    names = list(dict.fromkeys(getattr(s, "name", None) or s.type for s in steps))
    shown = [f"“{n}”" for n in names[:MAX_NAMES]]
    if len(names) > MAX_NAMES:
        shown.append(f"{len(names) - MAX_NAMES} more")
    listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
    muscles = spoken(g for k in run for g in skipped.get(k, ()))
    they = "it works" if len(steps) == 1 else "they work"
    text = f"Skipping {listed}: {they} your {muscles}, which you asked to rest."
    title = f"Skipped: {names[0]}" + (f" and {len(names) - 1} more" if len(names) > 1 else "")
    return SayStep(type="say", say=text, name=title[:80])


def rested_duration(entry: LibraryEntry, avoid: Iterable[str]) -> float:
    """How long ``entry`` plays with its avoided steps skipped, from its own timeline (so
    with the timing it was built with): the steps left out go, their notes come in."""
    rested = without_avoided(entry.routine, avoid)
    kept = {id(step) for step in rested.steps}
    original = {id(step) for step in entry.routine.steps}
    gone = sum(
        span.duration
        for span, step in zip(entry.timeline.steps, entry.routine.steps, strict=True)
        if id(step) not in kept
    )
    notes = sum(s.seconds for s in rested.steps if id(s) not in original and isinstance(s, SayStep))
    return entry.timeline.duration - gone + notes


def entry_without_avoided(entry: LibraryEntry, settings: Settings) -> LibraryEntry:
    """``entry`` as the user's settings play it: with skipping on, the steps that work a
    muscle to rest left out (its timeline rebuilt with the user's timing); else itself."""
    if not settings.skip_avoided_steps:
        return entry
    routine = without_avoided(entry.routine, settings.avoid_muscles)
    if routine is entry.routine:
        return entry
    from crampcoach.core.library import LibraryEntry
    from crampcoach.core.timeline import build_timeline

    timeline = build_timeline(routine, settings.timing)
    return LibraryEntry(routine, timeline, entry.path, entry.origin)
