"""Desktop notifications for reminders, with the same choices as the in-app prompt.

Real notifications with actions go over D-Bus (org.freedesktop.Notifications); the
``notify-send`` tool (libnotify) speaks that protocol and, with ``--wait``, prints the
chosen action, so it runs as a separate process and never blocks the app. Where it is
missing or fails, the tray balloon is used instead (it has no buttons; the in-app
prompt carries the choices).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable

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

    def __init__(
        self,
        tray: QSystemTrayIcon | None = None,
        parent: QObject | None = None,
        *,
        close_notification: Callable[[int], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.tray = tray
        self.tool = shutil.which("notify-send")
        self.shown: list[Firing] = []
        self._running: list[QProcess] = []
        self._firing: dict[QProcess, Firing] = {}
        self._output: dict[QProcess, bytes] = {}
        self._close = close_notification or close_over_dbus
        self._line_buffered = shutil.which("stdbuf")  # notify-send's stdout is a pipe

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
                "--print-id",  # first line: its id, to close it when answered in the app
                "--wait",
            ]
            args += [f"--action={key}={label}" for key, label in actions_for(firing)]
            args += [firing.title, body]
            process.readyReadStandardOutput.connect(lambda: self._read(process))
            process.finished.connect(lambda *_: self._answered(process, firing, body))
            program = self.tool
            if self._line_buffered is not None:  # else its id comes only when it exits
                program, args = self._line_buffered, ["-oL", self.tool, *args]
            process.errorOccurred.connect(lambda *_: self._fallback(process, firing, body))
            self._running.append(process)
            self._firing[process] = firing
            self._output[process] = b""
            process.start(program, args)
            return
        self._balloon(firing, body)

    def pending(self) -> int:
        """Notifications still on screen, waiting for an answer."""
        return len(self._running)

    def withdraw(self, firing: Firing) -> None:
        """The reminder was answered in the app: its notification goes too (else it stays
        on screen, offering choices already made)."""
        for process in [p for p, f in self._firing.items() if f == firing]:
            ident = self._id(process)
            if ident is not None:
                self._close(ident)
            process.blockSignals(True)  # neither an answer nor a fallback comes of it
            process.kill()
            process.waitForFinished(500)
            self._forget(process)

    def _read(self, process: QProcess) -> None:
        if process in self._output:
            self._output[process] += bytes(process.readAllStandardOutput().data())

    def _id(self, process: QProcess) -> int | None:
        first = self._output.get(process, b"").split(b"\n", 1)[0].strip()
        return int(first) if first.isdigit() else None

    def _answered(self, process: QProcess, firing: Firing, body: str) -> None:
        self._read(process)
        lines = self._output.get(process, b"").decode(errors="replace").split()
        answer = lines[-1] if len(lines) > 1 else ""  # after the id, the action chosen
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
        self._firing.pop(process, None)
        self._output.pop(process, None)
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


def close_over_dbus(ident: int) -> None:
    """org.freedesktop.Notifications.CloseNotification, by ``dbus-send`` (of the D-Bus
    tools every desktop bus comes with), started detached so nothing waits for it.
    QtDBus would need the id marshalled as uint32, which PySide6 does not offer."""
    tool = shutil.which("dbus-send")
    if tool is None:
        return
    QProcess.startDetached(tool, [
        "--session", "--type=method_call", "--dest=org.freedesktop.Notifications",
        "/org/freedesktop/Notifications", "org.freedesktop.Notifications.CloseNotification",
        f"uint32:{ident}",
    ])  # fmt: skip
