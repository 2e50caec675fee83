"""A full disk or a read-only folder: the app keeps running, says it cannot save, keeps
what the user did, and saves it once the disk takes it again."""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from crampcoach.core.clock import FakeClock
from crampcoach.core.diary import Cramp
from crampcoach.core.history_store import HistoryStore, history_path
from crampcoach.core.settings import save_settings, settings_path
from crampcoach.desktop import app as gui
from crampcoach.desktop.app import CrampCoachApp
from crampcoach.desktop.background import Background


@pytest.fixture(autouse=True)
def _retry_soon(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Background, "RETRY_MS", 100)


def refuse(times: int, real, error: Exception):  # type: ignore[no-untyped-def]
    """``real``, except that the first ``times`` calls fail with ``error``."""
    calls = {"n": 0}

    def flaky(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] <= times:
            raise error
        return real(*args, **kwargs)

    return flaky, calls


def test_settings_on_a_full_disk_are_kept_and_saved_later(
    app: CrampCoachApp, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    flaky, calls = refuse(3, save_settings, full)
    monkeypatch.setattr(gui, "save_settings", flaky)
    app.apply_settings(app.settings.changed(rate=150))
    qtbot.waitUntil(lambda: "No space left on device" in app.window.notice.text(), timeout=3000)
    assert "Could not save your settings" in app.window.notice.text()
    assert app.settings.rate == 150  # the app runs on with the change
    qtbot.waitUntil(lambda: settings_path().exists(), timeout=5000)
    assert json.loads(settings_path().read_text())["rate"] == 150
    assert calls["n"] == 4
    qtbot.waitUntil(lambda: not app.window.notice.isVisible(), timeout=3000)


def test_only_the_newest_settings_are_retried(
    app: CrampCoachApp, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    flaky, _calls = refuse(2, save_settings, PermissionError(errno.EROFS, "Read-only file system"))
    monkeypatch.setattr(gui, "save_settings", flaky)
    app.apply_settings(app.settings.changed(rate=150))
    app.apply_settings(app.settings.changed(rate=160))
    qtbot.waitUntil(lambda: settings_path().exists(), timeout=5000)
    assert json.loads(settings_path().read_text())["rate"] == 160
    app.background.run(lambda: None).result(timeout=10)  # the disk thread has drained
    assert app.background.pending_writes == 0  # nothing left to retry ...
    assert json.loads(settings_path().read_text())["rate"] == 160  # ... so 150 never lands


def test_a_cramp_logged_while_the_disk_is_full_is_not_lost(
    app: CrampCoachApp, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    flaky, _calls = refuse(
        2, HistoryStore.add_cramp, sqlite3.OperationalError("database or disk is full")
    )
    monkeypatch.setattr(HistoryStore, "add_cramp", flaky)
    dialog = app.diary.log_cramp()
    dialog.severity.setValue(7)
    dialog.accept()
    qtbot.waitUntil(lambda: "disk is full" in app.window.notice.text(), timeout=3000)
    assert "the cramp you logged" in app.window.notice.text()

    def stored() -> list[Cramp]:
        with HistoryStore(history_path()) as store:
            return store.cramps()

    qtbot.waitUntil(lambda: len(stored()) == 1, timeout=5000)
    assert stored()[0].severity == 7


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_a_read_only_config_folder(app: CrampCoachApp, qtbot: QtBot) -> None:
    folder = settings_path().parent
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o500)
    try:
        app.apply_settings(app.settings.changed(rate=170))
        qtbot.waitUntil(lambda: "Could not save your settings" in app.window.notice.text())
    finally:
        folder.chmod(0o700)
    qtbot.waitUntil(lambda: settings_path().exists(), timeout=5000)


def test_a_refused_write_gets_a_last_try_when_the_app_quits(
    qtbot: QtBot, qapp: QApplication, clock: FakeClock, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr(Background, "RETRY_MS", 3_600_000)  # no retry before quitting
    instance = CrampCoachApp(qapp, clock=clock, user_routines=tmp_path / "routines")
    qtbot.addWidget(instance.window)
    flaky, calls = refuse(1, save_settings, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))
    monkeypatch.setattr(gui, "save_settings", flaky)
    instance.apply_settings(instance.settings.changed(rate=190))
    qtbot.waitUntil(lambda: instance.background.pending_writes == 1, timeout=3000)
    instance.shutdown()
    assert calls["n"] == 2
    assert json.loads(settings_path().read_text())["rate"] == 190


def test_a_write_asked_for_while_quitting_still_lands(qapp: QApplication, tmp_path: Path) -> None:
    background = Background()
    background.shutdown()
    target = tmp_path / "late.txt"
    background.write(lambda: target.write_text("kept"), "a late write")
    assert target.read_text() == "kept"
    background.write(lambda: 1 / 0, "a broken write")  # reported and logged, not raised
