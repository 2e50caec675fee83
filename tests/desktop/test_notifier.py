"""Desktop notifications through ``notify-send``, here a stand-in script on PATH that
behaves like libnotify's: prints the notification's id, then the action chosen."""

from __future__ import annotations

import datetime as dt
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from crampcoach.core.schedule import Firing
from crampcoach.desktop.reminders.notifier import Notifier

FIRING = Firing(at=dt.datetime(2027, 6, 1, 7, 0, tzinfo=dt.UTC), kind="daily",
                routine="calf-cramp-relief", message="Stretch", source="r1")  # fmt: skip


def fake_notify_send(notifier: Notifier, folder: Path, script: str) -> None:
    tool = folder / "notify-send"
    tool.write_text("#!/bin/sh\n" + script)
    tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    notifier.tool = str(tool)


@pytest.fixture
def notifier(qapp: QApplication, bin_dir: Path) -> Iterator[Notifier]:
    """Kept alive until Qt has handled its processes' last events (as the app's is)."""
    made = Notifier(close_notification=lambda ident: CLOSED.append(ident))
    yield made
    made.close()
    QApplication.processEvents()


CLOSED: list[int] = []


@pytest.fixture
def bin_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    monkeypatch.setenv("PATH", f"{folder}:/usr/bin:/bin")
    return folder


def test_the_choice_made_in_the_notification_is_reported(
    qtbot: QtBot, notifier: Notifier, bin_dir: Path
) -> None:
    fake_notify_send(notifier, bin_dir, "echo 42\necho snooze10\n")
    with qtbot.waitSignal(notifier.action, timeout=5000) as got:
        notifier.notify(FIRING, "Calf cramp relief")
    assert got.args == [FIRING, "snooze", 10]
    assert notifier.pending() == 0


def test_a_notification_dismissed_reports_nothing(
    qtbot: QtBot, notifier: Notifier, bin_dir: Path
) -> None:
    fake_notify_send(notifier, bin_dir, "echo 42\n")
    answers: list[object] = []
    notifier.action.connect(lambda *a: answers.append(a))
    notifier.notify(FIRING)
    qtbot.waitUntil(lambda: notifier.pending() == 0, timeout=5000)
    assert answers == []


def test_answered_in_the_app_the_notification_is_closed_by_its_id(
    qtbot: QtBot, notifier: Notifier, bin_dir: Path
) -> None:
    fake_notify_send(notifier, bin_dir, "echo 42\nexec sleep 30\n")  # stays until closed
    CLOSED.clear()
    answers: list[object] = []
    notifier.action.connect(lambda *a: answers.append(a))
    notifier.notify(FIRING)
    qtbot.waitUntil(lambda: notifier._id(notifier._running[0]) == 42, timeout=5000)
    assert notifier.pending() == 1
    notifier.withdraw(FIRING)
    assert CLOSED == [42]
    assert notifier.pending() == 0
    qtbot.wait(200)
    assert answers == []  # killing the waiter neither answers nor falls back
    assert notifier.tool is not None
