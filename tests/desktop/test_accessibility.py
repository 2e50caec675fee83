"""What a screen reader gets: every view's accessible tree walked offscreen (Qt's QAccessible
API, what AT-SPI is built from), and the live session's announcements."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QPushButton, QSlider, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from crampcoach.core.clock import FakeClock
from crampcoach.core.settings import Settings
from crampcoach.desktop.app import CrampCoachApp
from crampcoach.desktop.session.launcher import PlayOptions, Session
from tests.desktop.conftest import MakeSession
from tests.desktop.fakes import run_until, started_player

Role = QAccessible.Role
INTERACTIVE = {
    Role.PushButton,
    Role.CheckBox,
    Role.RadioButton,
    Role.ComboBox,
    Role.EditableText,
    Role.SpinBox,
    Role.Slider,
    Role.List,
    Role.Table,
    Role.ProgressBar,
    Role.PageTabList,
}
PAINTED = {Role.Graphic, Role.Chart, Role.Canvas, Role.Animation}


def walk(iface: QAccessibleInterface, depth: int = 0) -> Iterator[QAccessibleInterface]:
    if iface is None or not iface.isValid() or depth > 40:
        return
    if iface.state().invisible:
        return
    yield iface
    for i in range(iface.childCount()):
        child = iface.child(i)
        if child is not None:
            yield from walk(child, depth + 1)


def problems(widget: QWidget) -> list[str]:
    """Unnamed interactive controls, unlabelled fields, painted elements without text."""
    found = []
    root = QAccessible.queryAccessibleInterface(widget)
    assert root is not None
    for iface in walk(root):
        role = iface.role()
        name = iface.text(QAccessible.Text.Name).strip()
        description = iface.text(QAccessible.Text.Description).strip()
        obj = iface.object()
        where = f"{type(obj).__name__} {obj.objectName()!r}" if obj is not None else str(role)
        if role in INTERACTIVE and not name:
            found.append(f"unnamed {role.name}: {where}")
        if role in PAINTED and not (name or description):
            found.append(f"painted {role.name} without text: {where}")
        if name.startswith("<") or "</" in name:
            found.append(f"raw markup as a name: {where}: {name[:40]}")
    return found


@pytest.fixture
def shown(app: CrampCoachApp, qtbot: QtBot) -> CrampCoachApp:
    app.window.resize(980, 700)
    with qtbot.waitActive(app.window):
        app.show_window()
    return app


def test_the_library_and_the_main_window(shown: CrampCoachApp) -> None:
    assert problems(shown.window) == []


def test_the_player_mid_session(shown: CrampCoachApp, qtbot: QtBot, clock: FakeClock) -> None:
    shown.start("box-breathing", PlayOptions("box-breathing", voice=False))
    player = started_player(shown, qtbot)
    inhale = next(p for p in player.driver.timeline.phases if p.kind == "inhale")
    run_until(player, clock, inhale.start + 1.5)
    assert problems(shown.window) == []
    dial = QAccessible.queryAccessibleInterface(player.dial)
    assert dial.role() == Role.ProgressBar
    assert dial.valueInterface() is not None
    left = round(inhale.end - inhale.start - 1)  # seconds left in the phase, rounded up
    assert dial.valueInterface().currentValue() == left
    assert dial.text(QAccessible.Text.Description) == f"Breathe in, {left} seconds left"
    caption = QAccessible.queryAccessibleInterface(player.caption)
    assert caption.text(QAccessible.Text.Name) == player.caption.text()  # live text


def test_the_reminders_page_and_its_forms(shown: CrampCoachApp) -> None:
    shown.show_reminders()
    assert problems(shown.window) == []
    view = shown.window.reminders_view
    for add in (view.add_workout, view.add_reminder):
        add()
        assert view.dialog is not None
        assert problems(view.dialog) == []
        view.dialog.reject()


def test_the_diary_form_settings_progress_and_learn(shown: CrampCoachApp, qtbot: QtBot) -> None:
    from crampcoach.desktop.settings_dialog import SettingsDialog

    dialog = shown.diary.log_cramp()
    assert problems(dialog) == []
    assert "moderate" in dialog.severity.accessibleDescription()
    dialog.reject()
    settings = SettingsDialog(Settings(), [])
    qtbot.addWidget(settings)
    assert problems(settings) == []
    progress = shown.diary.show_progress()
    qtbot.waitUntil(lambda: progress.insights is not None, timeout=5000)
    assert problems(shown.window) == []
    assert shown.window.focusWidget() is progress.chart_view  # a named element, not a filler
    chart = QAccessible.queryAccessibleInterface(progress.chart_view)
    assert "weeks from" in chart.text(QAccessible.Text.Description)
    assert progress.chart_view.viewport().focusPolicy() == Qt.FocusPolicy.NoFocus  # no unnamed
    progress.table_button.click()
    assert progress.table.rowCount() == 8
    assert progress.table_button.text() == "Show as chart"
    assert not progress.table.tabKeyNavigation()  # Tab leaves the table
    shown.show_learn()
    assert problems(shown.window) == []


def play_in_frames(session: Session, clock: FakeClock, until: float) -> None:
    """As the app's refresh timer does: look at the session every half second."""
    t = 0.0
    while t < until:
        t += 0.5
        run_until(session.player, clock, t)


