"""Muscles to rest (settings, marks, skipped steps) and "What should I do now?" in the app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from crampcoach.core.clock import FakeClock
from crampcoach.core.diary import Cramp
from crampcoach.core.history_store import HistoryStore, history_path
from crampcoach.core.library import load_library
from crampcoach.core.settings import Settings, settings_path
from crampcoach.desktop.app import CrampCoachApp
from crampcoach.desktop.library_view import ENTRY_ROLE, LibraryView
from crampcoach.desktop.session.launcher import PlayOptions
from crampcoach.desktop.settings_dialog import SettingsDialog
from crampcoach.desktop.suggest.dialog import SuggestDialog
from crampcoach.desktop.widgets.card_delegate import META_ROLE
from tests.desktop.fakes import started_player
from tests.fakes import BUILTIN_ROUTINES, UTC, Wall

EVENING = dt.datetime(2027, 6, 2, 14, 30, tzinfo=UTC)


@pytest.fixture
def wall() -> Wall:
    return Wall(EVENING)


@pytest.fixture
def app(
    qtbot: QtBot,
    qapp: QApplication,
    clock: FakeClock,
    tmp_path: Path,
    wall: Wall,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[CrampCoachApp]:
    monkeypatch.setenv("TZ", "UTC")
    instance = CrampCoachApp(
        qapp, clock=clock, user_routines=tmp_path / "routines", wall=wall, use_tray=False
    )
    qtbot.addWidget(instance.window)
    with qtbot.waitSignal(instance.loader.loaded, timeout=5000):
        pass
    yield instance
    instance.shutdown()


def card(view: LibraryView, routine_id: str) -> tuple[str, str]:
    """A card's painted meta line and what a screen reader reads."""
    model = view.cards.model()
    for row in range(model.rowCount()):
        item = model.index(row, 0)
        if item.data(ENTRY_ROLE) == routine_id:
            return str(item.data(META_ROLE)), str(item.data(Qt.ItemDataRole.AccessibleTextRole))
    raise AssertionError(f"no card for {routine_id}")


# -- muscles to rest ---------------------------------------------------------------------------
def test_the_settings_dialog_has_a_checkbox_per_muscle_and_hands_them_back(
    qtbot: QtBot,
) -> None:
    dialog = SettingsDialog(Settings(avoid_muscles=("hamstrings",)), [])
    qtbot.addWidget(dialog)
    boxes = dialog.rest.boxes
    assert boxes["hamstrings"].isChecked()
    assert not boxes["calves"].isChecked()
    assert boxes["calves"].text() == "Calves"
    assert boxes["calves"].accessibleName() == "Rest my calves"
    assert dialog.rest.skip.isChecked()  # skipping is on by default
    boxes["calves"].click()
    dialog.rest.skip.click()
    result = dialog.result_settings()
    assert result.avoid_muscles == ("calves", "hamstrings")
    assert result.skip_avoided_steps is False


def test_chosen_muscles_persist_and_mark_the_library_at_once(
    app: CrampCoachApp, qtbot: QtBot
) -> None:
    view = app.window.library_view
    assert "⚠" not in card(view, "calf-cramp-relief")[0]
    app.edit_settings()
    dialog = app.window.findChild(SettingsDialog)
    assert dialog is not None
    dialog.rest.boxes["calves"].click()
    dialog.accept()
    assert app.settings.avoid_muscles == ("calves",)
    meta, said = card(view, "calf-cramp-relief")
    assert meta.endswith("  ·  ⚠ works your calves")  # a word mark, not a colour
    assert said.endswith("Works your calves, which you asked to rest.")
    assert "⚠" not in card(view, "box-breathing")[0]
    app.background.shutdown()  # the write is done
    assert '"calves"' in settings_path().read_text()


def test_the_details_mark_the_steps_and_say_how_long_it_plays_without_them(
    qtbot: QtBot,
) -> None:
    view = LibraryView()
    qtbot.addWidget(view)
    view.set_library(load_library(BUILTIN_ROUTINES, None))
    view.set_resting(("calves",), True)
    view.select("post-workout-leg-cooldown")
    text = view.details.toPlainText()
    assert "⚠ Works your calves, which you asked to rest." in text
    assert "The steps marked ⚠ are skipped: it plays for" in text
    assert text.count("⚠ works your calves: skipped") == 2
    plays = text.split("it plays for ")[1].split(".")[0]
    assert view.length.currentText() == f"Standard ({plays})", "beside Start, the same length"
    view.set_resting(("calves",), False)
    text = view.details.toPlainText()
    assert "Go gently with the steps marked ⚠." in text
    assert "skipped" not in text


