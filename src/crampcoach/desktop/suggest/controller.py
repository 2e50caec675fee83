"""Answers the library's "What should I do now?": gathers the moment, the day's workouts,
the diary and the sessions played (read on the disk thread), asks core/suggest.py, and
shows the answer in a small dialog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from crampcoach.core.avoid import rested_duration
from crampcoach.core.library import Library
from crampcoach.core.settings import Settings
from crampcoach.core.suggest import NIGHT_WEEK, POST_WINDOW, PRE_WINDOW, Suggestion, suggest
from crampcoach.core.workout_times import planned_workouts
from crampcoach.desktop.suggest.dialog import SuggestDialog
from crampcoach.desktop.widgets.formatting import clock_text

LOOK_BACK = NIGHT_WEEK + dt.timedelta(days=1)  # the diary read: the last week's nights


class History(Protocol):  # desktop/diary/history.py: reads on the disk thread
    def snapshot(self, since: dt.datetime | None, on_done: Callable[[object], None]) -> None: ...


class SuggestController(QObject):
    start_requested = Signal(str)  # routine id
    show_requested = Signal(str)  # routine id

    def __init__(
        self,
        parent: QWidget,
        *,
        wall: Callable[[], dt.datetime],
        engine: Any,  # core.reminder_engine.ReminderEngine: the schedule and calendars
        history: History,
        library: Callable[[], Library | None],
        settings: Callable[[], Settings],
    ) -> None:
        super().__init__(parent)
        self.window = parent
        self.wall, self.engine, self.history = wall, engine, history
        self.library, self.settings = library, settings
        self.dialog: SuggestDialog | None = None
        self.last: Suggestion | None = None

    def ask(self) -> None:
        """Read the diary and history off the GUI thread, then show the suggestion."""
        now = self.wall()
        self.history.snapshot(now - LOOK_BACK, lambda snapshot: self._answer(now, snapshot))

    def _answer(self, now: dt.datetime, snapshot: Any) -> None:
        library = self.library() or Library()
        settings = self.settings()
        engine = self.engine
        workouts = planned_workouts(
            engine.schedule,
            engine.calendars.plans(engine.schedule),
            now - POST_WINDOW - dt.timedelta(days=1),
            now + PRE_WINDOW + dt.timedelta(minutes=1),
            engine.zone,
        )
        self.last = found = suggest(
            now,
            entries=library.entries.values(),
            workouts=workouts,
            cramps=snapshot.cramps,
            sessions=snapshot.sessions,
            favourites=settings.favourites,
            avoid=settings.avoid_muscles,
            skip_avoided=settings.skip_avoided_steps,
        )
        entry = library.get(found.routine_id) if found else None
        length = ""
        if entry is not None:
            seconds = entry.timeline.duration
            if settings.skip_avoided_steps:
                seconds = rested_duration(entry, settings.avoid_muscles)
            length = f"Lasts {clock_text(seconds)}."
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog = SuggestDialog(found, length, self.window)
        dialog.start_requested.connect(self.start_requested)
        dialog.show_requested.connect(self.show_requested)
        dialog.open()


class _App(Protocol):  # what of the app this uses (the app sits above this package)
    window: Any
    loader: Any
    reminders: Any
    diary: Any
    settings: Settings
    wall: Callable[[], dt.datetime]

    def start(self, ref: str, options: Any = None) -> Any: ...


def suggest_controller(app: _App) -> SuggestController:
    """The controller, wired to the library's button, the player and the library."""
    view = app.window.library_view
    controller = SuggestController(
        app.window,
        wall=app.wall,
        engine=app.reminders.engine,
        history=app.diary.history,
        library=lambda: app.loader.library,
        settings=lambda: app.settings,
    )
    view.suggest_requested.connect(controller.ask)
    controller.start_requested.connect(app.start)
    controller.show_requested.connect(view.reveal)
    return controller
