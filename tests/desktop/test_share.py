"""Sharing in the app: a routine file dropped on the window (or chosen with Import routine…)
is checked, asked about when its id is taken, imported and selected; Export routine… writes
the routine's file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from crampcoach.core.clock import FakeClock
from crampcoach.core.loader import load_routine_file
from crampcoach.desktop import share as share_package
from crampcoach.desktop.app import CrampCoachApp
from crampcoach.desktop.share import controller as share_controller
from tests.core.test_sharing import CALVES
from tests.desktop.test_accessibility import problems
from tests.fakes import BUILTIN_ROUTINES

assert share_package.__doc__


def routine_file(tmp_path: Path, text: str = CALVES, name: str = "calves.yaml") -> Path:
    path = tmp_path / "inbox" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def files(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drag_enter(widget: QWidget, mime: QMimeData) -> bool:
    event = QDragEnterEvent(
        widget.rect().center(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def drop(widget: QWidget, mime: QMimeData) -> bool:
    event = QDropEvent(
        QPointF(widget.rect().center()),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def imported(app: CrampCoachApp, qtbot: QtBot, routine_id: str) -> None:
    """The library has reloaded with the routine, and its card is selected."""
    view = app.window.library_view
    qtbot.waitUntil(lambda: view.selected_id() == routine_id, timeout=5000)
    assert app.share.reveal_after_load is None
    assert not app.share.busy


def question(app: CrampCoachApp, qtbot: QtBot) -> QMessageBox:
    qtbot.waitUntil(lambda: app.share.message_box is not None, timeout=5000)
    box = app.share.message_box
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    return box


def button(box: QMessageBox, name: str) -> QAbstractButton:
    found = box.findChild(QAbstractButton, name)
    assert found is not None, [b.objectName() for b in box.buttons()]
    return found


def mine(app: CrampCoachApp, qtbot: QtBot) -> Path:
    """The person's own 'calves' routine, in the library."""
    path = app.loader.user_dir / "my-calves.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CALVES.replace("Calves after a run", "My calves"), encoding="utf-8")
    with qtbot.waitSignal(app.loader.loaded, timeout=5000):
        app.loader.reload()
    return path


def test_a_routine_file_dropped_on_the_window_is_imported_and_selected(
    app: CrampCoachApp, qtbot: QtBot, tmp_path: Path
) -> None:
    source = routine_file(tmp_path)
    app.window.library_view.set_group("breathing")  # the new card is shown whatever was
    assert drag_enter(app.window, files(source))
    with qtbot.waitSignal(app.share.finished, timeout=5000) as done:
        assert drop(app.window, files(source))
    assert done.args[0] == "added"
    imported(app, qtbot, "calves")
    assert (app.loader.user_dir / "calves.yaml").read_bytes() == source.read_bytes()
    assert app.window.library_view.group == "all"
    assert app.window.notice.text() == "Imported “Calves after a run”."


def test_other_drops_are_left_alone(app: CrampCoachApp, tmp_path: Path) -> None:
    text_file = tmp_path / "notes.txt"
    text_file.write_text("hello", encoding="utf-8")
    assert not drag_enter(app.window, files(text_file))
    plain = QMimeData()
    plain.setText("calf")
    search = app.window.library_view.search
    assert drag_enter(search, plain)  # text still drops into the search field
    assert not app.share.busy


def test_a_file_dropped_on_the_search_field_is_imported_not_typed(
    app: CrampCoachApp, qtbot: QtBot, tmp_path: Path
) -> None:
    source = routine_file(tmp_path)
    search = app.window.library_view.search
    assert drag_enter(search, files(source))
    with qtbot.waitSignal(app.share.finished, timeout=5000):
        assert drop(search, files(source))
    imported(app, qtbot, "calves")
    assert search.text() == ""


