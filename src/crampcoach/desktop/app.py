"""The desktop app's composition root: builds the services, windows and feature
controllers, and wires them with signals. No feature knows the others."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon

from crampcoach.core import autostart, paths
from crampcoach.core.clock import Clock, MonotonicClock, local_zone
from crampcoach.core.length import entry_at_length
from crampcoach.core.library import Library, LibraryEntry
from crampcoach.core.resolve import resolve
from crampcoach.core.resources import builtin_routines_dir
from crampcoach.core.settings import Settings, load_settings, save_settings
from crampcoach.desktop.agent_bridge import AgentBridge
from crampcoach.desktop.background import Background, LibraryLoader
from crampcoach.desktop.builder.wiring import builder_controller
from crampcoach.desktop.collector import MainThreadCollector
from crampcoach.desktop.diary.controller import DiaryController
from crampcoach.desktop.export.controller import ExportController
from crampcoach.desktop.main_window import MainWindow
from crampcoach.desktop.reminders.controller import ReminderController
from crampcoach.desktop.session.launcher import PlayOptions, Session, SessionLauncher
from crampcoach.desktop.session.replace_prompt import ask_to_replace
from crampcoach.desktop.share.controller import ShareController
from crampcoach.desktop.suggest.controller import suggest_controller
from crampcoach.desktop.theme import app_icon, apply_theme
from crampcoach.desktop.tray import Tray
from crampcoach.desktop.welcome import welcome_box

if TYPE_CHECKING:
    from crampcoach.desktop.learn_view import LearnView
    from crampcoach.desktop.reminders.notifier import Notifier
    from crampcoach.desktop.session.player import PlayerView

log = logging.getLogger(__name__)

EXIT_GRACE_S = 15.0  # --exit-when-done waits at most this long for the last line and chime


class CrampCoachApp:
    """Owns the settings, the background thread, the window and the feature controllers."""

    def __init__(
        self,
        qapp: QApplication,
        clock: Clock | None = None,
        user_routines: Path | None = None,
        *,
        wall: Callable[[], dt.datetime] | None = None,
        notifier: Notifier | None = None,
        use_tray: bool = True,
        managed: bool = False,  # the tray agent holds the tray (agent_bridge.py)
        collector: MainThreadCollector | None = None,
        launcher: SessionLauncher | None = None,
        window: MainWindow | None = None,  # shown already (desktop/main.py: window first)
        library: Library | None = None,  # loaded already, and shown (desktop/main.py)
    ) -> None:
        self.qapp = qapp
        # Closing the window is the app's decision (_window_closed): with a tray it keeps
        # the reminders running, without one it quits after saying so.
        qapp.setQuitOnLastWindowClosed(False)
        self.collector = collector
        self.clock = clock or MonotonicClock()
        self.zone = local_zone()
        self.wall = wall or (lambda: dt.datetime.now(self.zone))
        loaded = load_settings()
        self.settings: Settings = loaded.settings
        apply_theme(qapp, self.settings.theme)
        self.window = window = window or MainWindow()
        QTimer.singleShot(0, window, lambda: window.setWindowIcon(app_icon()))  # a turn of its own
        self.background = Background(window)
        self.background.failed.connect(window.show_notice)  # queued to the GUI thread
        folders = (builtin_routines_dir(), user_routines or paths.user_routines_dir())
        self.loader = LibraryLoader(
            self.background, *folders, timing=self.settings.timing, parent=window, library=library
        )
        self.loader.loaded.connect(window.set_library)
        window.library_view.set_favourites(frozenset(self.settings.favourites))
        window.library_view.set_resting(
            self.settings.avoid_muscles, self.settings.skip_avoided_steps
        )
        window.library_view.favourite_toggled.connect(self._star)
        # a moment later: filling the library view, and building the app, are turns of their own
        self.loader.loaded.connect(lambda _library: QTimer.singleShot(100, self._settle_heap))
        self.loader.loaded.connect(lambda _library: self._play_pending())
        self.pending_play: PlayOptions | None = None
        self.session: Session | None = None
        self.learn_view: LearnView | None = None

        self.tray: Tray | None = None
        if use_tray and not managed and QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = Tray(app_icon(), window)
        self._wire_window()
        self._setup_sessions(launcher)
        self._setup_reminders(notifier)
        self._setup_diary()
        self.builder = builder_controller(
            self, lambda entry: self.play_entry(entry, PlayOptions(entry.id, try_out=True))
        )
        self.suggestions = suggest_controller(self)  # "What should I do now?"
        self._wire_tray()
        self.bridge = AgentBridge(self, managed)
        if loaded.notice:
            window.show_notice(loaded.notice)
        self.loader.reload()
        self.reminders.start()
        self.diary.open()
        self.background.run(self._prune_speech_cache, what="tidying the speech cache")

    def _wire_window(self) -> None:
        w = self.window
        w.start_requested.connect(self._start_from_library)
        w.settings_requested.connect(self.edit_settings)
        w.reload_requested.connect(self.loader.reload)
        w.open_folder_requested.connect(self.open_routines_folder)
        w.learn_requested.connect(self.show_learn)
        w.quit_requested.connect(self.quit)
        w.closing.connect(self._window_closed)

    def _setup_sessions(self, launcher: SessionLauncher | None) -> None:
        self.sessions = launcher or SessionLauncher(self.clock, parent=self.window)
        self.sessions.notice.connect(self.window.show_notice)
        self.sessions.started.connect(self._session_started)
        self.exports = ExportController(self.window.library_view, lambda: self.settings)
        self.share = ShareController(self.window, self.background, self.loader)

    def _setup_reminders(self, notifier: Notifier | None) -> None:
        self.reminders = ReminderController(
            self.background,
            self.clock,
            self.zone,
            self.wall,
            grace_minutes=self.settings.reminder_grace,
            view=self.window.reminders_view,
            library=lambda: self.loader.library,
            window=self.window,
            tray=self.tray,
            notifier=notifier,
        )
        self.reminders.notice.connect(self.window.show_notice)
        self.reminders.start_requested.connect(self._open_and_start)
        self.window.reminders_requested.connect(self.show_reminders)

    def _setup_diary(self) -> None:
        self.diary = DiaryController(self.background, self.zone, self.wall, self.window)
        self.diary.notice.connect(self.window.show_notice)
        self.diary.info.connect(self.window.show_info)
        self.diary.page_requested.connect(self.window.show_page)
        self.diary.closed.connect(self.window.show_library)
        self.window.log_cramp_requested.connect(self.diary.log_cramp)
        self.window.progress_requested.connect(self.diary.show_progress)

    def adopt_tray(self) -> None:
        """The tray agent went away: this process holds the tray from now on."""
        if self.tray is not None:  # its own, hidden while the agent held the tray
            self.tray.show()
        elif QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = self.reminders.notifier.tray = Tray(app_icon(), self.window)
            self._wire_tray()
            if self.loader.library is not None:
                self.tray.set_library(self.loader.library)
            self.reminders.runtime.check()  # the tray's Next line

    def _wire_tray(self) -> None:
        if self.tray is None:
            return
        tray = self.tray
        tray.start_requested.connect(self._open_and_start)
        tray.pause_requested.connect(self.reminders.pause_until)
        tray.open_requested.connect(self.show_window)
        tray.group_requested.connect(self.window.show_group)  # after open_requested (tray.py)
        tray.quit_requested.connect(self.quit)
        tray.log_requested.connect(self._log_from_tray)
        tray.set_favourites(frozenset(self.settings.favourites))
        self.loader.loaded.connect(tray.set_library)
        self.reminders.next_changed.connect(tray.set_next)
        tray.show()

    @staticmethod
    def _prune_speech_cache() -> None:
        from crampcoach.desktop.session.speech import cache_dir, prune_cache

        prune_cache(cache_dir())

    # -- pages ---------------------------------------------------------------------------------
    def show_window(self) -> None:
        """Bring the window to the person: restored if minimised, raised, and focused."""
        w = self.window
        if w.isMinimized():
            w.showNormal()  # show() alone leaves a minimised window minimised
        else:
            w.show()
        w.setWindowState(w.windowState() & ~Qt.WindowState.WindowMinimized)
        w.raise_()
        w.activateWindow()

    def show_reminders(self) -> None:
        self.reminders.refresh_view()
        self.window.show_reminders()

    def _log_from_tray(self) -> None:
        self.show_window()
        self.diary.log_cramp()

    def show_learn(self, section: str = "") -> LearnView:
        from crampcoach.desktop.learn_view import LearnView

        if self.learn_view is None:
            self.learn_view = LearnView()
            self.learn_view.closed.connect(self.window.show_library)
            self.learn_view.routine_requested.connect(self.start)
        self.window.show_page(self.learn_view)
        if section:
            self.learn_view.show_section(section)
        return self.learn_view

    def show_welcome(self) -> QMessageBox:
        """First run: what the app does, and that it is not medical advice."""
        self.welcome = welcome_box(self.window, on_learn=self.show_learn)
        self.welcome.finished.connect(
            lambda _r: self.apply_settings(self.settings.changed(welcomed=True))
        )
        self.welcome.open()
        return self.welcome

    # -- sessions ------------------------------------------------------------------------------
    def start(self, ref: str, options: PlayOptions | None = None) -> PlayerView | None:
        """Play a routine (an id, or a routine file's path). Returns the player, or None
        when the session starts a moment later, once Qt Multimedia answered."""
        options = options or PlayOptions(ref)
        resolved = resolve(ref, lambda: self.loader.library or Library(), self.settings.timing)
        entry = resolved.entry
        if entry is None:
            self.window.show_notice(f"There is no routine called {ref!r}.")
            return None
        return self.play_entry(
            entry_at_length(entry, options.length, self.settings.timing), options
        )

    def play_entry(
        self, entry: LibraryEntry, options: PlayOptions | None = None
    ) -> PlayerView | None:
        """Play a routine already loaded (the library's, or the builder's unsaved one)."""
        options = options or PlayOptions(entry.id)
        playing = self.session
        if playing is not None and playing.driver.engine.is_active:
            self.replace_question = ask_to_replace(
                playing,
                entry.routine.title,
                self.window,
                lambda: self._replace(entry, options),
                still_playing=lambda: self.session is playing,
            )
            return None
        session = self.sessions.request(entry, options, self.settings)
        return session.player if session is not None else None

    def _replace(self, entry: LibraryEntry, options: PlayOptions) -> None:
        self.window.close_player()  # the session playing ends (and is recorded as stopped)
        self.play_entry(entry, options)

    def _start_from_library(self, routine_id: str) -> None:
        """Start at the length chosen beside the Start button."""
        length = self.window.library_view.chosen_length()
        self.start(routine_id, PlayOptions(routine_id, length=length))

    def _open_and_start(self, routine_id: str) -> None:
        self.show_window()
        self.start(routine_id)

    def _play_pending(self) -> None:
        options, self.pending_play = self.pending_play, None
        if options is not None:
            self.start(options.routine, options)

    def _session_started(self, session: Session) -> None:
        self._settle_heap()  # before the session's clock starts, never during it
        self.session = session
        self.reminders.hold(True)  # reminders wait until the session ends
        session.closed.connect(lambda: self._session_closed(session))
        session.driver.finished.connect(lambda _s: self.reminders.hold(False))
        if session.options.speed == 1.0 and not session.options.try_out:  # previews aren't
            self.diary.record(session.driver, session.entry)
        if session.options.exit_when_done:
            session.driver.finished.connect(lambda _s: self._quit_after_sound(session))
        self.window.show_player(session.player)

    def _session_closed(self, session: Session) -> None:
        if self.session is session:
            self.session = None
            self.reminders.hold(False)

    def _settle_heap(self, _library: object = None) -> None:
        """Freeze the long-lived heap out of the collector's walks (collector.py), when no
        session is playing: it takes one full collection, about 30 ms."""
        if self.collector is not None and self.window.player is None:
            self.collector.settle()

    def _quit_after_sound(self, session: Session, waited: float = 0.0) -> None:
        """Quit once the last line has been said and the last chime rung."""
        if session.is_making_sound() and waited < EXIT_GRACE_S:
            QTimer.singleShot(50, lambda: self._quit_after_sound(session, waited + 0.05))
            return
        session.silence()
        self.qapp.quit()

    def handle_message(self, payload: dict[str, object]) -> None:
        """A second ``crampcoach`` launch handed us its request."""
        self.show_window()
        if payload.get("cmd") == "play" and isinstance(payload.get("routine"), str):
            speed = payload.get("speed", 1.0)
            options = PlayOptions(
                str(payload["routine"]),
                voice=bool(payload.get("voice", True)),
                speed=float(speed) if isinstance(speed, (int, float)) else 1.0,
            )
            self.start(options.routine, options)

    # -- settings and folders ------------------------------------------------------------------
    def edit_settings(self) -> None:
        from crampcoach.desktop.settings_dialog import SettingsDialog

        synth = self.sessions.synth()
        synth.want_voices()  # starts the speech engine, which lists its voices
        dialog = SettingsDialog(self.settings, synth.voices, self.window)
        synth.voices_listed.connect(dialog.set_voices)
        sample = self.sessions.voice_sample()
        dialog.test_voice.connect(sample.play)
        dialog.finished.connect(lambda _r: sample.stop())
        dialog.accepted.connect(lambda: self.apply_settings(dialog.result_settings()))
        dialog.open()

    def apply_settings(self, settings: Settings) -> None:
        if settings.start_at_login != autostart.is_enabled():
            self.background.run(
                lambda: autostart.set_enabled(settings.start_at_login),
                what="changing start at login",
            )
        timing_changed = settings.timing != self.settings.timing
        starred_changed = settings.favourites != self.settings.favourites
        self.settings = settings
        self.reminders.set_grace(settings.reminder_grace)
        apply_theme(self.qapp, settings.theme)
        if self.session is not None:  # a session playing hears the new volumes at once
            self.session.set_volumes(settings.voice_volume, settings.sound_volume)
        if starred_changed:  # starred routines come first in the library and the tray
            starred = frozenset(settings.favourites)
            self.window.library_view.set_favourites(starred)
            if self.tray is not None:
                self.tray.set_favourites(starred)
        self.window.library_view.set_resting(settings.avoid_muscles, settings.skip_avoided_steps)
        if timing_changed:  # cards show what will play
            self.loader.set_timing(settings.timing)
        self.background.write(lambda: save_settings(settings), "your settings", key="settings")

    def _star(self, routine_id: str, starred: bool) -> None:
        favourites = [f for f in self.settings.favourites if f != routine_id]
        favourites += [routine_id] if starred else []
        self.apply_settings(self.settings.changed(favourites=tuple(favourites)))

    def open_routines_folder(self) -> None:
        folder = self.loader.user_dir
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # -- closing -------------------------------------------------------------------------------
    def _window_closed(self) -> None:
        self.bridge.window_closed()

    def quit(self) -> None:
        self.qapp.quit()

    def shutdown(self) -> None:
        self.window.closing.disconnect(self._window_closed)  # closing it now quits nothing
        self.reminders.shutdown()
        if self.tray is not None:
            self.tray.hide()
        if self.window.player is not None:
            self.window.close_player()
        self.sessions.shutdown()
        self.diary.shutdown()
        self.background.shutdown()
