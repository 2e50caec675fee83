"""Imported calendars in the app: one entry on the Reminders page, kept when other rules are
edited, and a watched calendar file read again when it changes."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from crampcoach.core.calendar_import import apply, import_calendar
from crampcoach.core.calendar_store import CalendarStore
from crampcoach.core.clock import FakeClock
from crampcoach.core.library import load_library
from crampcoach.core.schedule import CalendarSource, Reminder
from crampcoach.core.schedule_store import Schedule, load_schedule, save_schedule
from crampcoach.desktop.app import CrampCoachApp
from crampcoach.desktop.reminders.view import RemindersView
from tests.core.calendar_oracle import CALENDARS
from tests.desktop.fakes import FakeNotifier
from tests.fakes import BUILTIN_ROUTINES, UTC, Wall

CALENDAR = CalendarSource(id="c1", name="Club", source="/x/club.ics")


def test_a_calendar_is_one_entry_not_edited_here_and_kept(qtbot: QtBot) -> None:
    view = RemindersView()
    qtbot.addWidget(view)
    schedule = Schedule(
        reminders=[Reminder(id="r1", at="22:30", message="Bed")], calendars=[CALENDAR]
    )
    lines = {"c1": "c1  Club (calendar /x/club.ics): 12 events, 2 recurring; next ..."}
    view.show_schedule(schedule, load_library(BUILTIN_ROUTINES, None), [], lines)
    assert view.rules.item(1).text() == lines["c1"]
    view.rules.setCurrentRow(1)
    view.edit_selected()
    assert view.dialog is None  # its events are edited in the calendar app
    view.rules.setCurrentRow(0)
    with qtbot.waitSignal(view.changed) as changed:
        view.remove_selected()
    assert changed.args[0].calendars == [CALENDAR]  # removing a reminder keeps the calendar
    view.rules.setCurrentRow(1)
    with qtbot.waitSignal(view.changed) as changed:
        view.remove_selected()
    assert changed.args[0].calendars == []


@pytest.fixture
def app(
    qtbot: QtBot,
    qapp: QApplication,
    clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[tuple[CrampCoachApp, Path]]:
    monkeypatch.setenv("TZ", "UTC")
    synced = tmp_path / "synced.ics"
    synced.write_bytes((CALENDARS / "count.ics").read_bytes())
    schedule = Schedule()
    now = dt.datetime(2027, 1, 1, tzinfo=UTC)
    report = import_calendar(
        CalendarStore(), synced, schedule, now, ZoneInfo("UTC"), {"watch": True}
    )
    apply(schedule, report)
    save_schedule(schedule)
    instance = CrampCoachApp(
        qapp,
        clock=clock,
        user_routines=tmp_path / "routines",
        wall=Wall(now),
        notifier=FakeNotifier(),
        use_tray=False,
    )  # type: ignore[arg-type]
    qtbot.addWidget(instance.window)
    with qtbot.waitSignal(instance.loader.loaded, timeout=5000):
        pass
    yield instance, synced
    instance.shutdown()


def test_the_app_plans_a_calendar_and_reads_a_watched_one_again(
    app: tuple[CrampCoachApp, Path], qtbot: QtBot
) -> None:
    instance, synced = app
    upcoming = instance.reminders.runtime.next_reminder()
    assert upcoming is not None
    assert (upcoming.calendar, upcoming.message) == ("c1", "Kettlebells in 10 min: warm up first")
    instance.show_reminders()
    assert "Kettlebells" in instance.window.reminders_view.rules.item(0).text()
    synced.write_bytes(synced.read_bytes().replace(b"Kettlebells", b"Kettlebell flow"))
    os.utime(synced, ns=(1, 2))
    instance.reminders.refresh_calendars()  # what the file watcher calls
    qtbot.waitUntil(
        lambda: "flow" in (getattr(instance.reminders.runtime.next_reminder(), "message", "")),
        timeout=5000,
    )
    instance.background.shutdown()
    assert load_schedule().schedule.calendars[0].watch
