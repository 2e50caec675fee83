"""The tray icon: start a routine, see the next reminder, pause reminders, open, quit.

The Start menu is built when it opens, not with each library: one action per routine per
group was thousands of actions (and a stall) for a large library, and a menu nobody can
scroll. Each group lists its favourites and CrampCoach's own routines first, at most
``PER_GROUP``, then "More…", which opens the library on that group.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from crampcoach.core.agent_state import next_text, pause_end
from crampcoach.core.library import Library, LibraryEntry
from crampcoach.core.schedule import Firing
from crampcoach.desktop.library_view import FAVOURITES, GROUPS


class Tray(QSystemTrayIcon):
    start_requested = Signal(str)  # routine id
    pause_requested = Signal(object)  # datetime until, or None to resume
    open_requested = Signal()
    quit_requested = Signal()
    log_requested = Signal()
    group_requested = Signal(str)  # "More…": the library's group (a tag, or favourites)

    PER_GROUP = 12

    def __init__(self, icon: QIcon, parent: QWidget | None = None) -> None:
        super().__init__(icon, parent)
        self.setToolTip("CrampCoach")
        self.library = Library()
        self.favourites: frozenset[str] = frozenset()
        self.menu = QMenu(parent)
        self.start_menu = self.menu.addMenu("Start routine")
        self.start_menu.aboutToShow.connect(self._fill_start_menu)
        self._stale = True  # the Start menu is built again when it next opens
        self.next_action = self.menu.addAction("No reminders set")
        self.next_action.setEnabled(False)
        pause = self.menu.addMenu("Pause reminders")
        for label, hours in (("For 1 hour", 1), ("Until tomorrow", None)):
            action = pause.addAction(label)
            action.triggered.connect(lambda _=False, h=hours: self._pause(h))
        pause.addAction("Resume").triggered.connect(lambda: self.pause_requested.emit(None))
        self.menu.addAction("Log a cramp…").triggered.connect(self.log_requested)
        self.menu.addSeparator()
        self.menu.addAction("Open CrampCoach").triggered.connect(self.open_requested)
        self.menu.addAction("Quit").triggered.connect(self.quit_requested)
        self.setContextMenu(self.menu)
        self.activated.connect(self._on_activated)
        self.group_requested.connect(self.open_requested)  # "More…" opens the window first

    def set_library(self, library: Library) -> None:
        self.library = library
        self._stale = True

    def _fill_start_menu(self) -> None:
        if not self._stale:
            return
        self._stale = False
        self.start_menu.clear()
        for tag, label in GROUPS:
            if tag == "all":
                continue
            entries = self.group_entries(tag)
            if entries:
                group = self.start_menu.addMenu(label)
                group.aboutToShow.connect(lambda g=group, t=tag: self._fill_group(g, t))

    def group_entries(self, tag: str) -> list[LibraryEntry]:
        if tag == FAVOURITES:
            return [e for e in self.library.sorted_entries() if e.id in self.favourites]
        return self.library.with_tag(tag)

    def _fill_group(self, menu: QMenu, tag: str) -> None:
        """Favourites, then CrampCoach's own, then the rest, at most PER_GROUP, and More…"""
        if menu.actions():
            return
        entries = self.group_entries(tag)
        first = sorted(entries, key=lambda e: (e.id not in self.favourites, e.origin != "builtin"))
        for entry in first[: self.PER_GROUP]:
            action: QAction = menu.addAction(entry.routine.title)
            action.triggered.connect(lambda _=False, rid=entry.id: self.start_requested.emit(rid))
        if len(entries) > self.PER_GROUP:
            menu.addSeparator()
            more = menu.addAction(f"More… ({len(entries) - self.PER_GROUP} in the library)")
            more.triggered.connect(lambda _=False, t=tag: self.group_requested.emit(t))

    def set_favourites(self, favourites: frozenset[str]) -> None:
        """Starred routines come first in the Start menu."""
        self.favourites = favourites
        self.set_library(self.library)

    def set_next(self, firing: Firing | None, paused_until: dt.datetime | None) -> None:
        text = next_text(firing.at if firing else None, firing.message if firing else "",
                         paused_until)  # fmt: skip
        self.next_action.setText(text)
        self.setToolTip(f"CrampCoach\n{text}")

    def _pause(self, hours: int | None) -> None:
        self.pause_requested.emit(pause_end(dt.datetime.now().astimezone(), hours))

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.open_requested.emit()
