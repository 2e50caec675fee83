"""Expand a routine into a timeline: timed cues to speak and phases to show.

The timeline is pure data computed once from a routine. The session engine plays it
against a clock, the narrator speaks its cues, and the player draws its phases, so all
three agree on what happens when.

Timing rules (routine format 1):
- ``prepare`` seconds precede every stretch, move, breathe and tense step; the step's
  name and ``say`` are spoken during it. Rest and say steps have none.
- Per side: stretch = duration; move = reps x tempo; tense = tense + relax.
  ``sides: both`` runs left, then ``switch`` seconds, then right.
- breathe = cycles x (inhale + hold + exhale + hold_out); with ``count`` each whole second
  after a phase's first is counted aloud ("2", "3", ...).
- The routine's ``pronounce`` map gives each cue the words the narrator says instead
  (``Cue.speech``); the text shown stays as written.
- The routine's duration is the sum of its steps.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, NamedTuple

from crampcoach.core.routine import (
    BreatheStep,
    MoveStep,
    RestStep,
    Routine,
    SayStep,
    StretchStep,
    TenseStep,
    TimedCue,
)
from crampcoach.core.speaking import pronouncer
from crampcoach.core.timing import Timing

CueKind = Literal[
    "step",
    "say",
    "countdown",
    "halfway",
    "switch",
    "inhale",
    "hold",
    "exhale",
    "tense",
    "relax",
    "rep",
    "count",
    "end",
]
PhaseKind = Literal[
    "prepare",
    "hold",
    "move",
    "switch",
    "inhale",
    "hold-in",
    "exhale",
    "hold-out",
    "tense",
    "relax",
    "rest",
    "say",
]

HALFWAY_MIN_HOLD = 20.0  # shorter holds get no "halfway" cue
CUE_CLEARANCE = 3.0  # no "halfway" this close to an author's own cue
COUNTDOWN_CLEARANCE = 1.5  # no countdown number this close to the start of a hold
RELAX_NOTICE_MIN = 20.0  # relax phases at least this long get a mid-way reminder
END_TEXT = "Session complete. Well done."


def _r(t: float) -> float:
    """Round away float noise (5.5 + 5.5 + ...) so times compare and print cleanly."""
    return round(t, 6)


class Cue(NamedTuple):
    """Something to say (and signal) at ``t`` seconds from the session start."""

    t: float
    kind: CueKind
    text: str
    step: int | None
    side: str | None = None
    speech: str | None = None  # what the narrator says instead of ``text`` (``pronounce``)

    @property
    def spoken(self) -> str:
        return self.text if self.speech is None else self.speech

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "t": _num(self.t),
            "kind": self.kind,
            "text": self.text,
            "step": self.step,
            "side": self.side,
        }
        if self.speech is not None:
            data["speak"] = self.speech
        return data


class Phase(NamedTuple):
    """A stretch of time with one thing to do; phases tile the whole session."""

    start: float
    end: float
    kind: PhaseKind
    step: int
    side: str | None = None
    cycle: int | None = None  # breath cycle (1-based) for breathing phases

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class StepSpan:
    """Where one step of the routine sits on the timeline."""

    index: int
    start: float
    end: float
    type: str
    name: str

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Timeline:
    routine_id: str
    title: str
    duration: float
    cues: tuple[Cue, ...]
    phases: tuple[Phase, ...]
    steps: tuple[StepSpan, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_cue_times", [c.t for c in self.cues])
        object.__setattr__(self, "_phase_starts", [p.start for p in self.phases])
        object.__setattr__(self, "_step_starts", [s.start for s in self.steps])

    def first_cue_at_or_after(self, t: float) -> int:
        """Index of the first cue with time >= t (len(cues) if none)."""
        return bisect.bisect_left(self._cue_times, _r(t))  # type: ignore[attr-defined]

    def step_index_at(self, t: float) -> int:
        """The step playing at time t (the last step at or after the end)."""
        i = bisect.bisect_right(self._step_starts, _r(t)) - 1  # type: ignore[attr-defined]
        return min(max(i, 0), len(self.steps) - 1)

    def phase_at(self, t: float) -> Phase:
        i = bisect.bisect_right(self._phase_starts, _r(t)) - 1  # type: ignore[attr-defined]
        return self.phases[min(max(i, 0), len(self.phases) - 1)]

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.routine_id,
            "title": self.title,
            "duration": _num(self.duration),
            "cues": [c.to_json() for c in self.cues],
        }


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else round(x, 3)


def _seconds_text(seconds: float) -> str:
    s = _num(seconds)
    return f"{s} second" if s == 1 else f"{s} seconds"


class _Builder:
    def __init__(self, routine: Routine, prepare: float | None, switch: float | None) -> None:
        self.routine = routine
        defaults = routine.defaults
        # The user's preferred timing fills in what the routine's author left unsaid.
        given = defaults.model_fields_set
        update = {
            k: v
            for k, v in (("prepare", prepare), ("switch", switch))
            if v is not None and k not in given
        }
        self.d = defaults.model_copy(update=update) if update else defaults
        self.t = 0.0
        self.pronounce = pronouncer(routine.pronounce)
        self.cues: list[Cue] = []
        self.phases: list[Phase] = []
        self.steps: list[StepSpan] = []

    # -- primitives ---------------------------------------------------------------
    def cue(
        self, t: float, kind: CueKind, text: str, step: int | None, side: str | None = None
    ) -> None:
        spoken = self.pronounce(text)
        self.cues.append(Cue(_r(t), kind, text, step, side, None if spoken == text else spoken))

    def phase(
        self,
        seconds: float,
        kind: PhaseKind,
        step: int,
        side: str | None = None,
        cycle: int | None = None,
    ) -> float:
        """Append a phase starting now; returns its start time."""
        start = self.t
        if seconds > 0:
            self.t = start + seconds
            self.phases.append(Phase(_r(start), _r(self.t), kind, step, side, cycle))
        return start

    def countdown(
        self, start: float, seconds: float, count: int, step: int, side: str | None
    ) -> None:
        for k in range(count, 0, -1):
            if seconds - k >= COUNTDOWN_CLEARANCE:
                self.cue(start + seconds - k, "countdown", str(k), step, side)

    def authored(
        self, start: float, seconds: float, cues: list[TimedCue], step: int, side: str | None
    ) -> None:
        for c in cues:
            if c.at < seconds:
                self.cue(start + c.at, "say", c.say, step, side)

    def announce(self, i: int, name: str, say: str | None, side: str | None) -> None:
        text = name if side is None else f"{name}. {side.capitalize()} side."
        self.cue(self.t, "step", text, i, side)
        if say:
            self.cue(self.t, "say", say, i, side)

    # -- steps --------------------------------------------------------------------
    def build(self) -> Timeline:
        for i, step in enumerate(self.routine.steps):
            start = self.t
            if isinstance(step, StretchStep):
                self.stretch(i, step)
            elif isinstance(step, MoveStep):
                self.move(i, step)
            elif isinstance(step, BreatheStep):
                self.breathe(i, step)
            elif isinstance(step, TenseStep):
                self.tense(i, step)
            elif isinstance(step, RestStep):
                self.rest(i, step)
            else:
                self.say(i, step)
            name = step.name or (step.say if isinstance(step, SayStep) else step.type)
            self.steps.append(StepSpan(i, _r(start), _r(self.t), step.type, name))
        self.cue(self.t, "end", END_TEXT, None)
        # Stable sort keeps authoring order for cues that share a time.
        self.cues.sort(key=lambda c: c.t)
        return Timeline(
            self.routine.id,
            self.routine.title,
            _r(self.t),
            tuple(self.cues),
            tuple(self.phases),
            tuple(self.steps),
        )

    def _prepare(self, i: int, step: StretchStep | MoveStep | BreatheStep | TenseStep) -> None:
        first_side = getattr(step, "sides", None)
        side = first_side.order()[0] if first_side is not None else None
        self.announce(i, step.name, step.say, side)
        prepare = step.prepare if step.prepare is not None else self.d.prepare
        self.phase(prepare, "prepare", i, side)

    def _switch(self, i: int, seconds: float, side: str) -> None:
        self.cue(self.t, "switch", f"Switch to the {side} side.", i, side)
        self.phase(seconds, "switch", i, side)

    def _sided(
        self, i: int, step: StretchStep | MoveStep | TenseStep, run: Callable[[str | None], None]
    ) -> None:
        switch = step.switch if step.switch is not None else self.d.switch
        for n, side in enumerate(step.sides.order()):
            if n:
                assert side is not None
                self._switch(i, switch, side)
            run(side)

    def stretch(self, i: int, step: StretchStep) -> None:
        count = step.countdown if step.countdown is not None else self.d.countdown
        self._prepare(i, step)

        def hold(side: str | None) -> None:
            start = self.phase(step.duration, "hold", i, side)
            self.cue(start, "hold", f"Hold for {_seconds_text(step.duration)}.", i, side)
            self.authored(start, step.duration, step.cues, i, side)
            half = step.duration / 2
            if (
                step.duration >= HALFWAY_MIN_HOLD
                and all(abs(c.at - half) >= CUE_CLEARANCE for c in step.cues)
                and half + CUE_CLEARANCE <= step.duration - count
            ):
                self.cue(start + half, "halfway", "Halfway.", i, side)
            self.countdown(start, step.duration, count, i, side)

        self._sided(i, step, hold)

    def move(self, i: int, step: MoveStep) -> None:
        self._prepare(i, step)
        seconds = step.reps * step.tempo

        def reps(side: str | None) -> None:
            start = self.phase(seconds, "move", i, side)
            if step.count:
                for n in range(step.reps):
                    text = f"Go: {n + 1}" if n == 0 else str(n + 1)
                    self.cue(start + n * step.tempo, "rep", text, i, side)
            else:
                self.cue(start, "rep", f"Go: {step.reps} reps.", i, side)
            self.authored(start, seconds, step.cues, i, side)

        self._sided(i, step, reps)

    def breathe(self, i: int, step: BreatheStep) -> None:
        self._prepare(i, step)
        for n in range(1, step.cycle_count + 1):
            for seconds, phase, kind, text in (
                (step.inhale, "inhale", "inhale", "Breathe in."),
                (step.hold, "hold-in", "hold", "Hold."),
                (step.exhale, "exhale", "exhale", "Breathe out."),
                (step.hold_out, "hold-out", "hold", "Hold."),
            ):
                if seconds > 0:
                    self.cue(self.t, kind, text, i)  # type: ignore[arg-type]
                    if step.count:
                        for k in range(1, math.ceil(seconds)):
                            self.cue(self.t + k, "count", str(k + 1), i)
                    self.phase(seconds, phase, i, cycle=n)  # type: ignore[arg-type]

    def tense(self, i: int, step: TenseStep) -> None:
        count = step.countdown if step.countdown is not None else self.d.countdown
        self._prepare(i, step)

        def cycle(side: str | None) -> None:
            start = self.phase(step.tense, "tense", i, side)
            self.cue(start, "tense", "Tense now, and hold.", i, side)
            self.countdown(start, step.tense, count, i, side)
            start = self.phase(step.relax, "relax", i, side)
            self.cue(start, "relax", "And relax. Let the tension go.", i, side)
            if step.relax >= RELAX_NOTICE_MIN:
                self.cue(
                    start + step.relax / 2,
                    "say",
                    "Notice the difference between tension and relaxation.",
                    i,
                    side,
                )

        self._sided(i, step, cycle)

    def rest(self, i: int, step: RestStep) -> None:
        count = step.countdown if step.countdown is not None else self.d.countdown
        self.announce(i, step.name, step.say, None)
        start = self.phase(step.duration, "rest", i)
        self.authored(start, step.duration, step.cues, i, None)
        self.countdown(start, step.duration, count, i, None)

    def say(self, i: int, step: SayStep) -> None:
        self.cue(self.t, "step", step.say, i)
        self.phase(step.seconds, "say", i)


def build_timeline(
    routine: Routine,
    timing: Timing | None = None,
    *,
    prepare: float | None = None,
    switch: float | None = None,
) -> Timeline:
    """Expand ``routine`` into cues and phases following the format's timing rules.

    ``timing`` (or ``prepare`` and ``switch``) are the user's preferred defaults; they apply
    only where the routine's own ``defaults`` do not set them.
    """
    if timing is not None:
        prepare, switch = timing.prepare, timing.switch
    return _Builder(routine, prepare, switch).build()
