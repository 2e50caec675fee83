"""Drive a SessionEngine from the Qt event loop with one precise timer per cue.

The engine knows where the session is from the monotonic clock; this driver only arms
a single-shot timer for the next cue and relays what comes due as signals. A late
timer therefore makes a cue late, never the session.

With ``ahead`` set (seconds), each cue is also announced that long before it is due
(``cue_ahead``), so its sound can be written into the audio stream to come out on it.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from crampcoach.core.clock import Clock
from crampcoach.core.session import SessionEngine, SessionState, SessionSummary
from crampcoach.core.timeline import Timeline

# Wake a little early and poll again: Qt timers may fire up to ~1 ms late, and
# firing early costs only one extra, harmless poll.
EARLY_MS = 2


class SessionDriver(QObject):
    cue_fired = Signal(int, object)  # cue index, Cue
    state_changed = Signal(str)  # SessionState value
    jumped = Signal()  # position changed by a control (next/previous/restart)
    finished = Signal(object)  # SessionSummary, when the routine ends or is stopped
    cue_ahead = Signal(int, object, float)  # cue index, Cue, clock reading it is due at

    def __init__(
        self, timeline: Timeline, clock: Clock, *, speed: float = 1.0, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.engine = SessionEngine(timeline, clock, speed=speed)
        self.clock = clock
        self.started_at: float | None = None
        self.ahead = 0.0  # announce cues this many seconds ahead (0: never)
        self._announced = -1  # the last cue index announced ahead
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timer)
        self._ahead_timer = QTimer(self)
        self._ahead_timer.setSingleShot(True)
        self._ahead_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._ahead_timer.timeout.connect(self._announce)
        self._start_timer = QTimer(self)
        self._start_timer.setSingleShot(True)
        self._start_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._start_timer.timeout.connect(self._begin)

    @property
    def timeline(self) -> Timeline:
        return self.engine.timeline

    @property
    def state(self) -> SessionState:
        return self.engine.state

    # -- controls --------------------------------------------------------------------
    def start(self, delay: float = 0.0) -> None:
        """Start now, or ``delay`` seconds from now with the first cues announced at once
        (their sounds then come out exactly at the start)."""
        if self.engine.state is not SessionState.READY or self.started_at is not None:
            return
        self.started_at = at = self.clock.now() + max(0.0, delay)
        if delay <= 0:
            self.engine.start(at)
            self._after_change(keep_announced=True)
            return
        for index, cue in enumerate(self.timeline.cues):  # cues due within the lead
            if cue.t / self.engine.speed > self.ahead:
                break
            self._announced = index
            self.cue_ahead.emit(index, cue, at + cue.t / self.engine.speed)
        self._ahead_timer.stop()
        self._start_timer.start(max(0, round(delay * 1000)))

    def _begin(self) -> None:
        if self.engine.state is SessionState.READY and self.started_at is not None:
            self.engine.start(self.started_at)
            self._after_change(keep_announced=True)

    def pause(self) -> None:
        self.engine.pause()
        self._after_change()

    def resume(self) -> None:
        self.engine.resume()
        self._after_change()

    def toggle_pause(self) -> None:
        if self.engine.state is SessionState.READY:
            self.start()
            return
        self.engine.toggle_pause()
        self._after_change()

    def next_step(self) -> None:
        self._jump(self.engine.next_step)

    def previous_step(self) -> None:
        self._jump(self.engine.previous_step)

    def restart_step(self) -> None:
        self._jump(self.engine.restart_step)

    def stop(self) -> None:
        if self.engine.state in (SessionState.FINISHED, SessionState.STOPPED):
            return
        self.engine.stop()
        self._timer.stop()
        self._ahead_timer.stop()
        self._start_timer.stop()
        self.state_changed.emit(self.engine.state.value)
        self.finished.emit(self.engine.summary())

    def summary(self) -> SessionSummary:
        return self.engine.summary()

    def seconds_since_start(self) -> float:
        return 0.0 if self.started_at is None else self.clock.now() - self.started_at

    def poll_now(self) -> None:
        """Deliver anything due right now (used by tests and after clock jumps)."""
        self._on_timer()

    # -- internals -----------------------------------------------------------------------
    def _jump(self, control: Callable[[], None]) -> None:
        if not self.engine.is_active:
            return
        control()
        self.jumped.emit()
        self._after_change()

    def _after_change(self, keep_announced: bool = False) -> None:
        if not keep_announced:  # paused, resumed or jumped: the announced course is void
            self._announced = self.engine.next_cue_index - 1
        self.state_changed.emit(self.engine.state.value)
        self._deliver()

    def _on_timer(self) -> None:
        self._deliver()

    def _deliver(self) -> None:
        for index, cue in self.engine.poll_indexed():
            self.cue_fired.emit(index, cue)
        if self.engine.state is SessionState.FINISHED:
            self._timer.stop()
            self.state_changed.emit(self.engine.state.value)
            self.finished.emit(self.engine.summary())
            return
        wait = self.engine.time_to_next_cue()
        if wait is None:
            self._timer.stop()
            self._ahead_timer.stop()
        else:
            ms = wait * 1000
            self._timer.start(int(ms) - EARLY_MS if ms > EARLY_MS + 1 else math.ceil(ms))
            self._announce()

    def _announce(self) -> None:
        """Announce the cues due within ``ahead``; arm the timer for the next one."""
        if self.ahead <= 0 or self.engine.state is not SessionState.RUNNING:
            self._ahead_timer.stop()
            return
        for index, cue, _wait in self.engine.upcoming(self.ahead):
            if index > self._announced:
                self._announced = index
                self.cue_ahead.emit(index, cue, self.engine.due_at(cue))
        cues = self.timeline.cues
        following = max(self._announced + 1, self.engine.next_cue_index)
        if following >= len(cues):
            self._ahead_timer.stop()
            return
        later = self.engine.due_at(cues[following]) - self.clock.now() - self.ahead
        self._ahead_timer.start(max(0, int(later * 1000)))
