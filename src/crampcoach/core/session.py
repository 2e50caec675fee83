"""Play a timeline against a monotonic clock.

Where the session is comes from the clock, never from counting timer ticks, so a late
or missed timer cannot make it drift: the host (the Qt player, a test, a benchmark) asks
``time_to_next_cue()``, arms one timer for it, and calls ``poll()`` when it fires.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from crampcoach.core.clock import Clock
from crampcoach.core.timeline import Cue, Phase, Timeline


class SessionState(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


@dataclass(frozen=True)
class SessionSummary:
    """What happened, for the end-of-session screen and the history."""

    routine_id: str
    completed: bool
    active_seconds: float  # time actually played, pauses excluded
    position: float  # where on the timeline the session ended
    steps_total: int
    steps_completed: tuple[int, ...]
    steps_skipped: tuple[int, ...]


class SessionEngine:
    """The state machine of one guided session.

    Controls: start, pause, resume, next_step, previous_step, restart_step, stop.
    Every cue is emitted at most once per pass, in timeline order; jumping back re-arms
    the cues after the jump target.
    """

    def __init__(self, timeline: Timeline, clock: Clock, *, speed: float = 1.0) -> None:
        if not speed > 0:
            raise ValueError("speed must be positive")
        self.timeline = timeline
        self.clock = clock
        self.speed = speed
        self.state = SessionState.READY
        self._base = 0.0  # timeline position when the clock was last anchored
        self._anchor = 0.0  # clock reading at that moment
        self._active_before = 0.0  # played seconds before the current run
        self._next_cue = 0
        self._crossed = 0.0  # how far playback has got since the last jump
        self._completed: set[int] = set()
        self._skipped: set[int] = set()
        self._course = (0.0, 0.0)  # (clock, position) where the current run began

    # -- where are we ------------------------------------------------------------------
    @property
    def position(self) -> float:
        """Seconds into the timeline (pauses do not count)."""
        if self.state is SessionState.RUNNING:
            moved = max(0.0, self.clock.now() - self._anchor) * self.speed  # (a planned start)
            return min(self._base + moved, self.timeline.duration)
        return self._base

    @property
    def remaining(self) -> float:
        return max(0.0, self.timeline.duration - self.position)

    @property
    def active_seconds(self) -> float:
        """Real seconds spent playing, pauses excluded."""
        if self.state is SessionState.RUNNING:
            return self._active_before + (self.clock.now() - self._anchor)
        return self._active_before

    @property
    def step_index(self) -> int:
        return self.timeline.step_index_at(self.position)

    @property
    def phase(self) -> Phase:
        return self.timeline.phase_at(self.position)

    def phase_progress(self) -> float:
        """0..1 through the current phase, for rings and pacers."""
        phase = self.phase
        if phase.duration <= 0:
            return 1.0
        return min(1.0, max(0.0, (self.position - phase.start) / phase.duration))

    @property
    def is_active(self) -> bool:
        return self.state in (SessionState.RUNNING, SessionState.PAUSED)

    # -- controls --------------------------------------------------------------------
    def start(self, at: float | None = None) -> None:
        """Start now, or as of clock reading ``at`` (a moment the sound was planned for)."""
        if self.state is not SessionState.READY:
            return
        self.state = SessionState.RUNNING
        self._anchor = self.clock.now() if at is None else at
        self._course = (self._anchor, self._base)

    def pause(self) -> None:
        if self.state is SessionState.RUNNING:
            self._freeze()
            self.state = SessionState.PAUSED

    def resume(self) -> None:
        if self.state is SessionState.PAUSED:
            self.state = SessionState.RUNNING
            self._anchor = self.clock.now()
            self._course = (self._anchor, self._base)

    def toggle_pause(self) -> None:
        if self.state is SessionState.RUNNING:
            self.pause()
        elif self.state is SessionState.PAUSED:
            self.resume()
        elif self.state is SessionState.READY:
            self.start()

    def next_step(self) -> None:
        """Skip the rest of this step; on the last step this ends the session."""
        if not self.is_active:
            return
        index = self.step_index
        if index not in self._completed:
            self._skipped.add(index)
        if index + 1 < len(self.timeline.steps):
            self._jump(self.timeline.steps[index + 1].start)
        else:
            self._jump(self.timeline.duration)

    def previous_step(self) -> None:
        """Go back to the start of the previous step (or the first step's start)."""
        if not self.is_active:
            return
        index = max(self.step_index - 1, 0)
        self._jump(self.timeline.steps[index].start)

    def restart_step(self) -> None:
        if self.is_active:
            self._jump(self.timeline.steps[self.step_index].start)

    def stop(self) -> None:
        if self.state in (SessionState.FINISHED, SessionState.STOPPED):
            return
        if self.state is SessionState.RUNNING:
            self._freeze()
        self.state = SessionState.STOPPED

    # -- driving ---------------------------------------------------------------------
    def poll(self) -> list[Cue]:
        """The cues that have come due since the last poll, in order; each only once."""
        return [cue for _, cue in self.poll_indexed()]

    def poll_indexed(self) -> list[tuple[int, Cue]]:
        """Like ``poll``, with each cue's index in the timeline."""
        if self.state is not SessionState.RUNNING:
            return []
        position = self.position
        cues = self.timeline.cues
        due: list[tuple[int, Cue]] = []
        while self._next_cue < len(cues) and cues[self._next_cue].t <= position + 1e-9:
            due.append((self._next_cue, cues[self._next_cue]))
            self._next_cue += 1
        self._mark_completed(position)
        if position >= self.timeline.duration and self._next_cue >= len(cues):
            self._freeze()
            self.state = SessionState.FINISHED
        return due

    def time_to_next_cue(self) -> float | None:
        """Real seconds until the next cue is due (0 if overdue); None when not running."""
        if self.state is not SessionState.RUNNING:
            return None
        cues = self.timeline.cues
        if self._next_cue >= len(cues):
            return max(0.0, (self.timeline.duration - self.position) / self.speed)
        return max(0.0, (cues[self._next_cue].t - self.position) / self.speed)

    @property
    def next_cue_index(self) -> int:
        """The index of the next cue to fire (after the last one: the cue count)."""
        return self._next_cue

    def upcoming(self, horizon: float) -> list[tuple[int, Cue, float]]:
        """The cues due within ``horizon`` real seconds (not yet fired), each with the
        real seconds until it is due: their sounds can be written ahead of them."""
        if self.state is not SessionState.RUNNING:
            return []
        position, cues, out = self.position, self.timeline.cues, []
        for index in range(self._next_cue, len(cues)):
            wait = (cues[index].t - position) / self.speed
            if wait > horizon:
                break
            out.append((index, cues[index], max(0.0, wait)))
        return out

    def due_at(self, cue: Cue) -> float:
        """The clock reading at which ``cue`` is (or was) due in the current run."""
        anchor, base = self._course
        return anchor + (cue.t - base) / self.speed

    def summary(self) -> SessionSummary:
        return SessionSummary(
            routine_id=self.timeline.routine_id,
            completed=self.state is SessionState.FINISHED,
            active_seconds=self.active_seconds,
            position=self.position,
            steps_total=len(self.timeline.steps),
            steps_completed=tuple(sorted(self._completed)),
            steps_skipped=tuple(sorted(self._skipped - self._completed)),
        )

    # -- internals ---------------------------------------------------------------------
    def _freeze(self) -> None:
        now = self.clock.now()
        self._base = min(self._base + (now - self._anchor) * self.speed, self.timeline.duration)
        self._active_before += now - self._anchor
        self._anchor = now

    def _jump(self, target: float) -> None:
        if self.state is SessionState.RUNNING:
            self._freeze()
        self._mark_completed(self._base)
        self._base = target
        self._crossed = target
        self._next_cue = self.timeline.first_cue_at_or_after(target)
        if self.state is SessionState.RUNNING:
            self._anchor = self.clock.now()
            self._course = (self._anchor, self._base)

    def _mark_completed(self, position: float) -> None:
        """Steps whose end playback has reached without jumping count as completed."""
        if position <= self._crossed:
            return
        for span in self.timeline.steps:
            if self._crossed < span.end <= position + 1e-9:
                self._completed.add(span.index)
        self._crossed = position
