"""The window process's side of the tray agent (desktop/agent/).

Started by the agent (or by a person while the agent runs), the window process is
*managed*: the agent holds the tray icon, so this process shows none, tells the agent
what comes next (core/agent_state.py) and quits once it has nothing left to show — no
window, no session, no reminder waiting for an answer. Should the agent go away, the
process takes the tray back and stays, as it did before the agent existed.

Requests from other processes come here first: the agent's ``ping``, ``wake``,
``pause``, ``log`` and ``quit``, and a second launch's ``show`` and ``play``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from crampcoach.core.agent_state import AgentState, MenuGroup, next_text, state_path
from crampcoach.core.atomic import write_atomic
from crampcoach.desktop.agent.link import agent_name, agent_running, app_command
from crampcoach.desktop.agent.run import TAKE_OVER
from crampcoach.desktop.agent.run import wanted as agent_wanted
from crampcoach.desktop.library_view import FAVOURITES, GROUPS
from crampcoach.desktop.single_instance import send
from crampcoach.desktop.tray import Tray

if TYPE_CHECKING:
    from crampcoach.core.library import Library
    from crampcoach.core.schedule import Firing
    from crampcoach.desktop.app import CrampCoachApp

NO_TRAY_QUIT = (
    "This desktop has no system tray, so CrampCoach cannot keep running in the background: "
    "your reminders pause until you start it again."
)
IDLE_CHECK_MS = 3000
IDLE_CHECKS = 2  # idle this many checks in a row: quit
HANDOVER_POLL_MS = 250
HANDOVER_WAIT_MS = 20_000
WRITE_DELAY_MS = 200  # changes come in bursts (a reminder fires: state, next, library)


def start_menu(library: Library | None, favourites: frozenset[str]) -> tuple[MenuGroup, ...]:
    """The tray's Start menu as the app's own tray builds it (tray.py): the library's
    groups; in each, starred routines, then CrampCoach's own, at most PER_GROUP, then
    "More…" (an empty id: the agent opens the window)."""
    if library is None:
        return ()
    groups: list[MenuGroup] = []
    for tag, label in GROUPS:
        if tag == "all":
            continue
        if tag == FAVOURITES:
            entries = [e for e in library.sorted_entries() if e.id in favourites]
        else:
            entries = library.with_tag(tag)
        if not entries:
            continue
        first = sorted(entries, key=lambda e: (e.id not in favourites, e.origin != "builtin"))
        picked = [(e.id, e.card.title) for e in first[: Tray.PER_GROUP]]
        if len(entries) > Tray.PER_GROUP:
            picked.append(("", f"More… ({len(entries) - Tray.PER_GROUP} in the library)"))
        groups.append((label, tuple(picked)))
    return tuple(groups)


class AgentBridge(QObject):
    def __init__(self, app: CrampCoachApp, managed: bool) -> None:
        super().__init__(app.window)
        self.app = app
        self.managed = managed
        self.path = state_path()
        self._idle_checks = 0
        self._write_later = QTimer(self)
        self._write_later.setSingleShot(True)
        self._write_later.setInterval(WRITE_DELAY_MS)
        self._write_later.timeout.connect(self.write_state)
        self._idle = QTimer(self)
        self._idle.setInterval(IDLE_CHECK_MS)
        self._idle.timeout.connect(self._check_idle)
        reminders = app.reminders
        self._firing: tuple[Firing | None, dt.datetime | None] = (
            reminders.runtime.next_reminder(),
            reminders.engine.state.paused_until,
        )
        self._handover = QTimer(self)
        self._handover.setInterval(HANDOVER_POLL_MS)
        self._handover.timeout.connect(self._check_handover)
        self._handover_polls = 0
        self.start_agent: Callable[[], None] = start_agent_detached
        app.reminders.next_changed.connect(self._next_changed)
        app.loader.loaded.connect(lambda _library: self._changed())
        app.window.library_view.favourite_toggled.connect(lambda *_: self._changed())
        app.window.quit_requested.connect(self._quit_agent)
        if managed:
            self._become_managed()

    def _become_managed(self) -> None:
        self.managed = True
        if self.app.tray is not None:
            self.app.tray.hide()  # the agent's icon is the one
        self._write_later.start()
        self._idle.start()

    # -- requests from other processes ---------------------------------------------------------
    def handle_message(self, payload: dict[str, Any]) -> None:
        app, command = self.app, payload.get("cmd")
        if command == "ping":
            return  # someone asked whether we run: answering was enough
        if command == "wake":
            app.reminders.runtime.check()
        elif command == "pause":
            app.reminders.pause_until(_moment(payload.get("until")))
        elif command == "log":
            app.show_window()
            app.diary.log_cramp()
        elif command == "quit":  # as SIGTERM does: exit() is never refused by a dialog
            app.qapp.exit(0)
        else:
            app.handle_message(payload)

    # -- what the agent shows and when it wakes us ---------------------------------------------
    def _next_changed(self, firing: Firing | None, paused: dt.datetime | None) -> None:
        self._firing = (firing, paused)
        self._changed()

    def _changed(self) -> None:
        if self.managed:
            self._write_later.start()

    def state(self) -> AgentState:
        app = self.app
        firing, paused = self._firing
        return AgentState(
            next_wakeup=app.reminders.engine.next_wakeup(),
            next_text=next_text(
                firing.at if firing else None, firing.message if firing else "", paused
            ),
            start_menu=start_menu(app.loader.library, frozenset(app.settings.favourites)),
            watch=app.reminders.watched_paths(),
            has_rules=app.reminders.has_rules(),
            library_entries=len(app.loader.library.entries) if app.loader.library else 0,
        )

    def write_state(self) -> None:
        data, path = self.state().encode(), self.path
        self.app.background.write(lambda: write_atomic(path, data), "the tray's state",
                                  key="agent-state")  # fmt: skip

    # -- leaving when there is nothing to show -------------------------------------------------
    def is_idle(self) -> bool:
        app = self.app
        shown = any(w.isVisible() for w in QApplication.topLevelWidgets())
        return not (
            shown
            or app.session is not None
            or app.pending_play is not None
            or app.loader.library is None  # the state's menu waits for it
            or app.reminders.busy()
            or self._write_later.isActive()
        )

    def _check_idle(self) -> None:
        if not agent_running():  # the agent went away: hold the tray ourselves
            self._idle.stop()
            self.managed = False
            self.app.adopt_tray()
            return
        self._idle_checks = self._idle_checks + 1 if self.is_idle() else 0
        if self._idle_checks >= IDLE_CHECKS:
            self._idle.stop()
            self.app.quit()  # shutdown waits for the state being written

    def window_closed(self) -> None:
        """With a tray (ours, or the agent's) the process keeps running; without one,
        closing quits, after saying once that reminders pause until the next start."""
        app = self.app
        if self.managed:
            return
        if app.tray is not None:
            self.hand_over()
            return
        if not app.reminders.has_rules() or app.settings.told_no_tray:
            app.quit()
            return
        box = QMessageBox(QMessageBox.Icon.Information, "CrampCoach is closing", NO_TRAY_QUIT,
                          QMessageBox.StandardButton.Ok, app.window)  # fmt: skip
        box.setObjectName("closingQuits")
        box.finished.connect(lambda _r: app.quit())
        app.apply_settings(app.settings.changed(told_no_tray=True))
        box.open()
        self.closing_message = box

    def hand_over(self) -> None:
        """This process holds its own tray (started by hand, no agent running) and its
        window closed: start an agent to hold the tray, then leave as a managed process
        does, so what stays in the tray is small however the app was started."""
        if self.managed or self._handover.isActive() or not agent_wanted():
            return
        self.start_agent()
        self._handover_polls = 0
        self._handover.start()

    def _check_handover(self) -> None:
        self._handover_polls += 1
        if agent_running():
            self._handover.stop()
            self._become_managed()
        elif self._handover_polls * HANDOVER_POLL_MS >= HANDOVER_WAIT_MS:
            self._handover.stop()  # no agent came: this process keeps the tray

    def _quit_agent(self) -> None:
        if self.managed:
            send(agent_name(), {"cmd": "quit"})


def start_agent_detached() -> None:
    """``crampcoach --hidden`` told to start an agent although this process runs."""
    from PySide6.QtCore import QProcess, QProcessEnvironment

    program, args = app_command("--hidden")
    process = QProcess()
    process.setProgram(program)
    process.setArguments(args)
    environment = QProcessEnvironment.systemEnvironment()
    environment.insert(TAKE_OVER, "1")
    process.setProcessEnvironment(environment)
    process.startDetached()


def _moment(value: object) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None
