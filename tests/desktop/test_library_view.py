"""The library window: groups, Cramp now, search, details, broken user routines."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from crampcoach.core.library import load_library
from crampcoach.desktop.library_view import LibraryView
from crampcoach.desktop.widgets.card_delegate import META_ROLE
from tests.fakes import BUILTIN_ROUTINES


def make_view(qtbot: QtBot, user_dir: Path | None = None) -> LibraryView:
    view = LibraryView()
    qtbot.addWidget(view)
    view.resize(900, 600)
    with qtbot.waitActive(view):
        view.show()
        view.activateWindow()
    view.set_library(load_library(BUILTIN_ROUTINES, user_dir))
    return view


def ids(view: LibraryView) -> list[str]:
    model = view.cards.model()
    return [model.index(i, 0).data(Qt.ItemDataRole.UserRole) for i in range(model.rowCount())]


def test_all_builtins_are_listed_with_details(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    assert len(ids(view)) >= 12
    view.select("box-breathing")
    html = view.details.toPlainText()
    assert "Box breathing" in html
    assert "Steps" in html
    assert "Source:" in html
    assert "0:04 Box breathing (2:18)" in html


def test_cramp_now_is_one_click_to_the_relief_guides(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    view.cramp_button.click()
    assert set(ids(view)) == {
        "calf-cramp-relief",
        "foot-cramp-relief",
        "hamstring-cramp-relief",
        "quadriceps-cramp-relief",
    }
    with qtbot.waitSignal(view.start_requested) as started:
        view.start_button.click()
    assert started.args == [ids(view)[0]]


def test_groups_and_search(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    view.set_group("bedtime")
    assert "bedtime-calf-hamstring" in ids(view)
    assert "box-breathing" not in ids(view)
    view.set_group("all")
    qtbot.keyClicks(view.search, "hamstring")
    assert set(ids(view)) >= {"hamstring-cramp-relief", "bedtime-calf-hamstring"}
    assert "box-breathing" not in ids(view)
    view.search.clear()
    qtbot.keyClicks(view.search, "zzzz")
    assert ids(view) == []
    assert not view.start_button.isEnabled()


def test_enter_on_a_card_starts_it(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    view.select("pmr-lower-body")
    with qtbot.waitSignal(view.start_requested) as started:
        view.cards.activated.emit(view.cards.currentIndex())
    assert started.args == ["pmr-lower-body"]


def test_broken_user_routines_are_listed_with_file_and_line(qtbot: QtBot, tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        "format: 1\nid: mine\ntitle: Mine\nsummary: S\nsteps:\n  - type: rest\n    duration: 5\n"
    )
    (tmp_path / "broken.yaml").write_text(
        "format: 1\nid: broken\ntitle: T\nsummary: S\nsteps:\n  - type: rest\n    duraton: 5\n"
    )
    view = make_view(qtbot, tmp_path)
    assert "mine" in ids(view)
    assert view.problems.isVisibleTo(view)
    assert f"{tmp_path / 'broken.yaml'}:6:5: error:" in view.problems.text()


RELIEF = {"calf-cramp-relief", "foot-cramp-relief", "hamstring-cramp-relief"}


def test_cramp_now_always_shows_the_relief_guides_and_enter_starts_the_first(
    qtbot: QtBot,
) -> None:
    """Ctrl+E after a search for something else showed "No routine matches" with Start
    disabled, on the emergency path."""
    view = make_view(qtbot)
    qtbot.keyClicks(view.search, "breathing")
    view.show_cramp_now()
    assert view.search.text() == ""
    assert set(ids(view)) >= RELIEF
    assert view.cards.currentRow() == 0
    assert view.start_button.isEnabled()
    qtbot.waitUntil(view.cards.hasFocus)
    with qtbot.waitSignal(view.start_requested) as started:
        qtbot.keyClick(view.cards, Qt.Key.Key_Return)
    assert started.args == [ids(view)[0]]


def test_search_enter_starts_the_top_result_and_down_moves_into_the_list(
    qtbot: QtBot,
) -> None:
    view = make_view(qtbot)
    view.search.setFocus()
    qtbot.keyClicks(view.search, "box")
    with qtbot.waitSignal(view.start_requested) as started:
        qtbot.keyClick(view.search, Qt.Key.Key_Return)
    assert started.args == ["box-breathing"]
    view.search.clear()
    qtbot.keyClicks(view.search, "cramp")
    qtbot.keyClick(view.search, Qt.Key.Key_Down)
    assert view.cards.hasFocus()
    assert view.search.nextInFocusChain() is view.cards  # Tab reaches the results too
    for button in view.group_buttons.buttons():
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_a_starred_routine_is_marked_and_a_favourites_group_comes_first(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    favourites = view.findChild(QPushButton, "group-favourites")
    assert favourites is not None
    assert not favourites.isVisibleTo(view)  # nothing starred yet
    view.select("box-breathing")
    with qtbot.waitSignal(view.favourite_toggled) as starred:
        view.star_button.click()
    assert starred.args == ["box-breathing", True]
    view.set_favourites(frozenset({"box-breathing"}))  # as the app does once it is saved
    assert favourites.isVisibleTo(view)
    assert view.group_buttons.buttons()[0] is favourites  # first
    view.set_group("favourites")
    assert ids(view) == ["box-breathing"]
    assert view.star_button.isChecked()
    assert view.cards.model().index(0, 0).data(META_ROLE).startswith("★")


def test_a_length_can_be_chosen_except_for_a_trials_protocol(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    view.select("post-workout-leg-cooldown")
    lengths = [view.length.itemData(i) for i in range(view.length.count())]
    assert lengths == ["short", "standard", "long"]
    assert view.chosen_length() == "standard"
    assert view.length.itemText(0).startswith("Short (")  # with what it lasts
    view.select("bedtime-calf-hamstring")  # Hallegraeff 2012: the tested length only
    assert [view.length.itemData(i) for i in range(view.length.count())] == ["standard"]
    assert not view.length.isEnabled()
    assert "protocol" in view.length.toolTip()


def test_a_screen_reader_reads_each_cards_title_length_and_summary(qtbot: QtBot) -> None:
    view = make_view(qtbot)
    cards = QAccessible.queryAccessibleInterface(view.cards)
    assert cards is not None
    assert cards.text(QAccessible.Text.Name) == "Routines"
    first = cards.child(0)
    assert first is not None
    said = first.text(QAccessible.Text.Name)
    assert said.startswith("4-7-8 breathing. In for 4, hold for 7, out for 8.")
    assert "1:33" in said
    assert "Breathing" in said


def test_thousands_of_routines_are_one_model_reset_and_keep_the_selection(
    qtbot: QtBot, tmp_path: Path
) -> None:
    routine = "format: 1\nid: r{i}\ntitle: R {i:04}\nsummary: S\nsteps:\n"
    routine += "  - type: rest\n    duration: 5\n"
    for i in range(2000):
        (tmp_path / f"r{i}.yaml").write_text(routine.format(i=i))
    view = make_view(qtbot, tmp_path)
    assert view.cards.count() >= 2012
    view.select("r1999")  # far down: laid out and scrolled to
    assert view.cards.visualRect(view.cards.currentIndex()).isValid()
    view.set_library(load_library(BUILTIN_ROUTINES, tmp_path))  # a reload keeps it
    assert view.selected_id() == "r1999"
    qtbot.keyClicks(view.search, "r 0042")
    assert ids(view) == ["r42"]
