"""The desktop app's composition root: builds the services and windows and wires them."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from crampcoach.app.background import Background, LibraryLoader
from crampcoach.app.collector import MainThreadCollector
from crampcoach.core import paths
from crampcoach.core.clock import Clock, MonotonicClock
from crampcoach.core.library import LibraryEntry
from crampcoach.core.loader import load_routine_file
from crampcoach.core.settings import Settings, load_settings, save_settings
from crampcoach.core.timeline import build_timeline
from crampcoach.resources import assets_dir, builtin_routines_dir
from crampcoach.ui.main_window import MainWindow
from crampcoach.ui.theme import apply_theme

if TYPE_CHECKING:
    from crampcoach.app.sounds import Sounds
    from crampcoach.app.speech import SpeechSynth
    from crampcoach.ui.player import PlayerView

log = logging.getLogger(__name__)


@dataclass
class PlayOptions:
    """``crampcoach play`` options."""

    routine: str
    voice: bool = True
    speed: float = 1.0
    exit_when_done: bool = False
    trace: Path | None = None


class CrampCoachApp:
    """Owns the settings, background work, speech and windows for one app run."""

    def __init__(
        self, qapp: QApplication, clock: Clock | None = None, user_routines: Path | None = None
    ) -> None:
        self.qapp = qapp
        self.clock = clock or MonotonicClock()
        loaded = load_settings()
        self.settings: Settings = loaded.settings
        apply_theme(qapp, self.settings.theme)
        self.window = MainWindow()
        self.background = Background(self.window)
        # Worker threads report to GUI-thread slots only (queued by Qt).
        self.background.failed.connect(self.window.show_notice)
        self.window.setWindowIcon(app_icon())
        self.loader = LibraryLoader(
            self.background,
            builtin_routines_dir(),
            user_routines or paths.user_routines_dir(),
            parent=self.window,
        )
        self.loader.loaded.connect(self.window.set_library)
        self.window.start_requested.connect(lambda rid: self.start(rid))
        self.window.settings_requested.connect(self.edit_settings)
        self.window.reload_requested.connect(self.loader.reload)
        self.window.open_folder_requested.connect(self.open_routines_folder)
        self.window.on_player_closed = self._player_closed
        self._synth: SpeechSynth | None = None
        self._sounds: Sounds | None = None
        self.pending_play: PlayOptions | None = None
        self.loader.loaded.connect(self._maybe_play)
        if loaded.notice:
            self.window.show_notice(loaded.notice)
        self.loader.reload()
        self.background.run(self._prune_speech_cache, what="tidying the speech cache")

    @staticmethod
    def _prune_speech_cache() -> None:
        from crampcoach.app.speech import cache_dir, prune_cache

        prune_cache(cache_dir())

    # -- sessions -----------------------------------------------------------------------------
    def start(self, routine_id: str, options: PlayOptions | None = None) -> PlayerView | None:
        library = self.loader.library
        entry = library.get(routine_id) if library else None
        if entry is None:
            self.window.show_notice(f"There is no routine called {routine_id!r}.")
            return None
        return self.start_entry(entry, options)

    def start_entry(self, entry: LibraryEntry, options: PlayOptions | None = None) -> PlayerView:
        # Qt Multimedia and speech are loaded only when a session needs them (memory).
        from crampcoach.app.narrator import Narrator
        from crampcoach.app.session_driver import SessionDriver
        from crampcoach.app.trace import Tracer
        from crampcoach.ui.player import PlayerView

        options = options or PlayOptions(entry.id)
        s = self.settings
        timeline = build_timeline(entry.routine, prepare=s.prepare, switch=s.switch)
        driver = SessionDriver(timeline, self.clock, speed=options.speed)
        narrator = None
        if options.voice and s.voice_enabled:
            narrator = Narrator(
                self.synth(),
                voice=s.voice,
                rate=s.rate,
                volume=s.voice_volume,
                countdown=s.countdown_enabled,
            )
        sounds = self.sounds() if s.sounds_enabled else None
        tracer = Tracer(options.trace) if options.trace else None
        player = PlayerView(
            driver, entry.routine, entry.path, narrator=narrator, sounds=sounds, tracer=tracer
        )
        if narrator is not None:
            narrator.setParent(player)
        driver.setParent(player)
        if options.exit_when_done:
            driver.finished.connect(lambda _s: self._quit_after_speech(player))
        self.window.show_player(player)
        player.start()
        return player

    def _quit_after_speech(self, player: PlayerView, waited: float = 0.0) -> None:
        """Quit once the last line has been said (at most 15 s later)."""
        narrator = player.narrator
        if narrator is not None and narrator.is_speaking() and waited < 15:
            QTimer.singleShot(50, lambda: self._quit_after_speech(player, waited + 0.05))
            return
        if narrator is not None:
            narrator.silence()
        self.qapp.quit()

    def synth(self) -> SpeechSynth:
        if self._synth is None:
            from crampcoach.app.speech import SpeechSynth

            self._synth = SpeechSynth()
            self._synth.unavailable.connect(self.window.show_notice)
            self._synth.start()
        return self._synth

    def sounds(self) -> Sounds:
        if self._sounds is None:
            from crampcoach.app.sounds import Sounds

            self._sounds = Sounds(self.settings.sound_volume)
        return self._sounds

    def _player_closed(self, player: PlayerView) -> None:
        if player.narrator is not None:
            player.narrator.shutdown()
        if player.tracer is not None:
            player.tracer.close()

    def _maybe_play(self) -> None:
        options, self.pending_play = self.pending_play, None
        if options is None:
            return
        entry = self._entry_for(options.routine)
        if entry is None:
            self.window.show_notice(f"There is no routine called {options.routine!r}.")
            return
        self.start_entry(entry, options)

    def _entry_for(self, ref: str) -> LibraryEntry | None:
        """A library id, or a routine file given by path (``crampcoach play FILE``)."""
        path = Path(ref)
        if path.is_absolute() and path.is_file():
            result = load_routine_file(path)
            if result.routine is None or result.timeline is None:
                return None
            return LibraryEntry(result.routine, result.timeline, path, "user")
        library = self.loader.library
        return library.get(ref) if library else None

    # -- settings and folders ------------------------------------------------------------------
    def edit_settings(self) -> None:
        from crampcoach.ui.settings_dialog import SettingsDialog

        synth = self.synth()  # starts the speech engine, which lists its voices
        dialog = SettingsDialog(self.settings, synth.voices, self.window)
        synth.voices_listed.connect(dialog.set_voices)
        dialog.accepted.connect(lambda: self.apply_settings(dialog.result_settings()))
        dialog.open()

    def apply_settings(self, settings: Settings) -> None:
        self.settings = settings
        apply_theme(self.qapp, settings.theme)
        if self._sounds is not None:
            self._sounds.set_volume(settings.sound_volume)
        self.background.run(lambda: save_settings(settings), what="saving your settings")

    def open_routines_folder(self) -> None:
        folder = self.loader.user_dir
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def shutdown(self) -> None:
        if self.window.player is not None:
            self.window.close_player()
        if self._synth is not None:
            self._synth.shutdown()
        self.background.shutdown()


def app_icon() -> QIcon:
    return QIcon(str(assets_dir() / "icons" / "crampcoach.svg"))


def run(play: PlayOptions | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="crampcoach: %(levelname)s: %(message)s")
    QGuiApplication.setDesktopFileName("crampcoach")
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName("CrampCoach")
    qapp.setOrganizationName("CrampCoach")
    collector = MainThreadCollector()
    app = CrampCoachApp(qapp)
    app.pending_play = play
    app.window.show()
    code = qapp.exec()
    app.shutdown()  # waits for pending writes; closes traces
    collector.stop()
    # Skip interpreter finalization: tearing down PySide6 objects in arbitrary order at
    # exit can crash (a refcount fault in the bindings), and everything worth keeping is
    # already written and closed.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
