"""Reminders in the running app: plan with the engine, fire on one timer, ask the person.

Owns the engine, the runtime, the notifier and the open prompts. It asks for a routine to
start through ``start_requested``; the composition root (app.py) decides what that means.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from crampcoach.core.atomic import write_atomic
from crampcoach.core.calendar_import import (
    ImportReport,
    apply,
    describe_all,
    refresh_watched,
)
from crampcoach.core.calendar_store import CalendarStore
from crampcoach.core.clock import Clock
from crampcoach.core.library import Library
from crampcoach.core.reminder_engine import ReminderEngine
from crampcoach.core.schedule import Firing
from crampcoach.core.schedule_store import Schedule, load_schedule, save_schedule, schedule_path
from crampcoach.desktop.background import Background
from crampcoach.desktop.reminders.notifier import Notifier
from crampcoach.desktop.reminders.prompt import ReminderPrompt
from crampcoach.desktop.reminders.runtime import ReminderRuntime
from crampcoach.desktop.reminders.view import RemindersView


class ReminderController(QObject):
    start_requested = Signal(str)  # routine id a reminder offered
    notice = Signal(str)
    next_changed = Signal(object, object)  # next Firing or None, paused until or None

    def __init__(
        self,
        background: Background,
        clock: Clock,
        zone: ZoneInfo,
        wall: Callable[[], dt.datetime],
        *,
        grace_minutes: int,
        view: RemindersView,
        library: Callable[[], Library | None],
        window: QWidget,
        tray: QSystemTrayIcon | None = None,
        notifier: Notifier | None = None,
    ) -> None:
        super().__init__(window)
        self.background = background
        self.view = view
        self.window = window
        self.library = library
        loaded = load_schedule()
        self.engine = ReminderEngine(
            loaded.schedule,
            zone,
            wall,
            grace=dt.timedelta(minutes=grace_minutes),
            save=self._save_state,
        )
        self._startup_notices = [n for n in (loaded.notice, self.engine.notice) if n]
        self.runtime = ReminderRuntime(self.engine, clock, window)
        self.notifier = notifier or Notifier(tray, window)
        self.notifier.action.connect(self.answer)
        self.runtime.fired.connect(self._on_fired)
        self.runtime.changed.connect(self._on_changed)
        self.prompts: list[ReminderPrompt] = []
        self.held = False  # a session is playing: firings wait in ``waiting``
        self.waiting: list[Firing] = []
        self._watch = QFileSystemWatcher(self)
        self._watch_schedule()
        self._watch.fileChanged.connect(lambda _p: self.reload_schedule())
        self._watch.directoryChanged.connect(lambda _p: self.reload_schedule())
        self._calendar_watch = QFileSystemWatcher(self)  # calendars imported with --watch
        self._calendar_watch.fileChanged.connect(lambda _p: self.refresh_calendars())
        self._calendar_watch.directoryChanged.connect(lambda _p: self.refresh_calendars())
        view.changed.connect(self.save_schedule)

    def start(self) -> None:
        for notice in self._startup_notices:
            self.notice.emit(notice)
        self.runtime.start()
        self.refresh_calendars()

    def _save_state(self, path: Path, data: bytes) -> None:
        """The engine's fired/snoozed state, written on the disk thread (newest wins)."""
        self.background.write(
            lambda: write_atomic(path, data), "the reminder state", key="reminder-state"
        )

    def set_grace(self, minutes: int) -> None:
        self.engine.grace = dt.timedelta(minutes=minutes)

    def has_rules(self) -> bool:
        return bool(self.engine.schedule.workouts or self.engine.schedule.reminders)

    def watched_paths(self) -> tuple[str, ...]:
        """The files and folders whose change means planning again (the tray agent
        watches them while no window process runs)."""
        watched = self._watch.files() + self._watch.directories()
        return tuple(sorted(set(watched + self._calendar_watch.files())))

    def busy(self) -> bool:
        """A reminder is waiting for an answer (a prompt, a notification) or for a session
        to end."""
        return bool(self.prompts or self.waiting or self.notifier.pending())

    # -- the Reminders page --------------------------------------------------------------------
    def refresh_view(self) -> None:
        schedule, store = self.engine.schedule, self.engine.calendars
        calendars = describe_all(store, schedule, self.engine.wall(), self.engine.zone)
        self.view.show_schedule(
            schedule, self.library() or Library(), self.engine.upcoming(10), calendars
        )

    def save_schedule(self, schedule: Schedule) -> None:
        """Rules edited in the window: plan with them at once, write them off the GUI thread."""
        self.engine.set_schedule(schedule)
        self.runtime.check()
        self.refresh_view()
        copy = schedule.copy()
        self.background.write(lambda: save_schedule(copy), "your reminders", key="schedule")

    def reload_schedule(self) -> None:
        """Rules changed on disk (the CLI, or another tool): plan again."""
        loaded = load_schedule()
        self.engine.set_schedule(loaded.schedule)
        self._watch_schedule()
        self.runtime.check()
        self.refresh_calendars()

    # -- calendars imported with --watch ------------------------------------------------------
    def refresh_calendars(self) -> None:
        """Re-read watched calendar files that changed, on the disk thread."""
        schedule = self.engine.schedule.copy()
        watched = [Path(c.source) for c in schedule.calendars if c.watch]
        for path in watched:  # a sync tool may replace the file: watch it and its folder
            for target in (path, path.parent):
                if target.exists() and str(target) not in self._calendar_watch.files() + (
                    self._calendar_watch.directories()
                ):
                    self._calendar_watch.addPath(str(target))
        if not watched or self.background.is_shut_down:
            return
        store = CalendarStore(self.engine.calendars.folder)
        now, zone = self.engine.wall(), self.engine.zone
        self.background.run(
            lambda: refresh_watched(store, schedule, now, zone),
            lambda reports: self._calendars_read(reports, store, schedule),
            "reading a watched calendar",
        )

    def _calendars_read(
        self, reports: list[ImportReport], store: CalendarStore, read: Schedule
    ) -> None:
        for message in store.news(read):
            self.notice.emit(message)
        if not reports:
            return
        self.engine.calendars.adopt(store)
        schedule = self.engine.schedule.copy()  # rules edited meanwhile are kept
        ids = {c.id for c in schedule.calendars}
        for report in reports:
            if report.source.id in ids:
                apply(schedule, report)
        self.save_schedule(schedule)

    def _watch_schedule(self) -> None:
        """The schedule file and its folder; before they exist (a first run, before any
        setting was saved), the nearest folder that does, to see them appear. Without
        this, rules added with ``crampcoach remind add`` were never picked up."""
        path = schedule_path()
        wanted = {str(p) for p in (path, path.parent) if p.exists()}
        if not wanted:
            ancestor = next((p for p in path.parents if p.is_dir()), None)
            wanted = {str(ancestor)} if ancestor is not None else set()
        watched = set(self._watch.files()) | set(self._watch.directories())
        if stale := watched - wanted:
            self._watch.removePaths(list(stale))
        if new := wanted - watched:
            self._watch.addPaths(list(new))

    # -- firing and answering ------------------------------------------------------------------
    def hold(self, held: bool) -> None:
        """While a session plays, a reminder neither pops up nor notifies: it waits for the
        session to end, so a key pressed for the session never answers a reminder."""
        self.held = held
        if not held:
            waiting, self.waiting = self.waiting, []
            for firing in waiting:
                self._on_fired(firing)

    def _on_fired(self, firing: Firing) -> None:
        if self.held:
            self.waiting.append(firing)
            return
        library = self.library()
        entry = library.get(firing.routine) if (library and firing.routine) else None
        title = entry.routine.title if entry else None
        self.notifier.notify(firing, title)
        prompt = ReminderPrompt(firing, title, self.window)
        prompt.answered.connect(self.answer)
        prompt.finished.connect(lambda _r: self._forget(prompt))
        self.prompts.append(prompt)
        prompt.show()

    def _forget(self, prompt: ReminderPrompt) -> None:
        if prompt in self.prompts:
            self.prompts.remove(prompt)
            prompt.deleteLater()

    def answer(self, firing: Firing, action: str, minutes: int) -> None:
        for prompt in [p for p in self.prompts if p.firing == firing]:
            prompt.close()
        self.notifier.withdraw(firing)
        if action == "start" and firing.routine:
            self.start_requested.emit(firing.routine)
        elif action == "snooze":
            self.runtime.snooze(firing, minutes or 10)
        elif action == "skip":
            self.runtime.skip(firing)

    def pause_until(self, until: dt.datetime | None) -> None:
        self.runtime.pause_until(until)

    def _on_changed(self) -> None:
        """A reminder fired, was snoozed or skipped: the tray's Next line and Coming up."""
        self.next_changed.emit(self.runtime.next_reminder(), self.engine.state.paused_until)
        if not self.view.isHidden():
            self.refresh_view()
        for message in self.engine.calendars.news(self.engine.schedule):
            self.notice.emit(message)  # a damaged event or an unreadable calendar

    def shutdown(self) -> None:
        self.runtime.stop()
        self._watch.blockSignals(True)  # no re-planning while quitting
        self._calendar_watch.blockSignals(True)
        self.notifier.close()
