"""The whole app wired together: library loading, starting sessions, settings notices."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from crampcoach.core.clock import FakeClock
from crampcoach.core.settings import settings_path
from crampcoach.desktop.app import CrampCoachApp
from crampcoach.desktop.session.launcher import PlayOptions
from tests.desktop.fakes import run_to_end, started_player


def test_the_library_loads_in_the_background(app: CrampCoachApp) -> None:
    assert app.loader.library is not None
    assert len(app.loader.library.entries) >= 12
    assert app.window.library_view.cards.count() >= 12


def test_start_plays_in_the_window_and_returns_to_the_library(
    app: CrampCoachApp, clock: FakeClock, qtbot: QtBot
) -> None:
    app.start("calf-cramp-relief", PlayOptions("calf-cramp-relief", voice=False))
    player = started_player(app, qtbot)
    assert app.window.pages.currentWidget() is player
    run_to_end(player, clock)
    assert "health professional" in player.summary_note.text()
    player.done_button.click()
    assert app.window.player is None
    assert app.window.pages.currentWidget() is app.window.library_view


def test_unknown_routine_is_reported_not_crashed(app: CrampCoachApp) -> None:
    assert app.start("no-such-thing") is None
    assert "no-such-thing" in app.window.notice.text()


def test_user_routines_reload_when_files_change(
    app: CrampCoachApp, qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    with qtbot.waitSignal(app.loader.loaded, timeout=5000):
        app.loader.reload()
    with qtbot.waitSignal(app.loader.loaded, timeout=5000):
        (folder / "mine.yaml").write_text(
            "format: 1\nid: mine\ntitle: Mine\nsummary: S\n"
            "steps:\n  - type: say\n    say: Hello there.\n"
        )
    assert app.loader.library is not None
    assert app.loader.library.get("mine") is not None


def test_a_corrupt_settings_file_is_reported_once(
    qtbot: QtBot, qapp: QApplication, clock: FakeClock
) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text("{broken")
    instance = CrampCoachApp(qapp, clock=clock)
    qtbot.addWidget(instance.window)
    try:
        assert "damaged" in instance.window.notice.text()
        assert path.with_name("settings.json.corrupt-1").exists()
    finally:
        with qtbot.waitSignal(instance.loader.loaded, timeout=5000):
            pass
        instance.shutdown()


def test_settings_are_applied_and_saved_off_the_gui_thread(app: CrampCoachApp) -> None:
    app.apply_settings(app.settings.changed(rate=150, sounds_enabled=False))
    app.background.shutdown()
    assert '"rate": 150' in settings_path().read_text()


def test_new_volumes_reach_the_session_playing(app: CrampCoachApp, qtbot: QtBot) -> None:
    app.start("box-breathing", PlayOptions("box-breathing", voice=False))
    started_player(app, qtbot)
    session = app.session
    assert session is not None
    if session.sounds is None:  # the audio probe found no output on this machine
        if os.environ.get("CRAMPCOACH_REQUIRE_AUDIO"):
            pytest.fail("no audio output, although CRAMPCOACH_REQUIRE_AUDIO is set")
        pytest.skip("no audio output here")
    app.apply_settings(app.settings.changed(sound_volume=0.25))
    assert session.sounds.output.chime_volume == 0.25


def test_history_writes_beside_the_routines_folder_do_not_reload_the_library(
    qtbot: QtBot, qapp: QApplication, clock: FakeClock
) -> None:
    from crampcoach.core import paths
    from crampcoach.core.diary import Cramp
    from crampcoach.core.history_store import HistoryStore, history_path

    paths.user_routines_dir().mkdir(parents=True)
    instance = CrampCoachApp(qapp, clock=clock)
    qtbot.addWidget(instance.window)
    try:
        with qtbot.waitSignal(instance.loader.loaded, timeout=5000):
            pass
        assert history_path().parent == paths.user_routines_dir().parent
        watched = instance.loader._watcher
        with HistoryStore() as store:
            for severity in range(5):
                store.add_cramp(Cramp(at=clock_now(), muscle="calf", severity=severity))
        # the routines folder is watched; its parent, where the history lives, is not
        assert str(paths.user_routines_dir()) in watched.directories()
        assert str(history_path().parent) not in watched.directories()
        assert not [f for f in watched.files() if not f.endswith((".yaml", ".yml"))]
        with qtbot.waitSignal(instance.loader.loaded, timeout=5000):  # a routine does reload
            (paths.user_routines_dir() / "mine.yaml").write_text(
                "format: 1\nid: mine\ntitle: Mine\nsummary: S\n"
                "steps:\n  - type: say\n    say: Hello there.\n"
            )
    finally:
        instance.shutdown()


def clock_now():  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.datetime.now(dt.UTC)


def run_event_loop_until_quit(qapp: QApplication, action: Callable[[], None]) -> int:
    """Do ``action`` inside the app's event loop; 0 if the app then quit, 1 if it did not."""
    QTimer.singleShot(0, action)
    never_quit = QTimer()
    never_quit.setSingleShot(True)
    never_quit.timeout.connect(lambda: qapp.exit(1))  # it never quit: fail, don't hang
    never_quit.start(3000)
    try:
        return qapp.exec()
    finally:
        never_quit.stop()  # it must not end a later test's event loop


