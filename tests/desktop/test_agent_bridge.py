"""The window process under the tray agent: it tells the agent what comes next, answers
its requests, quits once nothing is left to show, and takes the tray back if the agent
goes away."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from crampcoach.core.agent_state import read_state, state_path
from crampcoach.core.clock import FakeClock
from crampcoach.core.schedule import Reminder
from crampcoach.core.schedule_store import Schedule, save_schedule, schedule_path
from crampcoach.desktop import agent_bridge
from crampcoach.desktop.agent.link import agent_name
from crampcoach.desktop.app import CrampCoachApp
from crampcoach.desktop.single_instance import SingleInstance
from tests.desktop.fakes import FakeNotifier
from tests.fakes import UTC, Wall


@pytest.fixture
def fake_agent(qapp: QApplication) -> Iterator[SingleInstance]:
    """Something listening where the agent listens, keeping what it is sent."""
    listener = SingleInstance(agent_name())
    assert listener.claim({})
    listener.got = []  # type: ignore[attr-defined]
    listener.received.connect(listener.got.append)  # type: ignore[attr-defined]
    yield listener
    listener.close()


@pytest.fixture
def managed(
    qtbot: QtBot,
    qapp: QApplication,
    clock: FakeClock,
    tmp_path: Path,
    fake_agent: SingleInstance,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[CrampCoachApp, Wall, FakeNotifier]]:
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setattr(agent_bridge, "IDLE_CHECK_MS", 100)
    save_schedule(Schedule(reminders=[Reminder(id="r1", at="07:00", routine="calf-cramp-relief")]))
    wall, notifier = Wall(), FakeNotifier()
    instance = CrampCoachApp(qapp, clock=clock, user_routines=tmp_path / "routines", wall=wall,
                             notifier=notifier, managed=True)  # type: ignore[arg-type]  # fmt: skip
    qtbot.addWidget(instance.window)
    with qtbot.waitSignal(instance.loader.loaded, timeout=5000):
        pass
    yield instance, wall, notifier
    instance.shutdown()


def run_until_quit(qapp: QApplication, within_ms: int = 3000) -> bool:
    """Run the event loop; True if the app quit by itself within ``within_ms``."""
    never = QTimer()
    never.setSingleShot(True)
    never.timeout.connect(lambda: qapp.exit(1))
    never.start(within_ms)
    try:
        return qapp.exec() == 0
    finally:
        never.stop()


def test_it_tells_the_agent_the_next_reminder_the_menu_and_what_to_watch(
    qtbot: QtBot, managed: tuple[CrampCoachApp, Wall, FakeNotifier]
) -> None:
    app, _, _ = managed
    assert app.tray is None  # the agent holds the tray
    qtbot.waitUntil(lambda: read_state() is not None and read_state().start_menu != (),  # type: ignore[union-attr]
                    timeout=5000)  # fmt: skip
    state = read_state(state_path())
    assert state is not None
    assert state.next_wakeup == dt.datetime(2027, 6, 1, 7, 0, tzinfo=UTC)
    assert state.next_text.startswith("Next: Tue 07:00")
    assert state.has_rules
    assert str(schedule_path()) in state.watch
    titles = {title for _label, routines in state.start_menu for _rid, title in routines}
    assert any("calf" in t.lower() for t in titles)


def test_with_nothing_to_show_it_quits(
    qapp: QApplication, managed: tuple[CrampCoachApp, Wall, FakeNotifier]
) -> None:
    app, _, _ = managed
    assert not app.window.isVisible()
    assert run_until_quit(qapp)
    assert read_state() is not None  # written before leaving (shutdown waits for it)


def test_a_window_or_a_reminder_waiting_for_an_answer_keeps_it_running(
    qapp: QApplication, managed: tuple[CrampCoachApp, Wall, FakeNotifier]
) -> None:
    app, wall, _ = managed
    app.window.show()
    assert not run_until_quit(qapp, 800)
    app.window.close()  # closing the window does not quit at once, nor ask anything
    wall.now = dt.datetime(2027, 6, 1, 7, 0, tzinfo=UTC)
    app.reminders.runtime.check()  # the reminder fires: its prompt waits for an answer
    assert app.reminders.busy()
    assert not run_until_quit(qapp, 800)
    [prompt] = app.reminders.prompts
    prompt.buttons["skip"].click()
    assert run_until_quit(qapp)


def test_closing_the_window_neither_quits_at_once_nor_warns(
    managed: tuple[CrampCoachApp, Wall, FakeNotifier],
) -> None:
    app, _, _ = managed
    app.window.show()
    app.window.close()
    assert not hasattr(app.bridge, "closing_message")


def test_the_agent_s_requests(
    managed: tuple[CrampCoachApp, Wall, FakeNotifier], fake_agent: SingleInstance
) -> None:
    app, _wall, _ = managed
    app.bridge.handle_message({"cmd": "ping"})
    assert not app.window.isVisible()  # asking whether we run shows nothing
    until = dt.datetime(2027, 6, 1, 12, 0, tzinfo=UTC)
    app.bridge.handle_message({"cmd": "pause", "until": until.isoformat()})
    assert app.reminders.engine.state.paused_until == until
    app.bridge.handle_message({"cmd": "pause", "until": None})
    assert app.reminders.engine.state.paused_until is None
    app.bridge.handle_message({"cmd": "pause", "until": "not a time"})
    assert app.reminders.engine.state.paused_until is None
    app.bridge.handle_message({"cmd": "log"})
    assert app.window.isVisible()


def test_quit_in_the_window_quits_the_agent_too(
    qtbot: QtBot, managed: tuple[CrampCoachApp, Wall, FakeNotifier], fake_agent: SingleInstance
) -> None:
    app, _, _ = managed
    app.window.quit_requested.emit()
    qtbot.waitUntil(lambda: {"cmd": "quit"} in fake_agent.got, timeout=3000)  # type: ignore[attr-defined]


def test_if_the_agent_goes_away_it_stays_and_holds_the_tray_itself(
    qapp: QApplication,
    managed: tuple[CrampCoachApp, Wall, FakeNotifier],
    fake_agent: SingleInstance,
) -> None:
    app, _, _ = managed
    fake_agent.close()
    assert not run_until_quit(qapp, 800)
    assert not app.bridge.managed  # offscreen has no tray: it runs on, as before the agent


def test_started_by_hand_its_window_closed_it_hands_the_tray_to_an_agent_and_leaves(
    qtbot: QtBot,
    qapp: QApplication,
    clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No agent ran (the app was started from the menu, holding its own tray): closing
    the window starts one, and once it listens this process leaves the tray to it."""
    from crampcoach.desktop.theme import app_icon
    from crampcoach.desktop.tray import Tray

    monkeypatch.setattr(agent_bridge, "IDLE_CHECK_MS", 100)
    monkeypatch.setattr(agent_bridge, "HANDOVER_POLL_MS", 50)
    instance = CrampCoachApp(qapp, clock=clock, user_routines=tmp_path / "routines",
                             notifier=FakeNotifier())  # type: ignore[arg-type]  # fmt: skip
    qtbot.addWidget(instance.window)
    listeners: list[SingleInstance] = []

    def start_agent() -> None:  # the agent comes up a moment later
        def listen() -> None:
            listener = SingleInstance(agent_name())
            assert listener.claim({})
            listeners.append(listener)

        QTimer.singleShot(300, listen)

    try:
        with qtbot.waitSignal(instance.loader.loaded, timeout=5000):
            pass
        instance.tray = Tray(app_icon(), instance.window)  # as on a desktop with a tray
        instance.bridge.start_agent = start_agent
        assert not instance.bridge.managed
        instance.window.show()
        instance.window.close()
        assert run_until_quit(qapp, 5000)
        assert instance.bridge.managed
        assert not instance.tray.isVisible()
        assert read_state() is not None  # the agent knows what comes next
    finally:
        for listener in listeners:
            listener.close()
        instance.shutdown()


def test_with_no_agent_coming_it_keeps_its_own_tray(
    qtbot: QtBot, qapp: QApplication, clock: FakeClock, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    from crampcoach.desktop.theme import app_icon
    from crampcoach.desktop.tray import Tray

    monkeypatch.setattr(agent_bridge, "HANDOVER_POLL_MS", 20)
    monkeypatch.setattr(agent_bridge, "HANDOVER_WAIT_MS", 200)
    instance = CrampCoachApp(qapp, clock=clock, user_routines=tmp_path / "routines",
                             notifier=FakeNotifier())  # type: ignore[arg-type]  # fmt: skip
    qtbot.addWidget(instance.window)
    try:
        instance.tray = Tray(app_icon(), instance.window)
        started: list[int] = []
        instance.bridge.start_agent = lambda: started.append(1)
        instance.window.show()
        instance.window.close()
        assert not run_until_quit(qapp, 800)
        assert started == [1]
        assert not instance.bridge.managed
    finally:
        instance.shutdown()
