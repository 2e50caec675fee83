"""One desktop process: claim the single instance (or hand the request to the running
one), build the app, run Qt's event loop, and leave without a crash-prone teardown."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSocketNotifier
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from crampcoach.desktop.app import CrampCoachApp
from crampcoach.desktop.collector import MainThreadCollector
from crampcoach.desktop.session.launcher import PlayOptions
from crampcoach.desktop.single_instance import SingleInstance

_IMPORTED = time.monotonic()
_KEEP: list[object] = []


def process_seconds() -> float:
    """Seconds since this process started, interpreter start-up included (Linux: from
    /proc; elsewhere from when this module was imported)."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: starttime
        return float(Path("/proc/uptime").read_text().split()[0]) - started
    except (OSError, ValueError, IndexError):
        return time.monotonic() - _IMPORTED


class AppTrace(QObject):
    """``crampcoach --trace FILE``: JSON lines of when the window showed, when the library
    was ready, and (at exit) the longest stall of the event loop. Nothing runs when off."""

    def __init__(self, path: Path, app: CrampCoachApp) -> None:
        super().__init__(app.window)
        from crampcoach.desktop.session.trace import StallProbe

        self._file = path.open("w", encoding="utf-8")
        self._shown = False
        self._probe = StallProbe()
        self._probe.start()
        app.window.installEventFilter(self)
        app.loader.loaded.connect(self._library_ready)

    def write(self, record: dict[str, object]) -> None:
        self._file.write(json.dumps(record) + "\n")
        self._file.flush()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._shown and event.type() == QEvent.Type.Paint:
            self._shown = True  # the window is on screen, drawn
            self.write({"event": "window-shown", "t": round(process_seconds(), 4)})
        return False

    def _library_ready(self, library: object) -> None:
        entries = len(getattr(library, "entries", {}))
        self.write({"event": "library-ready", "entries": entries, "t": round(process_seconds(), 4)})
        self.sender().disconnect(self)  # the first load only

    def close(self) -> None:
        self.write({"event": "longest-stall", "ms": self._probe.stop()["max_ms"]})
        self._file.close()


def quit_on_sigterm(qapp: QApplication) -> QSocketNotifier:
    """SIGTERM (logging out, a service manager) quits as the Quit menu does: pending writes
    are saved and traces closed. Python runs signal handlers only between bytecodes, so the
    signal wakes Qt's event loop through a socket."""
    reader, writer = socket.socketpair()
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    signal.signal(signal.SIGTERM, lambda *_: None)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, qapp)
    notifier.activated.connect(lambda *_: (reader.recv(64), qapp.quit()))
    _KEEP.append((reader, writer))  # alive as long as the process
    return notifier


def run(play: PlayOptions | None = None, hidden: bool = False, trace: Path | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="crampcoach: %(levelname)s: %(message)s")
    QGuiApplication.setDesktopFileName("crampcoach")
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName("CrampCoach")
    qapp.setOrganizationName("CrampCoach")
    instance = SingleInstance()
    payload: dict[str, object] = {"cmd": "show"}
    if play is not None:
        payload = {"cmd": "play", "routine": play.routine, "voice": play.voice, "speed": play.speed}
    if not instance.claim(payload):
        return 0  # the running CrampCoach took it over
    collector = MainThreadCollector()
    app = CrampCoachApp(qapp, collector=collector)
    sigterm = quit_on_sigterm(qapp)
    instance.received.connect(app.handle_message)
    tracer = AppTrace(trace, app) if trace is not None else None
    app.pending_play = play
    if not (hidden and app.tray is not None):
        app.window.show()
        if play is None and not app.settings.welcomed:
            app.show_welcome()
    code = qapp.exec()
    sigterm.setEnabled(False)
    if tracer is not None:
        tracer.close()
    app.shutdown()  # waits for pending writes; closes traces
    instance.close()
    collector.stop()
    # Skip interpreter finalization: tearing down PySide6 objects in arbitrary order at
    # exit can crash (a refcount fault in the bindings), and everything worth keeping is
    # already written and closed.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