def test_quit_in_the_window_menu_quits_the_app(app: CrampCoachApp, qapp: QApplication) -> None:
    quit_action = next(a for a in app.window.findChildren(QAction) if a.text() == "&Quit")
    assert quit_action.shortcut().matches(QKeySequence(QKeySequence.StandardKey.Quit))
    assert run_event_loop_until_quit(qapp, quit_action.trigger) == 0


def test_without_a_tray_closing_the_window_says_once_that_reminders_pause_then_quits(
    qtbot: QtBot, qapp: QApplication, clock: FakeClock, tmp_path: Path
) -> None:
    from crampcoach.core.schedule import Reminder
    from crampcoach.core.schedule_store import Schedule, save_schedule

    save_schedule(Schedule(reminders=[Reminder(id="r1", at="07:00", message="Stretch")]))
    instance = CrampCoachApp(qapp, clock=clock, user_routines=tmp_path, use_tray=False)
    qtbot.addWidget(instance.window)
    try:
        instance.window.show()

        def close_and_answer() -> None:
            instance.window.close()
            box = instance.window.findChild(QMessageBox, "closingQuits")
            assert box is not None
            assert box.isVisible()
            assert "reminders pause" in box.text()
            box.accept()

        assert run_event_loop_until_quit(qapp, close_and_answer) == 0
        assert instance.settings.told_no_tray
        instance.window.show()  # the second time: no message, it just quits
        assert run_event_loop_until_quit(qapp, instance.window.close) == 0
        assert instance.window.findChildren(QMessageBox, "closingQuits") == [] or not any(
            b.isVisible() for b in instance.window.findChildren(QMessageBox, "closingQuits")
        )
    finally:
        instance.shutdown()


def test_one_disclaimer_text_everywhere() -> None:
    from crampcoach.core.resources import assets_dir
    from crampcoach.core.safety import DISCLAIMER
    from crampcoach.desktop.learn_view import learn_html
    from crampcoach.desktop.main_window import ABOUT
    from crampcoach.desktop.welcome import WELCOME

    metainfo = (
        assets_dir() / "desktop" / "io.github.crampcoach.CrampCoach.metainfo.xml"
    ).read_text()
    for text in (WELCOME, ABOUT, learn_html(), metainfo):
        assert DISCLAIMER in text


