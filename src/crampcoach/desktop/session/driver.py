"""Drive a SessionEngine from the Qt event loop with one precise timer per cue.

The engine knows where the session is from the monotonic clock; this driver only arms
a single-shot timer for the next cue and relays what comes due as signals. A late
timer therefore makes a cue late, never the session.
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

    def __init__(
        self, timeline: Timeline, clock: Clock, *, speed: float = 1.0, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.engine = SessionEngine(timeline, clock, speed=speed)
        self.clock = clock
        self.started_at: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._on_timer)

    @property
    def timeline(self) -> Timeline:
        return self.engine.timeline

    @property
    def state(self) -> SessionState:
        return self.engine.state

    # -- controls --------------------------------------------------------------------
    def start(self) -> None:
        if self.engine.state is SessionState.READY:
            self.started_at = self.clock.now()
            self.engine.start()
            self._after_change()

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

    def _after_change(self) -> None:
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
        else:
            ms = wait * 1000
            self._timer.start(int(ms) - EARLY_MS if ms > EARLY_MS + 1 else math.ceil(ms))
