"""The routine builder, driven as a person would: build, check, hear, save, share, star."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QLabel, QLineEdit, QMessageBox, QSpinBox
from pytestqt.qtbot import QtBot

from crampcoach.core.loader import load_routine_file
from crampcoach.desktop.app import CrampCoachApp
from crampcoach.desktop.builder import drafts as controller_module
from crampcoach.desktop.builder.figure_picker import FigurePicker
from crampcoach.desktop.builder.step_form import FieldsForm
from crampcoach.desktop.builder.view import BuilderView

Button = QMessageBox.StandardButton


@pytest.fixture
def answer(monkeypatch: pytest.MonkeyPatch) -> list[Button]:
    """Answers for the builder's questions, in order (a modal box would wait forever)."""
    answers: list[Button] = []
    asked: list[str] = []

    def exec_(box: QMessageBox) -> int:
        asked.append(box.text())
        return int(answers.pop(0).value) if answers else int(Button.Cancel.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return answers


def open_new(app: CrampCoachApp) -> BuilderView:
    app.window.my_routines.requested.emit("new", "")
    view = app.builder.view
    assert view is not None
    assert app.window.pages.currentWidget() is view
    return view


def form(view: BuilderView) -> FieldsForm:
    assert isinstance(view.form, FieldsForm)
    return view.form


def type_into(qtbot: QtBot, widget: QLineEdit, text: str) -> None:
    widget.selectAll()
    qtbot.keyClicks(widget, text)


def test_a_five_step_routine_with_figures_is_built_heard_saved_and_starred(
    app: CrampCoachApp, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = open_new(app)
    view.steps.setCurrentRow(0)  # the routine's details
    fields = view.form.fields.inputs  # type: ignore[union-attr]
    title = fields["title"]
    assert isinstance(title, QLineEdit)
    type_into(qtbot, title, "My night stretch")
    ident = fields["id"]
    assert isinstance(ident, QLineEdit)
    type_into(qtbot, ident, "my-night-stretch")
    view.recheck()
    # step 1 is a stretch already; give it a figure through the picker
    view.steps.setCurrentRow(1)
    monkeypatch.setattr(FigurePicker, "exec", lambda self: 1)
    monkeypatch.setattr(FigurePicker, "chosen", lambda self: "wall-calf-stretch")
    form(view).figure_requested.emit(("steps", 0, "figure"))
    assert view.draft.steps[0]["figure"] == "wall-calf-stretch"
    for kind in ("stretch", "breathe", "rest", "say"):
        view.add_step(kind)
    assert [s["type"] for s in view.draft.steps] == ["stretch", "stretch", "breathe", "rest", "say"]
    view.steps.setCurrentRow(2)
    hold = form(view).inputs["duration"]
    assert isinstance(hold, QDoubleSpinBox)
    hold.setValue(20)
    name = form(view).inputs["name"]
    assert isinstance(name, QLineEdit)
    type_into(qtbot, name, "Seated hamstring stretch")
    monkeypatch.setattr(FigurePicker, "chosen", lambda self: "seated-hamstring-stretch")
    form(view).figure_requested.emit(("steps", 1, "figure"))
    view.recheck()
    assert view.result.ok, [d.message for d in view.result.diagnostics]
    # the live timeline: the total and what is said
    assert view.preview.total.text().startswith("<b>Lasts ")
    said = [
        view.preview.timeline.item(r, 2).text() for r in range(view.preview.timeline.rowCount())
    ]
    assert "Seated hamstring stretch" in " ".join(said)

    # hear it, from the second step, in the real player (the unsaved routine)
    player = None
    view.play_requested.emit(1)
    qtbot.waitUntil(lambda: app.window.player is not None)
    player = app.window.player
    assert player is not None
    assert player.routine.steps[0].name == "Seated hamstring stretch"  # type: ignore[union-attr]
    app.window.close_player()
    assert app.window.pages.currentWidget() is view, "back in the builder after playing"

    # save: a clean, commented file in the user's folder, which the library then selects
    with qtbot.waitSignal(app.loader.loaded, timeout=5000):
        view.save_requested.emit()
    saved = tmp_path / "routines" / "my-night-stretch.yaml"
    text = saved.read_text()
    assert text.startswith("# My night stretch\n")
    assert "# 2. Seated hamstring stretch" in text
    loaded = load_routine_file(saved)
    assert loaded.ok
    assert loaded.routine is not None
    assert loaded.routine.steps[1].figure == "seated-hamstring-stretch"  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: app.window.library_view.selected_id() == "my-night-stretch")
    assert not view.draft.modified
    app.builder.close()
    assert app.window.pages.currentWidget() is app.window.library_view
    # star it
    app.window.library_view.star_button.click()
    assert "my-night-stretch" in app.settings.favourites


def test_a_problem_is_shown_on_the_field_it_is_about_and_blocks_saving(
    app: CrampCoachApp, qtbot: QtBot, tmp_path: Path, answer: list[Button]
) -> None:
    view = open_new(app)
    view.steps.setCurrentRow(0)
    ident = view.form.fields.inputs["id"]  # type: ignore[union-attr]
    assert isinstance(ident, QLineEdit)
    type_into(qtbot, ident, "Not An Id")
    view.recheck()
    error = view.form.fields.errors["id"]  # type: ignore[union-attr]
    assert error.isVisibleTo(view)
    assert error.text().startswith("Problem: ")
    assert "a-z" in error.text() or "match" in error.text(), error.text()
    assert ident.accessibleDescription() == error.text(), "a screen reader hears it too"
    assert not view.result.ok
    assert "problem" in view.preview.total.text()
    # the same message as `crampcoach validate` (the problems list has the full text)
    assert any("id" in t for t in view.preview.problem_texts())
    # a cue outside its hold (checked once the fields themselves are right, as validate
    # does): shown under the step's "lines" field
    view.draft.set(("id",), "fine-id")
    view.draft.set(("steps", 0, "cues"), [{"at": 99, "say": "Breathe."}])
    view._fill_steps(select=1)
    view.recheck()
    cues_error = form(view).errors["cues"]
    assert "not inside" in cues_error.text()
    assert "⚠" in view.steps.item(1).text()
    # Save refuses; closing offers to keep it as a draft
    answer.append(Button.Ok)
    assert not app.builder.save()
    assert not list((tmp_path / "routines").glob("*.yaml"))
    answer.append(Button.Save)  # "Keep as draft"
    assert app.builder.close()
    drafts = controller_module.draft_files()
    assert len(drafts) == 1
    assert "at: 99" in drafts[0].read_text()
    # continue it later from My routines → Continue a draft
    app.window.my_routines.requested.emit("draft", str(drafts[0]))
    again = app.builder.view
    assert again is not None
    assert again.draft.raw["steps"][0]["cues"][0]["at"] == 99
    again.draft.set(("id",), "now-fine")
    again.draft.set(("steps", 0, "cues"), None)
    with qtbot.waitSignal(app.loader.loaded, timeout=5000):
        assert app.builder.save()
    assert (tmp_path / "routines" / "now-fine.yaml").exists()
    assert not drafts[0].exists(), "a saved draft is no longer a draft"


def test_undo_and_redo_with_the_keyboard(app: CrampCoachApp, qtbot: QtBot) -> None:
    view = open_new(app)
    app.window.show()
    app.window.activateWindow()
    qtbot.waitUntil(app.window.isActiveWindow)
    view.steps.setCurrentRow(1)
    view.steps.setFocus()
    view.add_step("rest")
    view.add_step("breathe")
    assert len(view.draft.steps) == 3
    qtbot.keyClick(view.steps, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [s["type"] for s in view.draft.steps] == ["stretch", "rest"]
    qtbot.keyClick(
        view.steps,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert [s["type"] for s in view.draft.steps] == ["stretch", "rest", "breathe"]
    # Alt+Up moves the chosen step up; Delete removes it
    view.steps.setCurrentRow(3)
    view.steps.setFocus()
    qtbot.keyClick(view.steps, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [s["type"] for s in view.draft.steps] == ["stretch", "breathe", "rest"]
    assert view.current_step() == 1
    qtbot.keyClick(view.steps, Qt.Key.Key_Delete)
    assert [s["type"] for s in view.draft.steps] == ["stretch", "rest"]
    # typing in one field is one undo step
    view.steps.setCurrentRow(1)
    name = form(view).inputs["name"]
    assert isinstance(name, QLineEdit)
    type_into(qtbot, name, "Calf")
    assert view.draft.steps[0]["name"] == "Calf"
    view.undo()
    assert view.draft.steps[0]["name"] == "New stretch"


def test_editing_a_hand_written_file_keeps_its_comments(
    app: CrampCoachApp, qtbot: QtBot, tmp_path: Path, answer: list[Button]
) -> None:
    folder = tmp_path / "routines"
    folder.mkdir(exist_ok=True)
    mine = folder / "mine.yaml"
    mine.write_text(
        "# my own, from the physio\n"
        "format: 1\nid: mine\ntitle: Mine\nsummary: Two stretches.  # keep it short\n"
        "steps:\n"
        "  - type: stretch  # the one that helps\n    name: Calf\n    duration: 30\n"
        "  - type: rest\n    duration: 10  # breathe\n"
    )
    with qtbot.waitSignal(app.loader.loaded, timeout=5000):
        app.loader.reload()
    app.window.library_view.select("mine")
    app.window.my_routines.requested.emit("edit", "")
    view = app.builder.view
    assert view is not None
    assert view.draft.path == mine
    view.steps.setCurrentRow(1)
    hold = form(view).inputs["duration"]
    assert isinstance(hold, QDoubleSpinBox)
    hold.setValue(45)
    with qtbot.waitSignal(app.loader.loaded, timeout=5000):
        assert app.builder.save()
    text = mine.read_text()
    for comment in (
        "# my own, from the physio",
        "# keep it short",
        "# the one that helps",
        "# breathe",
    ):
        assert comment in text
    assert "duration: 45" in text
    # removing the step a comment is on asks first; Cancel keeps the file as it was
    view.steps.setCurrentRow(2)
    view.remove_step()
    answer.append(Button.Cancel)
    assert not app.builder.save()
    assert "# breathe" in mine.read_text()
    answer.append(Button.Save)
    with qtbot.waitSignal(app.loader.loaded, timeout=5000):
        assert app.builder.save()
    assert "type: rest" not in mine.read_text()


def test_duplicate_a_built_in_and_delete_the_copy(
    app: CrampCoachApp, qtbot: QtBot, tmp_path: Path, answer: list[Button]
) -> None:
    app.window.library_view.select("box-breathing")
    assert not app.window.my_routines.actions_by_name["delete"].isEnabled()
    app.window.my_routines.requested.emit("duplicate", "")
    view = app.builder.view
    assert view is not None
    assert view.draft.raw["id"] == "box-breathing-my-version"
    assert view.draft.raw["title"] == "Box breathing (my version)"
    with qtbot.waitSignal(app.loader.loaded, timeout=5000):
        assert app.builder.save()
    copy = tmp_path / "routines" / "box-breathing-my-version.yaml"
    assert copy.exists()
    app.builder.close()
    qtbot.waitUntil(lambda: app.window.library_view.selected_id() == "box-breathing-my-version")
    assert app.window.my_routines.actions_by_name["delete"].isEnabled()
    answer.append(Button.Cancel)
    app.window.my_routines.requested.emit("delete", "")
    assert copy.exists(), "Cancel keeps it"
    answer.append(Button.Yes)
    with qtbot.waitSignal(app.loader.loaded, timeout=5000):
        app.window.my_routines.requested.emit("delete", "")
    assert not copy.exists()
    assert app.loader.library is not None
    assert app.loader.library.get("box-breathing-my-version") is None


def test_every_step_type_has_a_form_with_units(app: CrampCoachApp) -> None:
    view = open_new(app)
    for kind in ("move", "breathe", "tense", "rest", "say"):
        view.add_step(kind)
        f = form(view)
        assert f.inputs, kind
        units = [w.text() for w in f.findChildren(QLabel) if w.text().startswith(("s", "per"))]
        if kind != "say":
            assert units, kind
    view.steps.setCurrentRow(2)  # the move step: its checkbox and spin boxes
    assert isinstance(form(view).inputs["count"], QCheckBox)
    assert isinstance(form(view).inputs["reps"], QSpinBox)


def test_a_step_dragged_to_a_new_place_moves_in_the_routine(
    app: CrampCoachApp, qtbot: QtBot
) -> None:
    from PySide6.QtCore import QModelIndex

    view = open_new(app)
    view.add_step("rest")
    view.add_step("say")
    assert [s["type"] for s in view.draft.steps] == ["stretch", "rest", "say"]
    # what a drop does to the list: the row of "say" (3) goes before "stretch" (row 1)
    assert view.steps.model().moveRow(QModelIndex(), 3, QModelIndex(), 1)
    qtbot.waitUntil(lambda: [s["type"] for s in view.draft.steps] == ["say", "stretch", "rest"])
    assert view.current_step() == 0
    # the details row stays first: a drop above it changes nothing
    assert view.steps.model().moveRow(QModelIndex(), 2, QModelIndex(), 0)
    qtbot.waitUntil(lambda: view.steps.item(0).text().startswith("Routine details"))
    assert [s["type"] for s in view.draft.steps] == ["say", "stretch", "rest"]
    view.undo()
    assert [s["type"] for s in view.draft.steps] == ["stretch", "rest", "say"]


def test_esc_and_ctrl_z_in_a_field_act_as_a_person_expects(
    app: CrampCoachApp, qtbot: QtBot, answer: list[Button]
) -> None:
    view = open_new(app)
    app.window.show()
    app.window.activateWindow()
    qtbot.waitUntil(app.window.isActiveWindow)
    view.steps.setCurrentRow(1)
    view.add_step("rest")
    view.steps.setCurrentRow(1)
    name = form(view).inputs["name"]
    assert isinstance(name, QLineEdit)
    name.setFocus()
    qtbot.keyClicks(name, " x")
    assert view.draft.steps[0]["name"] == "New stretch x"
    # Esc in a field does not leave the builder (nor ask anything)
    qtbot.keyClick(name, Qt.Key.Key_Escape)
    assert app.builder.view is view
    # Ctrl+Z in a field is the builder's undo: one history (the typing, then the added step)
    qtbot.keyClick(name, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert view.draft.steps[0]["name"] == "New stretch"
    assert view.draft.can_redo
    view.steps.setFocus()
    qtbot.keyClick(view.steps, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(view.draft.steps) == 1
    # Esc in the step list closes; unchanged now, so nothing is asked
    view.draft.mark_saved(Path("x.yaml"), "")
    view.steps.setFocus()
    qtbot.keyClick(view.steps, Qt.Key.Key_Escape)
    assert app.builder.view is None


def test_a_try_out_is_not_stretching_done_and_focus_comes_back_to_the_steps(
    app: CrampCoachApp, qtbot: QtBot
) -> None:
    view = open_new(app)
    app.window.show()
    view.play_requested.emit(0)
    qtbot.waitUntil(lambda: app.window.player is not None)
    assert app.session is not None
    assert app.session.options.try_out, "the builder's play is a try-out (not in the history)"
    app.window.close_player()
    assert app.window.pages.currentWidget() is view
    assert view.focusProxy() is view.steps


def test_the_figure_picker_filters_by_the_muscle_groups_of_settings(
    app: CrampCoachApp, qtbot: QtBot
) -> None:
    from crampcoach.core.figure.library import builtin_poses

    picker = FigurePicker(builtin_poses(), None, app.window)
    qtbot.addWidget(picker)
    assert picker.chosen() is None, "no figure yet: Enter must not pick the first"
    assert not picker.use.isEnabled()
    labels = [picker.muscle.itemText(i) for i in range(picker.muscle.count())]
    assert "Calves" in labels
    picker.muscle.setCurrentIndex(picker.muscle.findData("calves"))
    shown = [
        picker.list.item(r).data(Qt.ItemDataRole.UserRole)
        for r in range(picker.list.count())
        if not picker.list.item(r).isHidden()
    ]
    assert "wall-calf-stretch" in shown
    assert "squat" not in shown
    assert picker.chosen() in shown
    # a hidden figure (type-to-find can land on one) cannot be used
    hidden = next(r for r in range(picker.list.count()) if picker.list.item(r).isHidden())
    picker.list.setCurrentRow(hidden)
    assert picker.chosen() is None
    assert not picker.use.isEnabled()
    picker.accept()
    assert picker.result() == 0


def test_how_a_word_is_said_is_edited_as_written_equals_spoken(
    app: CrampCoachApp, qtbot: QtBot
) -> None:
    from crampcoach.desktop.builder.step_form import TextBox

    view = open_new(app)
    view.steps.setCurrentRow(0)
    box = view.form.fields.inputs["pronounce"]  # type: ignore[union-attr]
    assert isinstance(box, TextBox)
    box.setPlainText("4-7-8 = four seven eight\nPMR = P M R")
    assert view.draft.raw["pronounce"] == {"4-7-8": "four seven eight", "PMR": "P M R"}
    view.recheck()
    assert view.result.ok
    box.setPlainText("")
    assert "pronounce" not in view.draft.raw
