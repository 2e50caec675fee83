"""The tray's Start menu: built when opened, a few routines per group and More…"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon
from pytestqt.qtbot import QtBot

from crampcoach.core.library import load_library
from crampcoach.desktop.tray import Tray
from tests.fakes import BUILTIN_ROUTINES

ROUTINE = "format: 1\nid: {id}\ntitle: {title}\nsummary: S\ntags: [bedtime]\nsteps:\n"
ROUTINE += "  - type: rest\n    duration: 5\n"


def open_menu(tray: Tray, title: str) -> list[str]:
    tray.start_menu.aboutToShow.emit()
    menu = next(a.menu() for a in tray.start_menu.actions() if a.text() == title)
    menu.aboutToShow.emit()
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_the_start_menu_is_built_when_opened_and_capped_per_group(
    qtbot: QtBot, tmp_path: Path
) -> None:
    for i in range(40):
        (tmp_path / f"a{i}.yaml").write_text(ROUTINE.format(id=f"a{i}", title=f"A {i:02}"))
    tray = Tray(QIcon())
    library = load_library(BUILTIN_ROUTINES, tmp_path)
    tray.set_library(library)
    assert not tray.start_menu.actions()  # nothing built until the menu opens
    bedtime = open_menu(tray, "Bedtime")
    builtin = [e.routine.title for e in library.with_tag("bedtime") if e.origin == "builtin"]
    assert bedtime[: len(builtin)] == builtin  # CrampCoach's own first
    assert len(bedtime) == Tray.PER_GROUP + 1
    assert bedtime[-1].startswith("More… (")
    tray.set_favourites(frozenset({"a39"}))
    bedtime = open_menu(tray, "Bedtime")
    assert bedtime[0] == "A 39"  # a favourite comes first
    assert open_menu(tray, "★ Favourites") == ["A 39"]
    with qtbot.waitSignal(tray.group_requested) as more:
        menu = next(a.menu() for a in tray.start_menu.actions() if a.text() == "Bedtime")
        menu.actions()[-1].trigger()
    assert more.args == ["bedtime"]


def test_more_opens_the_library_on_that_group(qtbot: QtBot) -> None:
    from crampcoach.desktop.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.set_library(load_library(BUILTIN_ROUTINES, None))
    window.library_view.search.setText("box")
    window.show_group("bedtime")
    assert window.library_view.search.text() == ""
    assert window.library_view.group == "bedtime"
    assert window.pages.currentWidget() is window.library_view
