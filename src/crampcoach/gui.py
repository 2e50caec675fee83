"""The desktop app's composition root: builds the services and windows and wires them."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QSystemTrayIcon

from crampcoach.app.audio_gate import shared_gate
from crampcoach.app.background import Background, LibraryLoader
from crampcoach.app.collector import MainThreadCollector
from crampcoach.app.history import History, SessionRecorder, Snapshot
from crampcoach.app.notifier import Notifier
from crampcoach.app.reminder_runtime import ReminderRuntime
from crampcoach.app.single_instance import SingleInstance
from crampcoach.core import autostart, paths
from crampcoach.core.atomic import write_atomic
from crampcoach.core.clock import Clock, MonotonicClock
from crampcoach.core.csv_export import export_csv
from crampcoach.core.diary import red_flags
from crampcoach.core.history_store import HistoryStore
from crampcoach.core.insights import insights
from crampcoach.core.library import LibraryEntry
from crampcoach.core.schedule import Firing, local_zone
from crampcoach.core.schedule_store import Schedule, load_schedule, save_schedule, schedule_path
from crampcoach.core.settings import Settings, load_settings, save_settings
from crampcoach.resources import assets_dir, builtin_routines_dir
from crampcoach.ui.main_window import MainWindow
from crampcoach.ui.reminder_prompt import ReminderPrompt
from crampcoach.ui.theme import apply_theme
from crampcoach.ui.tray import Tray

if TYPE_CHECKING:
    from crampcoach.app.session_audio import SessionAudio
    from crampcoach.app.speech import SpeechSynth
    from crampcoach.ui.diary_dialog import DiaryDialog
    from crampcoach.ui.insights_view import InsightsView
    from crampcoach.ui.learn_view import LearnView
    from crampcoach.ui.player import PlayerView

log = logging.getLogger(__name__)

WELCOME = (
    "<p><b>CrampCoach guides you through stretching, breathing and relaxation</b> to help "
    "with leg cramps, reminds you before and after workouts and at bedtime, and keeps a cramp "
    "diary so you can see whether it helps.</p>"
    "<p>It works with your eyes closed (it speaks and chimes), with the keyboard only, and "
    "with the sound off (captions).</p>"
    "<p><b>It gives general wellness guidance, not medical advice.</b> If cramps persist "
    "despite self-care, or come with swelling, redness or muscle weakness, please see a "
    "health professional.</p>"
)


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
        self,
        qapp: QApplication,
        clock: Clock | None = None,
        user_routines: Path | None = None,
        *,
        wall: Callable[[], dt.datetime] | None = None,
        notifier: Notifier | None = None,
        use_tray: bool = True,
        collector: MainThreadCollector | None = None,
    ) -> None:
        self.qapp = qapp
        self.collector = collector
        self.clock = clock or MonotonicClock()
        self.zone = local_zone()
        self.wall = wall or (lambda: dt.datetime.now(self.zone))
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
        self.pending_play: PlayOptions | None = None
        self._next_start: tuple[LibraryEntry, PlayOptions] | None = None
        self.loader.loaded.connect(self._settle_heap)
        self.loader.loaded.connect(self._maybe_play)
        if loaded.notice:
            self.window.show_notice(loaded.notice)
        self.loader.reload()
        self._setup_reminders(notifier, use_tray)
        self._setup_history()
        self.background.run(self._prune_speech_cache, what="tidying the speech cache")

    @staticmethod
    def _prune_speech_cache() -> None:
        from crampcoach.app.speech import cache_dir, prune_cache

        prune_cache(cache_dir())

    # -- history, diary, progress, learn -------------------------------------------------------
    def _setup_history(self) -> None:
        self.history = History(self.background)
        self.history.notice.connect(self.window.show_notice)
        self.history.changed.connect(self._history_changed)
        self.history.open_now()  # also closes sessions a killed run left open
        self.window.log_cramp_requested.connect(self.log_cramp)
        self.window.progress_requested.connect(self.show_progress)
        self.window.learn_requested.connect(self.show_learn)
        if self.tray is not None:
            self.tray.log_requested.connect(self._log_from_tray)
        self.insights_view: InsightsView | None = None
        self.learn_view: LearnView | None = None
        self.diary: DiaryDialog | None = None

    def log_cramp(self) -> DiaryDialog:
        from crampcoach.ui.diary_dialog import DiaryDialog

        if self.diary is not None and self.diary.isVisible():
            self.diary.raise_()
            return self.diary
        self.diary = DiaryDialog(self.wall(), self.window)
        self.diary.logged.connect(
            lambda cramp: self.history.log_cramp(cramp, on_done=lambda _c: self._check_flags())
        )
        self.diary.open()
        return self.diary

    def _log_from_tray(self) -> None:
        self.show_window()
        self.log_cramp()

    def _check_flags(self) -> None:
        """After a cramp is logged: say plainly if it needs a health professional."""
        since = self.wall() - dt.timedelta(days=15)

        def show(snapshot: object) -> None:
            assert isinstance(snapshot, Snapshot)
            flags = red_flags(snapshot.cramps, self.wall())
            if flags:
                box = QMessageBox(
                    QMessageBox.Icon.Warning,
                    "Please see a health professional",
                    "\n\n".join(flags),
                    QMessageBox.StandardButton.Ok,
                    self.window,
                )
                box.setObjectName("redFlagMessage")
                box.open()
                self.flag_message = box

        self.history.snapshot(since, show)

    def show_progress(self, weeks: int = 8) -> InsightsView:
        from crampcoach.ui.insights_view import InsightsView

        if self.insights_view is None:
            view = InsightsView()
            view.closed.connect(self.window.show_library)
            view.log_requested.connect(self.log_cramp)
            view.export_requested.connect(self.export_csv)
            view.delete_cramp_requested.connect(self.history.delete_cramp)
            self.insights_view = view
        self.window.show_page(self.insights_view)
        self.refresh_progress(weeks)
        return self.insights_view

    def refresh_progress(self, weeks: int = 8) -> None:
        now = self.wall()

        def show(snapshot: object) -> None:
            assert isinstance(snapshot, Snapshot)
            if self.insights_view is None:
                return
            result = insights(snapshot.sessions, snapshot.cramps, now, weeks, self.zone)
            flags = red_flags(snapshot.cramps, now)
            self.insights_view.show_data(
                result, snapshot.sessions, snapshot.cramps, flags, self.zone
            )

        self.history.snapshot(now - dt.timedelta(weeks=weeks + 1), show)

    def _history_changed(self) -> None:
        if (
            self.insights_view is not None
            and self.window.pages.currentWidget() is self.insights_view
        ):
            self.refresh_progress()

    def export_csv(self, folder: Path | None = None) -> None:
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(
                self.window, "Export your history and diary to…", str(Path.home())
            )
            if not chosen:
                return
            folder = Path(chosen)
        target = folder

        def export(store: HistoryStore) -> object:
            return export_csv(target, store.sessions(), store.cramps(), self.zone)

        self.history.read(
            export,
            lambda written: self.window.show_notice(
                "Exported " + " and ".join(p.name for p in written) + f" to {target}."  # type: ignore[attr-defined]
            ),
            what="exporting your history",
        )

    def show_learn(self, section: str = "") -> LearnView:
        from crampcoach.ui.learn_view import LearnView

        if self.learn_view is None:
            self.learn_view = LearnView()
            self.learn_view.closed.connect(self.window.show_library)
            self.learn_view.routine_requested.connect(lambda rid: self.start(rid))
        self.window.show_page(self.learn_view)
        if section:
            self.learn_view.show_section(section)
        return self.learn_view

    def show_welcome(self) -> QMessageBox:
        """First run: what the app does, and that it is not medical advice."""
        box = QMessageBox(
            QMessageBox.Icon.Information, "Welcome to CrampCoach", WELCOME, parent=self.window
        )
        box.setObjectName("welcome")
        box.setTextFormat(Qt.TextFormat.RichText)
        learn = box.addButton("Learn about cramps", QMessageBox.ButtonRole.HelpRole)
        box.addButton("Get started", QMessageBox.ButtonRole.AcceptRole)

        def answered(_result: int) -> None:
            self.apply_settings(self.settings.changed(welcomed=True))
            if box.clickedButton() is learn:
                self.show_learn()

        box.finished.connect(answered)
        box.open()
        self.welcome = box
        return box

    # -- reminders ----------------------------------------------------------------------------
    def _setup_reminders(self, notifier: Notifier | None, use_tray: bool) -> None:
        from crampcoach.core.reminder_engine import ReminderEngine

        loaded = load_schedule()
        grace = dt.timedelta(minutes=self.settings.reminder_grace)

        def save_state(path: Path, data: bytes) -> None:
            self.background.write(
                lambda: write_atomic(path, data), "the reminder state", key="reminder-state"
            )

        self.engine = ReminderEngine(
            loaded.schedule, self.zone, self.wall, grace=grace, save=save_state
        )
        for notice in (loaded.notice, self.engine.notice):
            if notice:
                self.window.show_notice(notice)
        self.reminders = ReminderRuntime(self.engine, self.clock, self.window)
        self.tray: Tray | None = None
        if use_tray and QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = Tray(app_icon(), self.window)
            self.tray.start_requested.connect(lambda rid: self._open_and_start(rid))
            self.tray.pause_requested.connect(self.reminders.pause_until)
            self.tray.open_requested.connect(self.show_window)
            self.tray.quit_requested.connect(self.qapp.quit)
            self.loader.loaded.connect(self.tray.set_library)
            self.tray.show()
        self.window.close_to_tray = self.tray is not None
        self.window.before_quit = self._say_once_that_closing_quits
        self.notifier = notifier or Notifier(self.tray, self.window)
        self.notifier.action.connect(lambda f, a: self.answer_reminder(f, a, 10))
        self.reminders.fired.connect(self._on_reminder)
        self.reminders.changed.connect(self._show_next_reminder)
        self._schedule_watch = QFileSystemWatcher([str(schedule_path().parent)], self.window)
        if schedule_path().exists():
            self._schedule_watch.addPath(str(schedule_path()))
        self._schedule_watch.fileChanged.connect(lambda _p: self.reload_schedule())
        self._schedule_watch.directoryChanged.connect(lambda _p: self.reload_schedule())
        self.prompts: list[ReminderPrompt] = []
        self.window.reminders_requested.connect(self.show_reminders)
        self.window.reminders_view.changed.connect(self.save_schedule)
        self.reminders.start()

    def show_reminders(self) -> None:
        self._refresh_reminders_view()
        self.window.show_reminders()

    def _refresh_reminders_view(self) -> None:
        from crampcoach.core.library import Library

        self.window.reminders_view.show_schedule(
            self.engine.schedule, self.loader.library or Library(), self.engine.upcoming(10)
        )

    def save_schedule(self, schedule: Schedule) -> None:
        """Rules edited in the window: plan with them at once, write them off the GUI thread."""
        self.engine.set_schedule(schedule)
        self.reminders.check()
        self._refresh_reminders_view()
        copy = Schedule(list(schedule.workouts), list(schedule.reminders))
        self.background.write(lambda: save_schedule(copy), "your reminders", key="schedule")

    def _say_once_that_closing_quits(self) -> None:
        if self.settings.told_no_tray or not (
            self.engine.schedule.workouts or self.engine.schedule.reminders
        ):
            return
        QMessageBox.information(
            self.window,
            "CrampCoach is closing",
            "This desktop has no system tray, so CrampCoach cannot keep running in the "
            "background: your reminders pause until you start it again.",
        )
        self.apply_settings(self.settings.changed(told_no_tray=True))

    def reload_schedule(self) -> None:
        """Rules changed on disk (the CLI, or another tool): plan again."""
        loaded = load_schedule()
        self.engine.set_schedule(loaded.schedule)
        if schedule_path().exists() and str(schedule_path()) not in self._schedule_watch.files():
            self._schedule_watch.addPath(str(schedule_path()))
        self.reminders.check()

    def _on_reminder(self, firing: Firing) -> None:
        self.notifier.notify(firing)
        entry = (
            self.loader.library.get(firing.routine)
            if (self.loader.library and firing.routine)
            else None
        )
        prompt = ReminderPrompt(firing, entry.routine.title if entry else None, self.window)
        prompt.answered.connect(self.answer_reminder)
        prompt.finished.connect(lambda _r: self._forget_prompt(prompt))
        self.prompts.append(prompt)
        prompt.show()

    def _forget_prompt(self, prompt: ReminderPrompt) -> None:
        if prompt in self.prompts:
            self.prompts.remove(prompt)
            prompt.deleteLater()

    def answer_reminder(self, firing: Firing, action: str, minutes: int) -> None:
        for prompt in [p for p in self.prompts if p.firing == firing]:
            prompt.close()
        if action == "start" and firing.routine:
            self._open_and_start(firing.routine)
        elif action == "snooze":
            self.reminders.snooze(firing, minutes or 10)
        elif action == "skip":
            self.reminders.skip(firing)

    def _show_next_reminder(self) -> None:
        if self.tray is not None:
            self.tray.set_next(self.reminders.next_reminder(), self.engine.state.paused_until)

    def _open_and_start(self, routine_id: str) -> None:
        self.show_window()
        self.start(routine_id)

    def show_window(self) -> None:
        self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def handle_message(self, payload: dict[str, object]) -> None:
        """A second ``crampcoach`` launch handed us its request."""
        if payload.get("cmd") == "play" and isinstance(payload.get("routine"), str):
            speed = payload.get("speed", 1.0)
            options = PlayOptions(
                str(payload["routine"]),
                voice=bool(payload.get("voice", True)),
                speed=float(speed) if isinstance(speed, (int, float)) else 1.0,
            )
            self.show_window()
            entry = self._entry_for(options.routine)
            if entry is not None:
                self.start_entry(entry, options)
        else:
            self.show_window()

    # -- sessions -----------------------------------------------------------------------------
    def start(self, routine_id: str, options: PlayOptions | None = None) -> PlayerView | None:
        library = self.loader.library
        entry = library.get(routine_id) if library else None
        if entry is None:
            self.window.show_notice(f"There is no routine called {routine_id!r}.")
            return None
        return self.start_entry(entry, options)

    def start_entry(
        self, entry: LibraryEntry, options: PlayOptions | None = None
    ) -> PlayerView | None:
        """Open the player on ``entry``. Returns it, or None when the session starts a moment
        later, once Qt Multimedia is known to answer (see app/audio_gate.py)."""
        options = options or PlayOptions(entry.id)
        s = self.settings
        gate = shared_gate()
        if not ((options.voice and s.voice_enabled) or s.sounds_enabled) or gate.usable:
            return self._play(entry, options, audio=bool(gate.usable))
        self._next_start = request = (entry, options)

        def ready(ok: bool) -> None:
            if self._next_start is request:  # a later start request wins
                self._next_start = None
                self._play(entry, options, audio=ok)

        gate.when_ready(ready)
        return None

    def _settle_heap(self, _library: object = None) -> None:
        """Freeze the long-lived heap out of the collector's walks (app/collector.py), when
        no session is playing: it takes one full collection, about 30 ms."""
        if self.collector is not None and self.window.player is None:
            self.collector.settle()

    def _play(self, entry: LibraryEntry, options: PlayOptions, *, audio: bool) -> PlayerView:
        # Qt Multimedia and speech are loaded only when a session needs them (memory).
        from crampcoach.app.narrator import Narrator
        from crampcoach.app.session_driver import SessionDriver
        from crampcoach.app.trace import Tracer
        from crampcoach.core.timeline import build_timeline
        from crampcoach.ui.player import PlayerView

        self._settle_heap()  # before the session's clock starts, never during it
        s = self.settings
        timeline = build_timeline(entry.routine, prepare=s.prepare, switch=s.switch)
        driver = SessionDriver(timeline, self.clock, speed=options.speed)
        narrator = None
        sounds = None
        stream: SessionAudio | None = None
        wants_voice = options.voice and s.voice_enabled
        if (wants_voice or s.sounds_enabled) and not audio:
            self.window.show_notice(
                "No sound output answered, so this session runs on captions only."
            )
        if audio and (wants_voice or s.sounds_enabled):
            from crampcoach.app.session_audio import SessionAudio
            from crampcoach.app.sounds import Sounds

            stream = SessionAudio()  # voice and chimes share it; the player owns it
            if wants_voice:
                narrator = Narrator(
                    self.synth(),
                    voice=s.voice,
                    rate=s.rate,
                    volume=s.voice_volume,
                    countdown=s.countdown_enabled,
                    output=stream,
                )
            if s.sounds_enabled:
                sounds = Sounds(stream, s.sound_volume)
        tracer = Tracer(options.trace) if options.trace else None
        if tracer is not None:
            from crampcoach.app.trace import StallProbe

            probe = StallProbe()
            driver.state_changed.connect(
                lambda state: probe.start() if state == "running" else None
            )
            driver.finished.connect(lambda _s: tracer.probe(probe.stop()))
        player = PlayerView(
            driver, entry.routine, entry.path, narrator=narrator, sounds=sounds, tracer=tracer
        )
        if narrator is not None:
            narrator.setParent(player)
        if stream is not None:
            stream.setParent(player)
        driver.setParent(player)
        if options.speed == 1.0:  # previews at other speeds are not stretching done
            SessionRecorder(driver, entry, self.history, self.wall)
        if options.exit_when_done:
            driver.finished.connect(lambda _s: self._quit_after_speech(player))
        self.window.show_player(player)
        player.start()
        return player

    def _quit_after_speech(self, player: PlayerView, waited: float = 0.0) -> None:
        """Quit once the last line has been said and the last chime rung (at most 15 s)."""
        narrator = player.narrator
        busy = (narrator is not None and narrator.is_speaking()) or (
            player.sounds is not None and player.sounds.is_playing()
        )
        if busy and waited < 15:
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

    def _player_closed(self, player: PlayerView) -> None:
        if player.narrator is not None:
            player.narrator.shutdown()
        if player.sounds is not None:
            player.sounds.close()
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
        from crampcoach.core.loader import load_routine_file

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
        if settings.start_at_login != autostart.is_enabled():
            command = shutil.which("crampcoach") or "crampcoach"
            self.background.run(
                lambda: autostart.set_enabled(settings.start_at_login, command),
                what="changing start at login",
            )
        self.settings = settings
        self.engine.grace = dt.timedelta(minutes=settings.reminder_grace)
        apply_theme(self.qapp, settings.theme)
        player = self.window.player  # a session playing hears the new volumes at once
        if player is not None and player.sounds is not None:
            player.sounds.set_volume(settings.sound_volume)
        if player is not None and player.narrator is not None:
            player.narrator.set_volume(settings.voice_volume)
        self.background.write(lambda: save_settings(settings), "your settings", key="settings")

    def open_routines_folder(self) -> None:
        folder = self.loader.user_dir
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def shutdown(self) -> None:
        self.reminders.stop()
        self._schedule_watch.blockSignals(True)  # no re-planning while quitting
        self.notifier.close()
        if self.tray is not None:
            self.tray.hide()
        if self.window.player is not None:
            self.window.close_player()
        if self._synth is not None:
            self._synth.shutdown()
        self.history.close()
        self.background.shutdown()


def app_icon() -> QIcon:
    return QIcon(str(assets_dir() / "icons" / "crampcoach.svg"))


def run(play: PlayOptions | None = None, hidden: bool = False) -> int:
    logging.basicConfig(level=logging.WARNING, format="crampcoach: %(levelname)s: %(message)s")
    QGuiApplication.setDesktopFileName("crampcoach")
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(qapp, QApplication)
    qapp.setApplicationName("CrampCoach")
    qapp.setOrganizationName("CrampCoach")
    qapp.setQuitOnLastWindowClosed(False)  # the tray keeps reminders running
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
