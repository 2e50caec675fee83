"""The tray agent on a fake wall clock and a fake window process: it wakes the window
process at the next reminder (never in a storm), after a sleep or a clock change and when
the schedule changes; its menu hands each request over, starting the process if needed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from crampcoach.core.agent_state import AgentState
from crampcoach.desktop.agent.link import GIVE_UP_S, AppLink
from crampcoach.desktop.agent.tray_agent import RELAUNCH_GAP_S, TrayAgent

NOW = dt.datetime(2026, 11, 30, 21, 0, tzinfo=dt.UTC)


class FakeWindowProcess:
    """Stands in for the window process: running or not, what it was sent and how often
    it was started."""

    def __init__(self, running: bool = False) -> None:
        self.running = running
        self.received: list[dict[str, Any]] = []
        self.launched: list[list[str]] = []

    def deliver(self, payload: dict[str, Any]) -> bool:
        if self.running:
            self.received.append(payload)
        return self.running

    def launch(self, args: list[str]) -> bool:
        self.launched.append(args)
        return True


class Clocks:
    def __init__(self) -> None:
        self.wall_now = NOW
        self.mono = 1000.0

    def wall(self) -> dt.datetime:
        return self.wall_now

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.wall_now += dt.timedelta(seconds=seconds)
        self.mono += seconds


@pytest.fixture
def clocks() -> Clocks:
    return Clocks()


@pytest.fixture
def process() -> FakeWindowProcess:
    return FakeWindowProcess()


@pytest.fixture
def agent(
    qapp: QApplication, tmp_path: Path, clocks: Clocks, process: FakeWindowProcess
) -> TrayAgent:
    pixmap = QPixmap(22, 22)
    pixmap.fill(QColor("#c2410c"))
    link = AppLink(deliver=process.deliver, launch=process.launch, monotonic=clocks.monotonic)
    quits: list[int] = []
    made = TrayAgent(QIcon(pixmap), link, path=tmp_path / "cache" / "agent.json",
                     wall=clocks.wall, monotonic=clocks.monotonic,
                     quit_app=lambda: quits.append(1))  # fmt: skip
    made.quits = quits  # type: ignore[attr-defined]
    return made


def write(agent: TrayAgent, state: AgentState) -> None:
    agent.path.parent.mkdir(parents=True, exist_ok=True)
    agent.path.write_bytes(state.encode())
    agent.reload()


def test_it_arms_one_timer_for_the_next_reminder_and_relabels_the_menu(
    agent: TrayAgent,
) -> None:
    write(agent, AgentState(next_wakeup=NOW + dt.timedelta(hours=1), next_text="Next: x"))
    armed = agent.armed_in_ms()
    assert armed is not None
    assert abs(armed - 3_600_000) < 2000
    assert agent.next_action.text() == "Next: x"
    assert "Next: x" in agent.tray.toolTip()


def test_a_far_reminder_is_rechecked_within_six_hours(agent: TrayAgent) -> None:
    write(agent, AgentState(next_wakeup=NOW + dt.timedelta(days=3)))
    armed = agent.armed_in_ms()
    assert armed is not None
    assert armed <= 6 * 3600 * 1000 + 1000  # a coarse timer: to the second


def test_when_the_moment_comes_it_starts_the_window_process_hidden(
    agent: TrayAgent, clocks: Clocks, process: FakeWindowProcess
) -> None:
    write(agent, AgentState(next_wakeup=NOW + dt.timedelta(minutes=5)))
    clocks.advance(300)
    agent._on_timer()
    assert process.launched == [["--hidden"]]


def test_a_running_window_process_is_asked_instead_of_started(
    agent: TrayAgent, clocks: Clocks, process: FakeWindowProcess
) -> None:
    process.running = True
    write(agent, AgentState(next_wakeup=NOW + dt.timedelta(minutes=5)))
    clocks.advance(300)
    agent._on_timer()
    assert process.launched == []
    assert process.received == [{"cmd": "wake"}]


def test_a_moment_not_handled_is_retried_calmly_never_in_a_storm(
    agent: TrayAgent, clocks: Clocks, process: FakeWindowProcess
) -> None:
    """The window process failed to plan (it crashed): the state still names a past
    moment. The agent tries again a minute later, not in a loop."""
    write(agent, AgentState(next_wakeup=NOW))
    agent._on_timer()
    assert len(process.launched) == 1
    armed = agent.armed_in_ms()
    assert armed is not None
    assert armed >= (RELAUNCH_GAP_S - 1) * 1000
    clocks.advance(RELAUNCH_GAP_S)
    agent._on_timer()
    assert len(process.launched) == 2


def test_no_reminder_no_timer(agent: TrayAgent) -> None:
    write(agent, AgentState(next_wakeup=None))
    assert agent.armed_in_ms() is None


def test_a_damaged_state_file_keeps_what_was_known(agent: TrayAgent) -> None:
    write(agent, AgentState(next_wakeup=NOW + dt.timedelta(hours=2), next_text="Next: y"))
    agent.path.write_bytes(b"{ damaged")
    agent.reload()
    assert agent.next_action.text() == "Next: y"
    assert agent.armed_in_ms() is not None


def test_after_a_sleep_or_a_clock_change_the_window_process_plans_again(
    agent: TrayAgent, clocks: Clocks, process: FakeWindowProcess
) -> None:
    write(agent, AgentState(next_wakeup=NOW + dt.timedelta(hours=8)))
    clocks.mono += 60  # a minute on the monotonic clock ...
    clocks.wall_now += dt.timedelta(hours=7)  # ... while the wall clock moved on 7 hours
    agent._compare_clocks()
    assert process.launched == [["--hidden"]]
    clocks.advance(60)  # an ordinary minute: nothing
    agent._compare_clocks()
    assert len(process.launched) == 1


def test_a_change_to_the_schedule_has_it_planned_again(
    qtbot: QtBot, agent: TrayAgent, tmp_path: Path, process: FakeWindowProcess
) -> None:
    schedule = tmp_path / "config" / "schedule.json"
    schedule.parent.mkdir(parents=True)
    schedule.write_text("{}")
    write(agent, AgentState(next_wakeup=None, watch=(str(schedule),)))
    assert str(schedule) in agent._files.files()
    schedule.write_text('{"reminders": []}')
    qtbot.waitUntil(lambda: process.launched == [["--hidden"]], timeout=5000)


def test_the_start_menu_lists_what_the_window_process_wrote(
    agent: TrayAgent, process: FakeWindowProcess
) -> None:
    write(agent, AgentState(start_menu=(("Bedtime", (("bed", "Bedtime stretch"),)),)))
    agent._fill_start_menu()
    group = agent.start_menu.actions()[0].menu()
    assert agent.start_menu.actions()[0].text() == "Bedtime"
    group.actions()[0].trigger()
    assert process.launched == [["play", "bed"]]  # not running: started with the routine
    process.running = True
    group.actions()[0].trigger()
    assert process.received == [{"cmd": "play", "routine": "bed"}]


def test_with_no_state_yet_the_start_menu_opens_the_window(
    agent: TrayAgent, process: FakeWindowProcess
) -> None:
    agent._fill_start_menu()
    [only] = agent.start_menu.actions()
    only.trigger()
    assert process.launched == [[]]


def test_pause_and_log_are_handed_over_once_the_started_process_listens(
    qtbot: QtBot, agent: TrayAgent, clocks: Clocks, process: FakeWindowProcess
) -> None:
    agent.pause(1)
    agent.log_cramp()
    assert process.launched == [["--hidden"], []]
    assert agent.link.pending() == 2
    process.running = True  # it listens now
    qtbot.waitUntil(lambda: agent.link.pending() == 0, timeout=3000)
    until = (NOW + dt.timedelta(hours=1)).isoformat()
    assert process.received == [{"cmd": "pause", "until": until}, {"cmd": "log"}]


def test_a_request_nobody_takes_is_given_up(
    qtbot: QtBot, agent: TrayAgent, clocks: Clocks, process: FakeWindowProcess
) -> None:
    agent.resume()
    clocks.advance(GIVE_UP_S + 1)
    qtbot.waitUntil(lambda: agent.link.pending() == 0, timeout=3000)
    assert process.received == []


def test_quit_quits_the_window_process_then_the_agent(
    agent: TrayAgent, process: FakeWindowProcess
) -> None:
    process.running = True
    agent.quit()
    assert process.received == [{"cmd": "quit"}]
    assert agent.quits == [1]  # type: ignore[attr-defined]
    assert process.launched == []  # quitting starts nothing


def test_quit_over_the_socket_quits_everything(
    agent: TrayAgent, process: FakeWindowProcess
) -> None:
    process.running = True
    agent.handle_message({"cmd": "ping"})
    assert agent.quits == []  # type: ignore[attr-defined]
    agent.handle_message({"cmd": "quit"})
    assert agent.quits == [1]  # type: ignore[attr-defined]
    assert process.received == [{"cmd": "quit"}]


def test_on_a_first_start_it_sees_the_state_the_window_process_writes_later(
    qtbot: QtBot, agent: TrayAgent, process: FakeWindowProcess
) -> None:
    """No cache folder yet (a new user): the agent makes it, watches it, and picks up
    the state file when the window process it started writes it."""
    assert not agent.path.parent.exists()
    agent.tray.show = lambda: None  # type: ignore[method-assign]  # offscreen has no tray
    agent.start_watching()
    assert process.launched == [["--hidden"]]  # plan now: missed reminders, the menu
    seen: list[AgentState] = []
    agent.state_read.connect(seen.append)
    agent.path.write_bytes(AgentState(next_text="Next: z", library_entries=13).encode())
    qtbot.waitUntil(lambda: agent.next_action.text() == "Next: z", timeout=5000)
    assert [s.library_entries for s in seen] == [13]


def test_more_in_a_group_opens_the_window(agent: TrayAgent, process: FakeWindowProcess) -> None:
    more = ("", "More… (4,988 in the library)")
    write(agent, AgentState(start_menu=(("Yours", (("a", "A"), more)),)))
    agent._fill_start_menu()
    group = agent.start_menu.actions()[0].menu()
    last = [a for a in group.actions() if not a.isSeparator()][-1]
    assert last.text() == more[1]
    last.trigger()
    assert process.launched == [[]]