def test_a_step_change_is_announced_and_phases_only_when_asked(
    make_session: MakeSession, clock: FakeClock
) -> None:
    session = make_session("post-workout-leg-cooldown")  # the narrator speaks
    assert session.narrator is not None
    heard: list[str] = []
    session.player.announcer.announced.connect(heard.append)
    session.start()
    play_in_frames(session, clock, 40)
    assert heard[0].startswith("Step 1 of ")
    assert any(h.startswith("Step 3 of ") and "calf" in h.lower() for h in heard)
    assert not any(h.startswith("Hold") for h in heard)  # the narrator says those
    for settings in (Settings(instructions_by="screen-reader"), Settings(voice_enabled=False)):
        quiet = make_session("post-workout-leg-cooldown", settings=settings)
        assert quiet.narrator is None  # nobody else speaks: everything is announced
        told: list[str] = []
        quiet.player.announcer.announced.connect(told.append)
        start = clock.now()
        quiet.start()
        play_in_frames(quiet, clock, 45)
        assert clock.now() - start >= 45
        assert any(t.startswith("Hold, ") for t in told)
        said = [c.text for c in quiet.driver.timeline.cues if c.kind == "say" and c.t < 45]
        assert said
        assert all(any(line in t for t in told) for line in said)  # every instruction
        assert len(told) < 20  # at the caption's moments, never every second


def test_restarting_a_step_and_pausing_are_heard(
    make_session: MakeSession, clock: FakeClock, qtbot: QtBot
) -> None:
    from PySide6.QtCore import Qt

    session = make_session("box-breathing", voice=False)  # the screen reader says it all
    heard: list[str] = []
    session.player.announcer.announced.connect(heard.append)
    session.start()
    play_in_frames(session, clock, 8)
    qtbot.keyClick(session.player, Qt.Key.Key_R)
    qtbot.keyClick(session.player, Qt.Key.Key_R)
    assert sum(h.startswith("Step 2 of ") for h in heard) == 3  # said again each time
    phases = sum(h.startswith(("Hold, ", "Breathe")) for h in heard)
    play_in_frames(session, clock, 8 + 12)  # into the restarted step's breathing again
    assert sum(h.startswith(("Hold, ", "Breathe")) for h in heard) > phases
    qtbot.keyClick(session.player, Qt.Key.Key_Space)
    assert heard[-1] == "Paused"
    player = QAccessible.queryAccessibleInterface(session.player)
    assert player.text(QAccessible.Text.Description) == "Paused"  # Orca 43 reads this


def test_the_walk_finds_what_it_is_looking_for(qtbot: QtBot) -> None:
    """The checks above can fail: an unnamed button and an unlabelled slider are caught."""
    page = QWidget()
    qtbot.addWidget(page)
    layout = QVBoxLayout(page)
    layout.addWidget(QPushButton("Named"))
    layout.addWidget(QPushButton())  # an icon-only button with no name
    layout.addWidget(QSlider())
    page.show()
    found = problems(page)
    assert len(found) == 2
    assert all(f.startswith("unnamed") for f in found)
    root = QAccessible.queryAccessibleInterface(page)
    assert len(list(walk(root))) >= 4


def test_notices_are_heard_and_the_session_bar_is_no_chattering_progress_bar(
    make_session: MakeSession,
) -> None:
    session = make_session("box-breathing")
    heard: list[str] = []
    session.player.announcer.announced.connect(heard.append)
    session.player.show_notice("A line could not be spoken; captions carry on.")
    assert heard == ["A line could not be spoken; captions carry on."]
    bar = QAccessible.queryAccessibleInterface(session.player.progress)
    assert bar.role() != Role.ProgressBar