def test_an_invalid_file_shows_the_validators_messages(
    app: CrampCoachApp, qtbot: QtBot, tmp_path: Path
) -> None:
    bad = routine_file(tmp_path, CALVES.replace("duration: 30", "duraton: 30"), "bad.yaml")
    good = routine_file(tmp_path)
    with qtbot.waitSignal(app.share.finished, timeout=5000) as done:
        app.share.import_files([bad, good])  # one after the other
    assert done.args[0] == "invalid"
    box = question(app, qtbot)
    assert box.objectName() == "importProblem"
    assert box.text() == "“bad.yaml” is not a valid routine file, so it was not imported."
    assert box.informativeText().splitlines() == [
        "Line 9, column 5: step 1 (Wall calf stretch): missing required key 'duration'",
        "Line 11, column 5: step 1 (Wall calf stretch): unknown key 'duraton' "
        "(did you mean 'duration'?)",
    ]
    assert f"{bad}:11:5: error:" in box.detailedText()
    assert problems(box) == []
    assert not (app.loader.user_dir / "bad.yaml").exists()
    assert app.share.busy  # the next file waits for the message to be read
    with qtbot.waitSignal(app.share.finished, timeout=5000) as done:
        box.accept()
    assert done.args[0] == "added"
    imported(app, qtbot, "calves")


def test_a_clash_asks_with_cancel_as_the_default(
    app: CrampCoachApp, qtbot: QtBot, tmp_path: Path
) -> None:
    path = mine(app, qtbot)
    before = path.read_bytes()
    app.share.import_files([routine_file(tmp_path)])
    box = question(app, qtbot)
    assert box.objectName() == "importClash"
    assert {b.objectName() for b in box.buttons()} == {"replace", "keep-both", "cancel"}
    assert box.defaultButton() is button(box, "cancel")
    assert box.escapeButton() is button(box, "cancel")
    assert {b.accessibleName() for b in box.buttons()} == {
        "Replace the routine you have",
        "Keep both routines",
        "Cancel the import",
    }
    assert "calves-2" in box.informativeText()
    assert problems(box) == []
    with qtbot.waitSignal(app.share.finished, timeout=5000) as done:
        qtbot.keyClick(box, Qt.Key.Key_Escape)  # the keyboard's way out
    assert done.args[0] == "cancelled"
    assert path.read_bytes() == before
    assert sorted(p.name for p in app.loader.user_dir.iterdir()) == ["my-calves.yaml"]
    assert not app.share.busy


def test_a_clash_answered_replace(app: CrampCoachApp, qtbot: QtBot, tmp_path: Path) -> None:
    path = mine(app, qtbot)
    source = routine_file(tmp_path)
    app.share.import_files([source])
    box = question(app, qtbot)
    with qtbot.waitSignal(app.share.finished, timeout=5000) as done:
        button(box, "replace").click()
    assert done.args[0] == "replaced"
    imported(app, qtbot, "calves")
    assert path.read_bytes() == source.read_bytes()
    entry = app.loader.library.get("calves") if app.loader.library else None
    assert entry is not None
    assert entry.routine.title == "Calves after a run"


def test_a_clash_answered_keep_both(app: CrampCoachApp, qtbot: QtBot, tmp_path: Path) -> None:
    path = mine(app, qtbot)
    app.share.import_files([routine_file(tmp_path)])
    box = question(app, qtbot)
    button(box, "keep-both").setFocus()
    with qtbot.waitSignal(app.share.finished, timeout=5000) as done:
        qtbot.keyClick(button(box, "keep-both"), Qt.Key.Key_Space)  # reached by keyboard
    assert done.args[0] == "kept-both"
    imported(app, qtbot, "calves-2")
    library = app.loader.library
    assert library is not None
    both = library.get("calves"), library.get("calves-2")
    assert [e.routine.title if e else None for e in both] == [
        "My calves",
        "Calves after a run (2)",
    ]
    assert path.read_text(encoding="utf-8").startswith("# Shared by Ana")
    copy = (app.loader.user_dir / "calves-2.yaml").read_text(encoding="utf-8")
    assert "# the wall one first" in copy


def test_a_builtin_clash_offers_no_replace(
    app: CrampCoachApp, qtbot: QtBot, tmp_path: Path
) -> None:
    text = (BUILTIN_ROUTINES / "box-breathing.yaml").read_text(encoding="utf-8")
    source = routine_file(tmp_path, text.replace("title: Box breathing", "title: Slow box"))
    app.share.import_files([source])
    box = question(app, qtbot)
    assert {b.objectName() for b in box.buttons()} == {"keep-both", "cancel"}
    assert "one of CrampCoach's own routines" in box.text()
    with qtbot.waitSignal(app.share.finished, timeout=5000) as done:
        button(box, "keep-both").click()
    assert done.args[0] == "kept-both"
    imported(app, qtbot, "box-breathing-2")


