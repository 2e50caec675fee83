"""The whole app wired together: library loading, starting sessions, settings notices."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from crampcoach.core.clock import FakeClock
from crampcoach.core.settings import settings_path
from crampcoach.gui import CrampCoachApp, PlayOptions
from tests.gui.conftest import run_to_end, started_player


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
    player = started_player(app, qtbot)
    if player.sounds is None:  # the audio probe found no output on this machine
        if os.environ.get("CRAMPCOACH_REQUIRE_AUDIO"):
            pytest.fail("no audio output, although CRAMPCOACH_REQUIRE_AUDIO is set")
        pytest.skip("no audio output here")
    app.apply_settings(app.settings.changed(sound_volume=0.25))
    assert player.sounds.output.chime_volume == 0.25


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
        reloads: list[object] = []
        instance.loader.loaded.connect(reloads.append)
        with HistoryStore() as store:
            for severity in range(5):
                store.add_cramp(Cramp(at=clock_now(), muscle="calf", severity=severity))
        qtbot.wait(700)  # longer than the watcher's debounce
        assert reloads == []
    finally:
        instance.shutdown()


def clock_now():  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.datetime.now(dt.UTC)
