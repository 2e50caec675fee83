"""The history and diary for the GUI: every read and write runs on the disk thread.

The SQLite connection is opened lazily on that one worker thread and only used there, so
the GUI never waits on the disk and writes happen in the order they were asked for.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from crampcoach.core.diary import Cramp
from crampcoach.core.history_store import HistoryStore, SessionRecord, history_path, open_history
from crampcoach.core.library import LibraryEntry
from crampcoach.desktop.background import Background

if TYPE_CHECKING:
    from crampcoach.core.session import SessionSummary

log = logging.getLogger(__name__)
HEARTBEAT_MS = 15_000  # how much of a session a kill -9 can lose


@dataclass(frozen=True)
class Snapshot:
    sessions: list[SessionRecord]
    cramps: list[Cramp]


class History(QObject):
    changed = Signal()  # a session or cramp was written: views should refresh
    notice = Signal(str)  # something the user should know (a damaged file was set aside)

    def __init__(self, background: Background, path: Path | None = None) -> None:
        super().__init__(background)
        self.background = background
        self.path = path or history_path()
        self._store: HistoryStore | None = None

    def _open(self) -> HistoryStore:
        """Disk thread only. The first open also closes sessions a killed run left open."""
        if self._store is None:
            store, notice = open_history(self.path)
            if notice:
                self.background.done.emit(self.notice.emit, notice)  # said on the GUI thread
            recovered = store.recover_interrupted()
            if recovered:
                log.info("%d interrupted session(s) recorded as stopped", recovered)
            self._store = store
        return self._store

    def open_now(self) -> None:
        """Open (and repair) the database early, off the GUI thread."""
        self.background.run(self._open, what="opening your history")

    def write(
        self,
        job: Callable[[HistoryStore], object],
        on_done: Callable[[object], None] | None = None,
        what: str = "your history",
        *,
        notify: bool = True,
        key: object = None,
    ) -> None:
        """Change the history; kept and retried if the disk refuses (Background.write).
        ``notify`` emits ``changed`` afterwards, so open views refresh."""

        # Signals go out from the GUI thread only: a plain Python callable connected to a
        # signal emitted on the disk thread would run on the disk thread.
        def done(result: object) -> None:
            if on_done is not None:
                on_done(result)
            if notify:
                self.changed.emit()

        self.background.write(lambda: job(self._open()), what, key=key, on_done=done)

    def read(
        self, job: Callable[[HistoryStore], object], on_done: Callable[[object], None], what: str
    ) -> None:
        self.background.run(lambda: job(self._open()), on_done, what=what)

    def log_cramp(self, cramp: Cramp, on_done: Callable[[object], None] | None = None) -> None:
        self.write(lambda store: store.add_cramp(cramp), on_done, what="the cramp you logged")

    def delete_cramp(self, cramp_id: int) -> None:
        self.write(lambda store: store.delete_cramp(cramp_id), what="the deletion of a cramp")

    def snapshot(self, since: dt.datetime | None, on_done: Callable[[object], None]) -> None:
        self.read(
            lambda store: Snapshot(store.sessions(since), store.cramps(since)),
            on_done,
            what="reading your history",
        )

    def close(self) -> None:
        """Runs after every queued write (the disk thread is FIFO)."""

        def close() -> None:
            if self._store is not None:
                self._store.close()
                self._store = None

        if self.background.is_shut_down:
            close()  # the disk thread has finished: nothing else uses the store
        else:
            self.background.run(close, what="closing your history")


class SessionRecorder(QObject):
    """Writes one played session into the history: a row when it starts, its position every
    15 s while it plays, and how it ended."""

    def __init__(
        self,
        driver: QObject,
        entry: LibraryEntry,
        history: History,
        wall: Callable[[], dt.datetime],
    ) -> None:
        super().__init__(driver)
        self.driver = driver
        self.history = history
        self.wall = wall
        self.record = SessionRecord(
            routine_id=entry.id,
            title=entry.routine.title,
            tags=tuple(entry.routine.tags),
            started=wall(),
            duration=entry.timeline.duration,
            steps_total=len(entry.routine.steps),
        )
        self._row: list[int] = []  # filled on the disk thread, read only there
        self._started = False
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self._beat)
        driver.state_changed.connect(self._on_state)  # type: ignore[attr-defined]
        driver.finished.connect(self._on_finished)  # type: ignore[attr-defined]

    def _on_state(self, state: str) -> None:
        if state == "running" and not self._started:  # SessionState.RUNNING
            self._started = True
            self.record = replace(self.record, started=self.wall())
            record, row = self.record, self._row
            self.history.write(
                lambda store: row.append(store.start_session(record).id or 0),
                what="this session",
                notify=False,
            )
            self._heartbeat.start()

    def _beat(self) -> None:
        summary: SessionSummary = self.driver.summary()  # type: ignore[attr-defined]
        self._write(summary, "playing")

    def _on_finished(self, summary: SessionSummary) -> None:
        self._heartbeat.stop()
        if self._started:
            self._write(summary, "completed" if summary.completed else "stopped")
            self._started = False

    def _write(self, summary: SessionSummary, status: str) -> None:
        record = replace(
            self.record,
            ended=self.wall(),
            status=status,  # type: ignore[arg-type]
            active_seconds=summary.active_seconds,
            position=summary.position,
            steps_skipped=summary.steps_skipped,
        )
        row = self._row

        def update(store: HistoryStore) -> None:
            if row:
                store.update_session(replace(record, id=row[0]))

        self.history.write(
            update, what="this session", notify=status != "playing", key=("session", id(self))
        )