def test_the_same_file_again_just_selects_it(
    app: CrampCoachApp, qtbot: QtBot, tmp_path: Path
) -> None:
    with qtbot.waitSignal(app.share.finished, timeout=5000) as done:
        app.share.import_files([BUILTIN_ROUTINES / "calf-cramp-relief.yaml"])
    assert done.args[0] == "unchanged"
    imported(app, qtbot, "calf-cramp-relief")
    assert not app.loader.user_dir.exists()


def test_import_routine_asks_for_files(
    app: CrampCoachApp, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = routine_file(tmp_path)
    asked: list[str] = []

    def choose(_parent: QWidget, title: str, _folder: str, _filter: str) -> tuple[list[str], str]:
        asked.append(title)
        return [str(source)], ""

    monkeypatch.setattr(share_controller.QFileDialog, "getOpenFileNames", choose)
    action = menu_action(app, "&Import routine…")
    assert action.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    with qtbot.waitSignal(app.share.finished, timeout=5000):
        action.trigger()
    assert asked == ["Import routine"]
    imported(app, qtbot, "calves")


def menu_action(app: CrampCoachApp, text: str) -> QAction:
    menu = app.window.menuBar().actions()[0].menu()
    found = [a for a in menu.actions() if a.text() == text]  # type: ignore[union-attr]
    assert len(found) == 1
    return found[0]


def test_export_routine_writes_the_selected_routines_file(
    app: CrampCoachApp, qtbot: QtBot, tmp_path: Path
) -> None:
    view = app.window.library_view
    view.select("box-breathing")
    view.export_requested.disconnect(app.share.export)  # no file dialog in a test
    action = menu_action(app, "&Export routine…")
    assert action.shortcut() == QKeySequence("Ctrl+Shift+S")
    with qtbot.waitSignal(view.export_requested) as asked:
        action.trigger()
    assert asked.args == ["routine", "box-breathing"]
    share_item = [a for a in view.take_along.menu().actions() if "(.yaml)" in a.text()]  # type: ignore[union-attr]
    with qtbot.waitSignal(view.export_requested) as asked:
        share_item[0].trigger()
    assert asked.args == ["routine", "box-breathing"]

    target = tmp_path / "out" / "box.yaml"
    with qtbot.waitSignal(app.share.exported, timeout=5000) as saved:
        app.share.export("routine", "box-breathing", target)
    assert saved.args == [str(target), ""]
    assert target.read_bytes() == (BUILTIN_ROUTINES / "box-breathing.yaml").read_bytes()
    assert load_routine_file(target).ok
    assert "Import routine… (Ctrl+O)" in app.window.notice.text()
    with qtbot.waitSignal(app.share.exported, timeout=5000) as saved:
        app.share.export("routine", "box-breathing", tmp_path / "box.txt")
    assert "ends in .yaml or .yml" in saved.args[1]
    box = question(app, qtbot)
    assert box.text() == "“Box breathing” was not exported."
    box.accept()


def test_no_two_shortcuts_clash(app: CrampCoachApp) -> None:
    from PySide6.QtGui import QShortcut

    keys = [a.shortcut() for a in app.window.findChildren(QAction)]
    keys += [s.key() for s in app.window.findChildren(QShortcut)]
    keys += [b.shortcut() for b in app.window.findChildren(QAbstractButton)]
    named = [k.toString() for k in keys if not k.isEmpty()]
    assert len(named) == len(set(named)), sorted(named)
    assert {"Ctrl+O", "Ctrl+Shift+S"} <= set(named)


def test_a_file_dropped_while_the_library_loads_waits_for_its_ids(
    qtbot: QtBot, qapp: QApplication, clock: FakeClock, tmp_path: Path
) -> None:
    user = tmp_path / "routines"
    user.mkdir()
    (user / "my-calves.yaml").write_text(CALVES.replace("Two calf", "My calf"), encoding="utf-8")
    instance = CrampCoachApp(qapp, clock=clock, user_routines=user)
    qtbot.addWidget(instance.window)
    try:
        assert instance.loader.library is None  # the start-up load has not come back yet
        instance.share.import_files([routine_file(tmp_path)])
        box = question(instance, qtbot)
        assert box.objectName() == "importClash"  # the id was seen as taken
        with qtbot.waitSignal(instance.share.finished, timeout=5000) as done:
            box.reject()
        assert done.args[0] == "cancelled"
        assert sorted(p.name for p in user.iterdir()) == ["my-calves.yaml"]
    finally:
        instance.shutdown()
