"""One desktop process: claim the single instance (or hand the request to the running
one), show the window, build the rest of the app once it is painted, run Qt's event loop,
and leave without a crash-prone teardown.

The window comes first: what it needs (Qt, the main window's widgets, the theme) is a
fraction of what the app imports (pydantic, the routine models, the reminders, the
diary). Once it is painted, a thread loads the library, which the window shows, and
imports the rest, which is then built on the GUI thread (AfterFirstPaint).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QSocketNotifier, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from crampcoach.desktop.single_instance import SingleInstance

if TYPE_CHECKING:
    from crampcoach.core.library import Library
    from crampcoach.core.settings import Settings
    from crampcoach.desktop.app import CrampCoachApp
    from crampcoach.desktop.collector import MainThreadCollector
    from crampcoach.desktop.main_window import MainWindow
    from crampcoach.desktop.session.launcher import PlayOptions


def _no_source_scan() -> None:
    """PySide6 reads the source of every module imported after it (``inspect.getsource``)
    to see whether it mentions PySide6, for its ``from __feature__ import`` switches,
    which CrampCoach does not use: 0.3 ms a module (60 ms over the app's 250) and every
    line kept in ``linecache`` for good (10-12 MB). The same answer from the module's
    names instead: does it hold anything from PySide6?"""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not hasattr(feature, "_mod_uses_pyside"):
        return  # another PySide6: leave it alone

    def uses_pyside(module: object) -> bool:
        for value in list(getattr(module, "__dict__", {}).values()):
            try:
                name = getattr(value, "__module__", None) or getattr(value, "__name__", "")
            except Exception:  # an odd object's own __getattr__
                continue
            if isinstance(name, str) and name.startswith(("PySide6", "shiboken6")):
                return True
        return False

    setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010 (a private name)


_no_source_scan()  # before the app's modules are imported (after the paint)
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

    def __init__(self, path: Path) -> None:
        super().__init__()
        from crampcoach.desktop.session.trace import StallProbe

        self._file = path.open("w", encoding="utf-8")
        self._shown = False
        self._probe = StallProbe()
        # From the event loop's first turn: what comes before it (the first window, built
        # and shown) is start-up, timed by window-shown, not a stall of a loop not running.
        QTimer.singleShot(0, self._probe.start)

    def watch(self, window: QWidget) -> None:
        window.installEventFilter(self)

    def watch_library(self, window: MainWindow) -> None:
        window.library_shown.connect(self._library_ready)

    def mark(self, name: str, **fields: object) -> None:
        self.write({"event": name, **fields, "t": round(process_seconds(), 4)})

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


class AfterFirstPaint(QObject):
    """Once ``window`` is first painted: the library, then the app behind the window.

    A thread of its own imports what loading the library needs, loads it (as the disk
    thread does, background.py) and hands it to the window, then imports the rest of the
    app (pydantic, the routine and reminder models, the features: about 0.35 s), and
    ``then(library)`` builds the app on the GUI thread around the library already shown.
    On the GUI thread those imports were one long stall of a window already shown, and
    the library waited for them. The interpreter lets the GUI thread in every few
    milliseconds, so the window keeps answering."""

    library_loaded = Signal(object)  # (Library, Settings), from the thread
    imported = Signal()  # from the thread; both queued to this (GUI-thread) object

    def __init__(self, window: MainWindow, then: Callable[[Library | None], None]) -> None:
        super().__init__(window)
        self._window, self._then = window, then
        self._library: Library | None = None
        self._shown = threading.Event()  # the library painted: the imports go on
        self.library_loaded.connect(self._show_library)  # slots of this object: run on
        self.imported.connect(self._build)  # its thread, in the order emitted
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Paint:
            return False
        watched.removeEventFilter(self)
        if watched is self._window:  # the window's first paint
            threading.Thread(target=self._import, name="crampcoach-import", daemon=True).start()
        else:  # the cards' first paint: once it is done
            QTimer.singleShot(0, self._shown.set)
        return False

    def _import(self) -> None:
        with contextlib.suppress(Exception):  # else the app loads it, and says what failed
            self.library_loaded.emit(preload_library())
            # The GUI thread shows it alone: beside a thread busy importing, every Qt call
            # of filling and painting the list waits for the GIL (3x as long, 50+ ms).
            self._shown.wait(1.0)
        try:
            import_app()
        finally:  # an import error is raised again, and reported, where the app is built
            self.imported.emit()

    @Slot(object)
    def _show_library(self, loaded: tuple[Library, Settings]) -> None:
        library, settings = loaded
        view = self._window.library_view
        view.set_favourites(frozenset(settings.favourites))
        view.set_resting(settings.avoid_muscles, settings.skip_avoided_steps)
        self._window.set_library(library)
        self._library = library
        view.cards.viewport().installEventFilter(self)  # the imports go on after its paint

    @Slot()
    def _build(self) -> None:
        self._then(self._library)


def preload_library() -> tuple[Library, Settings]:
    """The library as the app loads it (the user's settings give the timing)."""
    from crampcoach.core import paths
    from crampcoach.core.resources import builtin_routines_dir
    from crampcoach.core.settings import load_settings
    from crampcoach.desktop.background import load_for_view

    settings = load_settings().settings
    user = paths.user_routines_dir()
    return load_for_view(builtin_routines_dir(), user, settings.timing), settings


def import_app() -> None:
    """The modules the app is built from (desktop/app.py imports the rest), and what its
    build would otherwise read on the GUI thread: the reminders page's module, the
    system's time zone (tzlocal keeps it for the process; 5 ms of file reads)."""
    import crampcoach.desktop.app
    import crampcoach.desktop.collector
    import crampcoach.desktop.reminders.view  # noqa: F401
    from crampcoach.core.clock import local_zone

    local_zone()


def peek_theme() -> str:
    """The theme in the settings file, read without validating the rest: pydantic, which
    validates it, takes a fifth of a second to import. The app validates the whole file
    once the window is painted, and applies the validated theme (the same one, unless the
    file is damaged)."""
    from crampcoach.core import paths

    try:  # the file core/settings.py reads
        data = json.loads((paths.config_dir() / "settings.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "system"
    theme = data.get("theme") if isinstance(data, dict) else None
    return theme if theme in ("system", "light", "dark") else "system"


def first_window(qapp: QApplication) -> MainWindow:
    """The main window, themed, before the app behind it is built. Its icon comes with
    the app: drawing the SVG loads Qt's image plugins (10-20 ms before the first paint)."""
    from crampcoach.desktop.main_window import MainWindow
    from crampcoach.desktop.theme import apply_theme

    apply_theme(qapp, peek_theme())
    return MainWindow()


class Startup:
    """Builds the app behind a window already shown (or, starting hidden, at once), and
    keeps what the process needs at its end."""

    def __init__(
        self,
        qapp: QApplication,
        instance: SingleInstance,
        play: PlayOptions | None,
        tracer: AppTrace | None,
    ) -> None:
        self.qapp, self.instance, self.play, self.tracer = qapp, instance, play, tracer
        self.app: CrampCoachApp | None = None
        self.collector: MainThreadCollector | None = None
        self.early: list[dict[str, object]] = []  # requests that came before the app
        self.early_starts: list[str] = []  # routines started from the window before it
        instance.received.connect(self.early.append)

    def early_start(self, routine_id: str) -> None:
        if self.app is None:
            self.early_starts.append(routine_id)

    def build(self, window: MainWindow | None, library: Library | None = None) -> None:
        import logging  # the first thing that logs is built here

        from crampcoach.desktop.app import CrampCoachApp
        from crampcoach.desktop.collector import MainThreadCollector

        logging.basicConfig(level=logging.WARNING, format="crampcoach: %(levelname)s: %(message)s")

        from crampcoach.desktop.agent.link import agent_running

        self.collector = self.collector or MainThreadCollector()
        managed = agent_running()  # the tray agent holds the tray; this quits when idle
        app = self.app = CrampCoachApp(
            self.qapp, collector=self.collector, window=window, library=library, managed=managed
        )
        self.instance.received.disconnect()
        self.instance.received.connect(app.bridge.handle_message)
        if self.tracer is not None and window is None:
            self.tracer.watch(app.window)
            self.tracer.watch_library(app.window)
        app.pending_play = self.play
        if window is not None or (app.tray is None and not managed):  # hidden in a tray
            app.window.show()
            if self.play is None and not app.settings.welcomed:
                app.show_welcome()
        for payload in self.early:
            app.bridge.handle_message(payload)
        for routine_id in self.early_starts:
            app.window.start_requested.emit(routine_id)


def quit_on_sigterm(qapp: QApplication) -> QSocketNotifier:
    """SIGTERM (logging out, a service manager) quits as the Quit menu does: pending writes
    are saved and traces closed. Python runs signal handlers only between bytecodes, so the
    signal wakes Qt's event loop through a socket."""
    reader, writer = socket.socketpair()
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    signal.signal(signal.SIGTERM, lambda *_: None)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, qapp)
    # exit(), not quit(): quit() is refused while a dialog that cannot close is open
    notifier.activated.connect(lambda *_: (reader.recv(64), qapp.exit(0)))
    _KEEP.append((reader, writer))  # alive as long as the process
    return notifier


def run(play: PlayOptions | None = None, hidden: bool = False, trace: Path | None = None) -> int:
    # A thread busy in Python (loading the library, importing the app) holds the GIL for
    # up to this long each time the GUI thread wants it back, and painting wants it back
    # after every Qt call: 5 ms (Python's default) made stalls of 50-130 ms; 0.5 ms, 30.
    sys.setswitchinterval(0.0005)
    QGuiApplication.setDesktopFileName("crampcoach")
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName("CrampCoach")
    qapp.setOrganizationName("CrampCoach")
    tracer = AppTrace(trace) if trace is not None else None
    if hidden and play is None:
        from crampcoach.desktop.agent.run import run_agent, wanted

        if wanted():  # at login: the small tray agent, which starts this on demand
            sigterm = quit_on_sigterm(qapp)
            code = run_agent(qapp, tracer)
            if code is not None:
                _leave(code)
            sigterm.setEnabled(False)
    instance = SingleInstance()
    payload: dict[str, object] = {"cmd": "show"}
    if play is not None:
        payload = {"cmd": "play", "routine": play.routine, "voice": play.voice, "speed": play.speed}
    if not instance.claim(payload):
        if tracer is not None:
            tracer.close()
        return 0  # the running CrampCoach took it over
    sigterm = quit_on_sigterm(qapp)
    startup = Startup(qapp, instance, play, tracer)
    if hidden:
        startup.build(None)  # the tray decides whether the window shows
    else:
        from crampcoach.desktop.collector import MainThreadCollector

        window = first_window(qapp)
        if tracer is not None:
            tracer.watch(window)
            tracer.watch_library(window)
        window.start_requested.connect(startup.early_start)  # Enter on a card, say
        startup.collector = MainThreadCollector()  # before the thread: it must not collect
        AfterFirstPaint(window, lambda library: startup.build(window, library))
        window.show()
    code = qapp.exec()
    sigterm.setEnabled(False)
    if tracer is not None:
        tracer.close()
    if startup.app is not None:
        startup.app.shutdown()  # waits for pending writes; closes traces
    instance.close()
    if startup.collector is not None:
        startup.collector.stop()
    _leave(code)
    return code  # not reached


def _leave(code: int) -> None:
    """Skip interpreter finalization: tearing down PySide6 objects in arbitrary order at
    exit can crash (a refcount fault in the bindings), and everything worth keeping is
    already written and closed."""
    if "logging" in sys.modules:
        sys.modules["logging"].shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
