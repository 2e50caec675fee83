"""Reminders in the running app: the timer, the prompt, notifications, one instance."""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from crampcoach.core.clock import FakeClock
from crampcoach.core.schedule import Reminder
from crampcoach.core.schedule_store import Schedule, save_schedule
from crampcoach.desktop.app import CrampCoachApp
from crampcoach.desktop.single_instance import SingleInstance
from tests.desktop.fakes import FakeNotifier
from tests.fakes import UTC, Wall


@pytest.fixture
def app(
    qtbot: QtBot,
    qapp: QApplication,
    clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[CrampCoachApp, Wall, FakeNotifier]]:
    monkeypatch.setenv("TZ", "UTC")
    save_schedule(
        Schedule(
            reminders=[
                Reminder(id="r1", at="07:00", routine="calf-cramp-relief"),
                Reminder(id="r2", at="08:00", message="Drink water"),
            ]
        )
    )
    wall, notifier = Wall(), FakeNotifier()
    instance = CrampCoachApp(
        qapp,
        clock=clock,
        user_routines=tmp_path / "routines",
        wall=wall,
        notifier=notifier,
        use_tray=False,
    )  # type: ignore[arg-type]
    qtbot.addWidget(instance.window)
    with qtbot.waitSignal(instance.loader.loaded, timeout=5000):
        pass
    yield instance, wall, notifier
    instance.shutdown()


def test_one_timer_is_armed_for_the_next_reminder(
    app: tuple[CrampCoachApp, Wall, FakeNotifier],
) -> None:
    instance, _, _ = app
    armed = instance.reminders.runtime.armed_in_ms()
    assert armed is not None
    assert abs(armed - 3600_000) < 2000  # 06:00 -> 07:00
    assert instance.reminders.runtime.next_reminder() is not None


def test_a_reminder_notifies_prompts_and_starts_the_routine(
    app: tuple[CrampCoachApp, Wall, FakeNotifier], qtbot: QtBot
) -> None:
    instance, wall, notifier = app
    wall.now = dt.datetime(2027, 6, 1, 7, 0, tzinfo=UTC)
    instance.reminders.runtime.check()
    assert [f.source for f in notifier.shown] == ["r1"]
    [prompt] = instance.reminders.prompts
    assert prompt.isVisible()
    assert set(prompt.buttons) == {"start", "snooze5", "snooze10", "snooze30", "skip"}
    prompt.buttons["start"].click()
    qtbot.waitUntil(lambda: instance.window.player is not None)  # after the audio probe
    assert instance.window.player is not None
    assert instance.window.player.routine.id == "calf-cramp-relief"
    instance.window.close_player()


def test_snooze_from_the_notification_and_skip_from_the_prompt(
    app: tuple[CrampCoachApp, Wall, FakeNotifier],
) -> None:
    instance, wall, notifier = app
    wall.now = dt.datetime(2027, 6, 1, 7, 0, tzinfo=UTC)
    instance.reminders.runtime.check()
    firing = notifier.shown[0]
    notifier.action.emit(firing, "snooze", 10)  # the notification's "Snooze 10 min"
    assert instance.reminders.prompts == [] or not instance.reminders.prompts[0].isVisible()
    wall.now += dt.timedelta(minutes=10)
    instance.reminders.runtime.check()
    assert [f.source for f in notifier.shown] == ["r1", "r1"]
    wall.now = dt.datetime(2027, 6, 1, 8, 0, tzinfo=UTC)
    instance.reminders.runtime.check()
    water = next(p for p in instance.reminders.prompts if p.firing.source == "r2")
    assert "start" not in water.buttons  # no routine: nothing to start
    water.buttons["skip"].click()
    outcomes = [h.outcome for h in instance.reminders.engine.state.history]
    assert outcomes == ["fired", "snoozed", "fired", "fired", "skipped"]


def test_the_cli_changing_the_schedule_is_picked_up(
    app: tuple[CrampCoachApp, Wall, FakeNotifier],
) -> None:
    instance, _, _ = app
    save_schedule(Schedule(reminders=[Reminder(id="r9", at="06:30", message="Stretch")]))
    instance.reminders.reload_schedule()
    next_one = instance.reminders.runtime.next_reminder()
    assert next_one is not None
    assert next_one.source == "r9"


def test_only_one_instance_and_the_second_hands_over(qtbot: QtBot, tmp_path: Path) -> None:
    name = f"crampcoach-test-{tmp_path.name}"
    first = SingleInstance(name)
    second = SingleInstance(name)
    try:
        assert first.claim({"cmd": "show"})
        with qtbot.waitSignal(first.received, timeout=3000) as got:
            assert not second.claim({"cmd": "play", "routine": "box-breathing"})
        assert got.args == [{"cmd": "play", "routine": "box-breathing"}]
    finally:
        first.close()
        second.close()


