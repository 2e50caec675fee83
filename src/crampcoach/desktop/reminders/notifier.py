"""Desktop notifications for reminders, with the same choices as the in-app prompt.

Real notifications with actions go over D-Bus (org.freedesktop.Notifications); the
``notify-send`` tool (libnotify) speaks that protocol and, with ``--wait``, prints the
chosen action, so it runs as a separate process and never blocks the app. Where it is
missing or fails, the tray balloon is used instead (it has no buttons; the in-app
prompt carries the choices).
"""

from __future__ import annotations

import shutil

from PySide6.QtCore import QObject, QProcess, Signal
from PySide6.QtWidgets import QSystemTrayIcon

from crampcoach.core.resources import assets_dir
from crampcoach.core.schedule import Firing

SNOOZE_MINUTES = (5, 10, 30)  # the same choices as the in-app prompt (prompt.py)


def actions_for(firing: Firing) -> list[tuple[str, str]]:
    """Only what applies: no "Start now" when there is nothing to start."""
    actions = [("start", "Start now")] if firing.routine else []
    actions += [(f"snooze{m}", f"Snooze {m} min") for m in SNOOZE_MINUTES]
    return [*actions, ("skip", "Skip")]


def icon_path() -> str:
    """The icon by absolute path: a name alone is found only once it is installed."""
    return str(assets_dir() / "icons" / "crampcoach.svg")


class Notifier(QObject):
    """Shows a notification per firing; ``action`` reports the choice made."""

    action = Signal(object, str, int)  # Firing, "start" | "snooze" | "skip", minutes

    def __init__(self, tray: QSystemTrayIcon | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tray = tray
        self.tool = shutil.which("notify-send")
        self.shown: list[Firing] = []
        self._running: list[QProcess] = []

    def notify(self, firing: Firing, routine_title: str | None = None) -> None:
        self.shown.append(firing)
        body = firing.body(routine_title)
        if self.tool:
            process = QProcess(self)
            args = [
                "--app-name=CrampCoach",
                f"--icon={icon_path()}",
                "--expire-time=0",  # a reminder stays until it is answered
                "--hint=string:desktop-entry:crampcoach",
                "--wait",
            ]
            args += [f"--action={key}={label}" for key, label in actions_for(firing)]
            args += [firing.title, body]
            process.finished.connect(lambda *_: self._answered(process, firing, body))
            process.errorOccurred.connect(lambda *_: self._fallback(process, firing, body))
            self._running.append(process)
            process.start(self.tool, args)
            return
        self._balloon(firing, body)

    def pending(self) -> int:
        """Notifications still on screen, waiting for an answer."""
        return len(self._running)

    def _answered(self, process: QProcess, firing: Firing, body: str) -> None:
        answer = bytes(process.readAllStandardOutput().data()).decode(errors="replace").strip()
        if process.exitCode() != 0:
            self._fallback(process, firing, body)
            return
        self._forget(process)
        if answer in {key for key, _ in actions_for(firing)}:
            if answer.startswith("snooze"):
                self.action.emit(firing, "snooze", int(answer.removeprefix("snooze")))
            else:
                self.action.emit(firing, answer, 0)

    def _fallback(self, process: QProcess, firing: Firing, body: str) -> None:
        self._forget(process)
        self.tool = None  # notify-send does not work here: use the tray from now on
        self._balloon(firing, body)

    def _forget(self, process: QProcess) -> None:
        if process in self._running:
            self._running.remove(process)
            process.deleteLater()

    def _balloon(self, firing: Firing, body: str) -> None:
        if self.tray is not None and self.tray.isVisible():
            self.tray.showMessage(firing.title, body, QSystemTrayIcon.MessageIcon.Information)

    def close(self) -> None:
        for process in list(self._running):
            process.kill()
            process.waitForFinished(500)
            self._forget(process)
