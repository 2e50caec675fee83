"""Desktop notifications for reminders, with Start / Snooze / Skip actions.

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

from crampcoach.core.schedule import Firing

ACTIONS = (("start", "Start now"), ("snooze", "Snooze 10 min"), ("skip", "Skip"))


class Notifier(QObject):
    """Shows a notification per firing; ``action`` reports the button pressed."""

    action = Signal(object, str)  # Firing, "start" | "snooze" | "skip"

    def __init__(self, tray: QSystemTrayIcon | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tray = tray
        self.tool = shutil.which("notify-send")
        self.shown: list[Firing] = []
        self._running: list[QProcess] = []

    def notify(self, firing: Firing) -> None:
        self.shown.append(firing)
        body = firing.message + (f"\n({firing.routine})" if firing.routine else "")
        if self.tool:
            process = QProcess(self)
            args = ["--app-name=CrampCoach", "--icon=crampcoach", "--wait"]
            args += [f"--action={key}={label}" for key, label in ACTIONS]
            args += [firing.title, body]
            process.finished.connect(lambda *_: self._answered(process, firing))
            process.errorOccurred.connect(lambda *_: self._fallback(process, firing, body))
            self._running.append(process)
            process.start(self.tool, args)
            return
        self._balloon(firing, body)

    def _answered(self, process: QProcess, firing: Firing) -> None:
        answer = bytes(process.readAllStandardOutput().data()).decode(errors="replace").strip()
        if process.exitCode() != 0:
            self._fallback(process, firing, firing.message)
            return
        self._forget(process)
        if answer in {key for key, _ in ACTIONS}:
            self.action.emit(firing, answer)

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