def test_the_player_plays_the_length_the_card_shows_with_the_users_timing(
    app: CrampCoachApp, qtbot: QtBot, tmp_path: Path
) -> None:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "mine.yaml").write_text(  # no defaults: the user's timing fills them in
        "format: 1\nid: mine\ntitle: Mine\nsummary: S\nsteps:\n"
        "  - type: stretch\n    name: Calf\n    duration: 20\n    sides: both\n"
    )
    with qtbot.waitSignal(app.loader.loaded, timeout=5000):
        app.apply_settings(app.settings.changed(prepare=15, switch=12))
    assert app.loader.library is not None
    entry = app.loader.library.get("mine")
    assert entry is not None
    assert entry.timeline.duration == 15 + 20 + 12 + 20
    app.start("mine", PlayOptions("mine", voice=False))
    player = started_player(app, qtbot)
    assert player.driver.timeline.duration == entry.timeline.duration


def test_a_routines_folder_created_while_the_app_runs_is_noticed(
    qtbot: QtBot, qapp: QApplication, clock: FakeClock, tmp_path: Path
) -> None:
    folder = tmp_path / "data" / "crampcoach" / "routines"  # none of it exists yet
    instance = CrampCoachApp(qapp, clock=clock, user_routines=folder)
    qtbot.addWidget(instance.window)
    try:
        with qtbot.waitSignal(instance.loader.loaded, timeout=5000):
            pass
        folder.mkdir(parents=True)  # e.g. the user makes it in their file manager
        qtbot.waitUntil(lambda: str(folder) in instance.loader._watcher.directories(), timeout=5000)
        (folder / "mine.yaml").write_text(
            "format: 1\nid: mine\ntitle: Mine\nsummary: S\n"
            "steps:\n  - type: say\n    say: Hello there.\n"
        )

        def loaded() -> bool:
            library = instance.loader.library
            return library is not None and library.get("mine") is not None

        qtbot.waitUntil(loaded, timeout=5000)  # no F5 needed
    finally:
        instance.shutdown()


def test_showing_the_window_restores_a_minimised_one(app: CrampCoachApp, qtbot: QtBot) -> None:
    window = app.window
    window.show()
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized)
    app.show_window()  # tray click, tray Open, a second launch, a reminder's Start now
    assert not window.isMinimized()
    assert window.isVisible()


@pytest.mark.parametrize(("theme", "dark"), [("dark", True), ("light", False)])
def test_the_theme_is_applied_at_once_everywhere(
    app: CrampCoachApp, qtbot: QtBot, theme: str, dark: bool
) -> None:
    from crampcoach.desktop.theme import is_dark

    app.apply_settings(app.settings.changed(theme=theme))
    assert is_dark(QApplication.palette()) is dark
    assert is_dark(app.window.palette()) is dark
    app.start("box-breathing", PlayOptions("box-breathing", voice=False))
    player = started_player(app, qtbot)
    assert is_dark(player.dial.palette()) is dark
    progress = app.diary.show_progress()
    chart_dark = progress.chart.theme() == progress.chart.ChartTheme.ChartThemeDark
    assert chart_dark is dark
    app.apply_settings(app.settings.changed(theme="light"))


def test_starring_a_routine_is_saved_and_shown_first(app: CrampCoachApp) -> None:
    view = app.window.library_view
    view.select("box-breathing")
    view.star_button.click()
    assert app.settings.favourites == ("box-breathing",)
    assert view.favourites == {"box-breathing"}
    app.background.shutdown()  # the write is done
    assert '"box-breathing"' in settings_path().read_text()


def test_a_routine_starts_at_the_length_chosen_in_the_library(
    app: CrampCoachApp, qtbot: QtBot
) -> None:
    view = app.window.library_view
    view.select("hamstring-cramp-relief")
    view.length.setCurrentIndex(view.length.findData("long"))
    standard = app.loader.library.get("hamstring-cramp-relief")  # type: ignore[union-attr]
    assert standard is not None
    view.start_button.click()
    player = started_player(app, qtbot)
    assert player.driver.timeline.duration > standard.timeline.duration
