"""Runs the reminder engine in the app: one timer for the next reminder, and a watch for
sleep/resume and wall-clock jumps.

QTimer counts on the monotonic clock, which stops while the machine sleeps and ignores
changes to the wall clock; reminders are wall-clock times. So a slow watch (once a
minute, not every second) compares how far both clocks moved and, when they disagree,
asks the engine what came due and re-arms the one timer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from crampcoach.core.clock import Clock
from crampcoach.core.reminder_engine import ReminderEngine
from crampcoach.core.schedule import Firing

WATCH_MS = 60_000  # how often the two clocks are compared
JUMP_TOLERANCE = dt.timedelta(seconds=5)
MAX_TIMER_MS = 6 * 3600 * 1000  # re-check at least every six hours


class ReminderRuntime(QObject):
    fired = Signal(object)  # Firing: show a notification and the in-app prompt
    missed = Signal(list)  # list[Firing] recorded as missed (too late after sleep)
    changed = Signal()  # the next reminder changed (tray text)

    def __init__(self, engine: ReminderEngine, monotonic: Clock,
                 parent: QObject | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.engine = engine
        self.monotonic = monotonic
        self.wall: Callable[[], dt.datetime] = engine.wall
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self.check)
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_MS)
        self._watch.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._watch.timeout.connect(self._compare_clocks)
        self._marks = (self.wall(), self.monotonic.now())

    def start(self) -> None:
        self.check()
        self._watch.start()

    def stop(self) -> None:
        self._timer.stop()
        self._watch.stop()

    def check(self) -> None:
        """Handle whatever came due, then arm the one timer for the next reminder."""
        due = self.engine.due()
        for firing in due.fire:
            self.fired.emit(firing)
        if due.missed:
            self.missed.emit(due.missed)
        self._arm()
        self.changed.emit()

    def next_reminder(self) -> Firing | None:
        upcoming = self.engine.upcoming(1)
        return upcoming[0] if upcoming else None

    def snooze(self, firing: Firing, minutes: int) -> None:
        self.engine.snooze(firing, minutes)
        self._arm()
        self.changed.emit()

    def skip(self, firing: Firing) -> None:
        self.engine.skip(firing)

    def pause_until(self, until: dt.datetime | None) -> None:
        self.engine.pause_until(until)
        self.check()

    def armed_in_ms(self) -> int | None:
        return self._timer.remainingTime() if self._timer.isActive() else None

    def _arm(self) -> None:
        wake = self.engine.next_wakeup()
        self._marks = (self.wall(), self.monotonic.now())
        if wake is None:
            self._timer.stop()
            return
        ms = (wake - self.wall()).total_seconds() * 1000
        self._timer.start(int(min(max(ms, 0), MAX_TIMER_MS)))

    def _compare_clocks(self) -> None:
        wall0, mono0 = self._marks
        wall_moved = self.wall() - wall0
        mono_moved = dt.timedelta(seconds=self.monotonic.now() - mono0)
        self._marks = (self.wall(), self.monotonic.now())
        if abs(wall_moved - mono_moved) > JUMP_TOLERANCE:
            self.check()  # slept, or the clock was changed: re-plan
