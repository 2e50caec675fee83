"""One desktop process: claim the single instance (or hand the request to the running
one), build the app, run Qt's event loop, and leave without a crash-prone teardown."""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from crampcoach.desktop.app import CrampCoachApp
from crampcoach.desktop.collector import MainThreadCollector
from crampcoach.desktop.session.launcher import PlayOptions
from crampcoach.desktop.single_instance import SingleInstance


def run(play: PlayOptions | None = None, hidden: bool = False) -> int:
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
    instance.received.connect(app.handle_message)
    app.pending_play = play
    if not (hidden and app.tray is not None):
        app.window.show()
        if play is None and not app.settings.welcomed:
            app.show_welcome()
    code = qapp.exec()
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