def test_waking_from_sleep_is_noticed_by_comparing_the_clocks(
    app: tuple[CrampCoachApp, Wall, FakeNotifier], clock: FakeClock
) -> None:
    instance, wall, notifier = app
    instance.reminders.runtime._compare_clocks()  # clocks agree: nothing happens
    assert notifier.shown == []
    wall.now += dt.timedelta(hours=1, minutes=10)  # the lid was shut for 70 minutes...
    clock.advance(60)  # ...during which the monotonic clock moved one minute
    instance.reminders.runtime._compare_clocks()
    assert [f.source for f in notifier.shown] == ["r1"]  # 10 min late: inside the grace


def test_rules_edited_in_the_window_are_planned_and_saved(
    app: tuple[CrampCoachApp, Wall, FakeNotifier],
) -> None:
    from crampcoach.core.schedule_store import load_schedule

    instance, _, _ = app
    instance.show_reminders()
    assert instance.window.pages.currentWidget() is instance.window.reminders_view
    edited = Schedule(reminders=[Reminder(id="r5", at="06:10", message="Calf raises")])
    instance.window.reminders_view.changed.emit(edited)
    next_one = instance.reminders.runtime.next_reminder()
    assert next_one is not None
    assert next_one.source == "r5"
    instance.background.shutdown()
    assert [r.id for r in load_schedule().schedule.reminders] == ["r5"]


def test_reminders_keep_firing_while_their_state_cannot_be_saved(
    app: tuple[CrampCoachApp, Wall, FakeNotifier],
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The state is written off the GUI thread; a full disk delays it, never the reminders."""
    from crampcoach.core.reminder_engine import state_path
    from crampcoach.desktop.background import Background
    from crampcoach.desktop.reminders import controller as gui

    instance, wall, notifier = app
    instance.background.run(lambda: None).result(timeout=10)  # start-up's writes are done
    monkeypatch.setattr(Background, "RETRY_MS", 100)
    real, calls = gui.write_atomic, {"n": 0}

    def full_disk(path: Path, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] <= 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(path, data)

    monkeypatch.setattr(gui, "write_atomic", full_disk)
    wall.now = dt.datetime(2027, 6, 1, 7, 0, tzinfo=UTC)
    instance.reminders.runtime.check()
    assert [f.source for f in notifier.shown] == ["r1"]
    armed = instance.reminders.runtime.armed_in_ms()  # the next one is armed all the same
    assert armed is not None
    assert abs(armed - 3600_000) < 2000
    qtbot.waitUntil(lambda: "No space left on device" in instance.window.notice.text())
    qtbot.waitUntil(
        lambda: json.loads(state_path().read_text())["processed_until"].startswith(
            "2027-06-01T07:00"
        ),
        timeout=5000,
    )
    assert calls["n"] == 4


def test_a_reminder_during_a_session_waits_and_never_takes_the_keyboard(
    app: tuple[CrampCoachApp, Wall, FakeNotifier], qtbot: QtBot
) -> None:
    """The person pressed Space to pause their bedtime routine as a reminder came up: the
    prompt's default button threw the session away. Now the reminder waits for the end."""
    from PySide6.QtCore import Qt

    from crampcoach.desktop.session.launcher import PlayOptions
    from tests.desktop.fakes import started_player

    instance, wall, notifier = app
    with qtbot.waitActive(instance.window):
        instance.show_window()
    instance.start("bedtime-calf-hamstring", PlayOptions("bedtime-calf-hamstring", voice=False))
    player = started_player(instance, qtbot)
    wall.now = dt.datetime(2027, 6, 1, 7, 0, tzinfo=UTC)
    instance.reminders.runtime.check()
    assert notifier.shown == []  # it waits
    assert instance.reminders.prompts == []
    qtbot.keyClick(player, Qt.Key.Key_Space)  # the pause is a pause
    assert player.driver.state.value == "paused"
    assert instance.window.player is player
    player.driver.stop()  # the session ends: now the reminder comes
    assert [f.source for f in notifier.shown] == ["r1"]
    assert notifier.titles[0] == instance.loader.library.get("calf-cramp-relief").routine.title  # type: ignore[union-attr]
    [prompt] = instance.reminders.prompts
    assert not any(b.isDefault() or b.autoDefault() for b in prompt.buttons.values())
    assert prompt.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)