def test_a_session_leaves_out_the_steps_and_says_so(app: CrampCoachApp, qtbot: QtBot) -> None:
    app.apply_settings(app.settings.changed(avoid_muscles=("calves",)))
    app.start("post-workout-leg-cooldown", PlayOptions("post-workout-leg-cooldown", voice=False))
    player = started_player(app, qtbot)
    texts = [cue.text for cue in player.driver.timeline.cues]
    assert any(t.startswith("Skipping “") and "your calves, which you asked" in t for t in texts)
    names = [span.name for span in player.driver.timeline.steps]
    assert not any("calf" in name.lower() and not name.startswith("Skipped") for name in names)


def test_a_routine_with_nothing_left_is_not_played(app: CrampCoachApp, qtbot: QtBot) -> None:
    app.apply_settings(app.settings.changed(avoid_muscles=("calves",)))
    assert app.start("calf-cramp-relief", PlayOptions("calf-cramp-relief", voice=False)) is None
    assert app.window.player is None
    assert "Every exercise in “Calf cramp relief” works your calves" in app.window.notice.text()
    app.apply_settings(app.settings.changed(skip_avoided_steps=False))  # then it plays as is
    app.start("calf-cramp-relief", PlayOptions("calf-cramp-relief", voice=False))
    assert started_player(app, qtbot).driver.timeline.routine_id == "calf-cramp-relief"


# -- what should I do now? ---------------------------------------------------------------------
def ask(app: CrampCoachApp, qtbot: QtBot) -> SuggestDialog:
    app.window.library_view.suggest_button.click()
    qtbot.waitUntil(lambda: app.suggestions.dialog is not None, timeout=5000)
    dialog = app.suggestions.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def test_the_button_is_keyboard_reachable_and_named(app: CrampCoachApp, qtbot: QtBot) -> None:
    button = app.window.library_view.suggest_button
    assert button.text() == "&What should I do now?"
    assert button.accessibleName() == "What should I do now? Suggest a routine"
    assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    with qtbot.waitActive(app.window):
        app.window.show()
        app.window.activateWindow()
    qtbot.keyClick(app.window.library_view.search, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: app.suggestions.dialog is not None, timeout=5000)
    dialog = app.suggestions.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_a_cramp_just_logged_suggests_its_relief_and_start_plays_it(
    app: CrampCoachApp, qtbot: QtBot, wall: Wall
) -> None:
    with HistoryStore(history_path()) as store:
        store.add_cramp(
            Cramp(at=EVENING - dt.timedelta(minutes=10), muscle="hamstring", severity=7)
        )
    dialog = ask(app, qtbot)
    assert dialog.title.text() == "Hamstring cramp relief"
    assert dialog.why.text() == (
        "You logged a hamstring cramp 10 minutes ago: a gentle stretch can ease it."
    )
    assert dialog.length.text().startswith("Lasts ")
    assert "Hamstring cramp relief" in dialog.accessibleDescription()
    assert dialog.start_button.isDefault()
    assert dialog.start_button.accessibleName() == "Start Hamstring cramp relief"
    dialog.start_button.click()
    player = started_player(app, qtbot)
    assert player.driver.timeline.routine_id == "hamstring-cramp-relief"
    assert not dialog.isVisible()


def test_show_in_library_selects_it_whatever_the_search(
    app: CrampCoachApp, qtbot: QtBot, wall: Wall
) -> None:
    wall.now = EVENING.replace(hour=11)  # nothing due: a favourite
    app.apply_settings(app.settings.changed(favourites=("resonance-breathing",)))
    view = app.window.library_view
    view.set_group("cramp-relief")
    view.search.setText("calf")
    dialog = ask(app, qtbot)
    assert dialog.title.text() == "Resonance breathing"
    assert dialog.why.text() == "Nothing is due right now: a favourite of yours."
    dialog.show_button.click()
    assert view.selected_id() == "resonance-breathing"
    assert view.search.text() == ""
    assert view.group == "all"
    assert not dialog.isVisible()
    assert app.window.player is None


def test_a_workout_in_the_schedule_suggests_the_warm_up(
    app: CrampCoachApp, qtbot: QtBot, wall: Wall
) -> None:
    from crampcoach.core.schedule import Workout
    from crampcoach.core.schedule_store import Schedule, save_schedule

    running = Workout(id="w1", name="Running", date=EVENING.date(), at="15:30", duration=45)
    save_schedule(Schedule(workouts=[running]))  # as `crampcoach workout add` does
    app.reminders.reload_schedule()
    dialog = ask(app, qtbot)
    assert dialog.title.text() == "Dynamic leg warm-up"
    assert dialog.why.text() == "Running starts at 15:30, in 1 hour: warm up first."
    dialog.close_button.click()
    assert not dialog.isVisible()
    assert app.window.player is None
