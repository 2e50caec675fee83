"""The agent's tray icon and its one reminder timer.

The window process writes what comes next (core/agent_state.py); the agent arms one timer
for that wall-clock moment and, when it comes, starts the window process hidden, which
handles what is due (fires, records, notifies), writes the next moment and quits once it
has nothing left to show. A slow watch compares the wall and monotonic clocks, as the
window process's reminder runtime does: after a sleep or a clock change the window
process plans again. So does a change to a file the plan depends on (the schedule, a
watched calendar).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from crampcoach.core.agent_state import AgentState, pause_end, read_state, state_path
from crampcoach.desktop.agent.link import AppLink

WATCH_MS = 60_000  # how often the wall and monotonic clocks are compared
JUMP_TOLERANCE_S = 5.0
MAX_TIMER_MS = 6 * 3600 * 1000
RELAUNCH_GAP_S = 60.0  # a reminder moment still in the past after a launch waits this long
PLAN_DELAY_MS = 1000  # files often change in bursts: plan once they settle

Wall = Callable[[], dt.datetime]


class TrayAgent(QObject):
    state_read = Signal(object)  # AgentState: the window process wrote a new one

    def __init__(
        self,
        icon: QIcon,
        link: AppLink | None = None,
        *,
        path: Path | None = None,
        wall: Wall | None = None,
        monotonic: Callable[[], float] = time.monotonic,
        quit_app: Callable[[], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.link = link or AppLink(self)
        self.path = path or state_path()
        self.wall: Wall = wall or (lambda: dt.datetime.now().astimezone())
        self.monotonic = monotonic
        self._quit_app = quit_app
        self.state: AgentState | None = None
        self._stamp: tuple[int, int] | None = None
        self._last_wake_launch = -RELAUNCH_GAP_S
        self.tray = QSystemTrayIcon(icon, self)
        self.tray.setToolTip("CrampCoach")
        self.menu = self._build_menu()
        self.tray.setContextMenu(self.menu)
        self.tray.activated.connect(self._on_activated)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.VeryCoarseTimer)  # to the second is enough
        self._timer.timeout.connect(self._on_timer)
        self._watch = QTimer(self)
        self._watch.setInterval(WATCH_MS)
        self._watch.setTimerType(Qt.TimerType.VeryCoarseTimer)
        self._watch.timeout.connect(self._compare_clocks)
        self._marks = (self.wall(), self.monotonic())
        self._plan_later = QTimer(self)
        self._plan_later.setSingleShot(True)
        self._plan_later.setInterval(PLAN_DELAY_MS)
        self._plan_later.timeout.connect(self.plan)
        self._files = QFileSystemWatcher(self)
        self._files.fileChanged.connect(self._on_file_changed)
        self._files.directoryChanged.connect(self._on_file_changed)

    # -- the menu ------------------------------------------------------------------------------
    def _build_menu(self) -> QMenu:
        menu = QMenu()
        self.start_menu = menu.addMenu("Start routine")
        self.start_menu.aboutToShow.connect(self._fill_start_menu)
        self.next_action = menu.addAction("No reminders set")
        self.next_action.setEnabled(False)
        pause = menu.addMenu("Pause reminders")
        pause.addAction("For 1 hour").triggered.connect(lambda: self.pause(1))
        pause.addAction("Until tomorrow").triggered.connect(lambda: self.pause(None))
        pause.addAction("Resume").triggered.connect(self.resume)
        menu.addAction("Log a cramp…").triggered.connect(self.log_cramp)
        menu.addSeparator()
        menu.addAction("Open CrampCoach").triggered.connect(self.open_window)
        menu.addAction("Quit").triggered.connect(self.quit)
        return menu

    def _fill_start_menu(self) -> None:
        """Built when opened: the agent holds no actions for routines it never shows."""
        self.start_menu.clear()
        groups = self.state.start_menu if self.state else ()
        if not groups:
            self.start_menu.addAction("Open CrampCoach to choose…").triggered.connect(
                self.open_window
            )
        for label, routines in groups:
            group = self.start_menu.addMenu(label)
            for rid, title in routines:
                if not rid:  # "More…": the whole group is in the window's library
                    group.addSeparator()
                    group.addAction(title).triggered.connect(self.open_window)
                    continue
                group.addAction(title).triggered.connect(lambda _=False, r=rid: self.start(r))

    # -- requests to the window process --------------------------------------------------------
    def open_window(self) -> None:
        self.link.request({"cmd": "show"}, [], then_send=False)

    def start(self, routine_id: str) -> None:
        self.link.request({"cmd": "play", "routine": routine_id}, ["play", routine_id],
                          then_send=False)  # fmt: skip

    def log_cramp(self) -> None:
        self.link.request({"cmd": "log"}, [], then_send=True)

    def pause(self, hours: int | None) -> None:
        until = pause_end(self.wall(), hours)
        self.link.request({"cmd": "pause", "until": until.isoformat()}, ["--hidden"],
                          then_send=True)  # fmt: skip

    def resume(self) -> None:
        self.link.request({"cmd": "pause", "until": None}, ["--hidden"], then_send=True)

    def plan(self) -> None:
        """Have the window process plan (and handle what is due): it writes the state."""
        self.link.request({"cmd": "wake"}, ["--hidden"], then_send=False)

    def quit(self) -> None:
        """Quit stops the reminders too, as it always has: the window process goes first."""
        self.link.send({"cmd": "quit"})  # if it runs
        if self._quit_app is not None:
            self._quit_app()

    def handle_message(self, payload: dict[str, object]) -> None:
        """``quit`` (the window process's Quit menu, or another tool) quits everything."""
        if payload.get("cmd") == "quit":
            self.quit()
        elif payload.get("cmd") == "state":
            self.reload()

    # -- the state and the timer ---------------------------------------------------------------
    def start_watching(self) -> None:
        """Show the icon, read what the window process last wrote and have it plan anew
        (reminders missed while logged out are handled now, as before)."""
        self.tray.show()
        try:  # a first start: the folder the window process writes into may not exist yet
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._files.addPath(str(self.path.parent))
        except OSError:
            pass  # unwritable: the timer still wakes it, the menu stays as it was
        self.reload()
        self._watch.start()
        self.plan()

    def reload(self) -> None:
        """Read the state file again if it changed; re-arm and relabel."""
        try:
            info = os.stat(self.path)
            stamp: tuple[int, int] | None = (info.st_mtime_ns, info.st_size)
        except OSError:
            stamp = None
        if stamp == self._stamp and self.state is not None:
            return
        self._stamp = stamp
        state = read_state(self.path) if stamp is not None else None
        if state is None:
            return
        self.state = state
        self.state_read.emit(state)
        self.next_action.setText(state.next_text)
        self.tray.setToolTip(f"CrampCoach\n{state.next_text}")
        self._watch_files(state.watch)
        self._arm()

    def armed_in_ms(self) -> int | None:
        return self._timer.remainingTime() if self._timer.isActive() else None

    def _arm(self) -> None:
        self._marks = (self.wall(), self.monotonic())
        wake = self.state.next_wakeup if self.state else None
        if wake is None:
            self._timer.stop()
            return
        seconds = (wake - self.wall()).total_seconds()
        since_launch = self.monotonic() - self._last_wake_launch
        if seconds <= 0 and since_launch < RELAUNCH_GAP_S:
            seconds = RELAUNCH_GAP_S - since_launch  # not handled yet: try again, calmly
        self._timer.start(int(min(max(seconds * 1000, 0), MAX_TIMER_MS)))

    def _on_timer(self) -> None:
        wake = self.state.next_wakeup if self.state else None
        if wake is not None and wake <= self.wall():
            self._last_wake_launch = self.monotonic()
            self.plan()
        self._arm()

    def _compare_clocks(self) -> None:
        wall0, mono0 = self._marks
        wall_moved = (self.wall() - wall0).total_seconds()
        mono_moved = self.monotonic() - mono0
        self._marks = (self.wall(), self.monotonic())
        if abs(wall_moved - mono_moved) > JUMP_TOLERANCE_S:
            self.plan()  # slept, or the clock was changed
            self._arm()

    def _watch_files(self, files: tuple[str, ...]) -> None:
        wanted = {str(self.path.parent)}
        for name in files:
            wanted.add(name)
            wanted.add(str(Path(name).parent))
        have = set(self._files.files()) | set(self._files.directories())
        gone, new = have - wanted, [p for p in wanted - have if os.path.exists(p)]
        if gone:
            self._files.removePaths(sorted(gone))
        if new:
            self._files.addPaths(sorted(new))

    def _on_file_changed(self, changed: str) -> None:
        if Path(changed) in (self.path, self.path.parent):
            self.reload()
            return
        self._plan_later.start()  # the schedule or a calendar changed

    def _on_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.open_window()