def test_starting_another_routine_while_one_plays_asks_first(
    app: tuple[CrampCoachApp, Wall, FakeNotifier], qtbot: QtBot
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from crampcoach.desktop.session.launcher import PlayOptions
    from tests.desktop.fakes import started_player

    instance, _, _ = app
    instance.start("pre-workout-leg-warmup", PlayOptions("pre-workout-leg-warmup", voice=False))
    warmup = started_player(instance, qtbot)
    assert instance.start("post-workout-leg-cooldown") is None  # a notification's Start now
    box = instance.window.findChild(QMessageBox, "replaceSession")
    assert box is not None
    assert warmup.driver.state.value == "paused"
    assert box.defaultButton() is box.escapeButton()  # keeping it is the default
    box.defaultButton().click()
    assert instance.window.player is warmup
    assert warmup.driver.state.value == "running"
    instance.start("post-workout-leg-cooldown")
    box = instance.window.findChild(QMessageBox, "replaceSession")
    assert box is not None
    switch = next(b for b in box.buttons() if b is not box.defaultButton())
    switch.click()
    qtbot.waitUntil(lambda: instance.window.player not in (None, warmup))
    assert instance.window.player is not None
    assert instance.window.player.routine.id == "post-workout-leg-cooldown"


def test_a_message_only_reminder_is_worded_as_its_message() -> None:
    from crampcoach.core.schedule import Firing
    from crampcoach.desktop.reminders.notifier import actions_for
    from crampcoach.desktop.reminders.prompt import ReminderPrompt

    water = Firing(
        at=dt.datetime(2027, 6, 1, 8, 0, tzinfo=UTC),
        kind="daily",
        routine=None,
        message="Drink water",
        source="r2",
    )
    assert water.title == "Drink water"
    assert water.body(None) == ""
    assert [key for key, _ in actions_for(water)] == ["snooze5", "snooze10", "snooze30", "skip"]
    prompt = ReminderPrompt(water, None)
    assert prompt.windowTitle() == "Drink water"
    assert set(prompt.buttons) == {"snooze5", "snooze10", "snooze30", "skip"}
    warmup = Firing(
        at=dt.datetime(2027, 6, 1, 17, 50, tzinfo=UTC),
        kind="pre-workout",
        routine="pre-workout-leg-warmup",
        message="Leg day in 10 minutes",
        source="w1",
    )
    assert warmup.title == "Warm up before your workout"
    assert warmup.body("Leg warm-up") == "Leg day in 10 minutes\nLeg warm-up"
    assert "pre-workout-leg-warmup" not in warmup.body("Leg warm-up")
    assert next(key for key, _ in actions_for(warmup)) == "start"


def test_on_a_first_run_rules_added_from_the_cli_are_picked_up(
    qtbot: QtBot, qapp: QApplication, clock: FakeClock, tmp_path: Path
) -> None:
    """No config folder yet (nothing saved): the watcher watched a folder that did not
    exist, so `crampcoach remind add` went unnoticed until a restart."""
    from crampcoach.core.schedule_store import schedule_path

    assert not schedule_path().parent.exists()
    instance = CrampCoachApp(qapp, clock=clock, user_routines=tmp_path / "routines", use_tray=False)
    qtbot.addWidget(instance.window)
    try:
        assert instance.reminders.runtime.next_reminder() is None
        save_schedule(Schedule(reminders=[Reminder(id="r1", at="07:00", message="Stretch")]))
        qtbot.waitUntil(
            lambda: instance.reminders.runtime.next_reminder() is not None, timeout=5000
        )
        save_schedule(Schedule(reminders=[Reminder(id="r2", at="06:30", message="Water")]))
        qtbot.waitUntil(
            lambda: getattr(instance.reminders.runtime.next_reminder(), "source", "") == "r2",
            timeout=5000,
        )
    finally:
        instance.shutdown()


def test_coming_up_shows_a_snooze_and_refreshes_as_reminders_fire(
    app: tuple[CrampCoachApp, Wall, FakeNotifier],
) -> None:
    instance, wall, _notifier = app
    instance.show_reminders()
    preview = instance.window.reminders_view.preview

    def rows() -> list[str]:
        return [preview.item(i).text() for i in range(preview.count())]

    assert rows()[0].startswith("Tue 01 Jun 07:00")
    wall.now = dt.datetime(2027, 6, 1, 7, 0, tzinfo=UTC)
    instance.reminders.runtime.check()  # fires r1: Coming up moves on by itself
    assert rows()[0].startswith("Tue 01 Jun 08:00")
    [prompt] = instance.reminders.prompts
    prompt.buttons["snooze10"].click()
    assert rows()[0].startswith("Tue 01 Jun 07:10")  # the snoozed one, where it comes back
    assert instance.reminders.runtime.next_reminder().source == "snooze"  # type: ignore[union-attr]
