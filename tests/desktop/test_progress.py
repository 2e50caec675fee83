"""Diary form, progress chart, Learn view and the first-run welcome, wired into the app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCharts import QBarSeries, QLineSeries
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from crampcoach.core.clock import FakeClock
from crampcoach.core.diary import Cramp
from crampcoach.core.history_store import HistoryStore, SessionRecord, history_path
from crampcoach.core.safety import LONG_CRAMP, RED_FLAGS
from crampcoach.core.settings import load_settings
from crampcoach.desktop.app import CrampCoachApp
from crampcoach.desktop.learn_view import learn_html
from crampcoach.desktop.session.launcher import PlayOptions
from tests.desktop.fakes import run_to_end, run_until, started_player

ZONE = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 11, 25, 21, 30, tzinfo=ZONE)


@pytest.fixture
def app(
    qtbot: QtBot, qapp: QApplication, clock: FakeClock, tmp_path: Path
) -> Iterator[CrampCoachApp]:
    instance = CrampCoachApp(
        qapp, clock=clock, user_routines=tmp_path / "routines", wall=lambda: NOW
    )
    instance.zone = ZONE
    qtbot.addWidget(instance.window)
    with qtbot.waitSignal(instance.loader.loaded, timeout=5000):
        pass
    yield instance
    instance.shutdown()


def stored() -> tuple[list[SessionRecord], list[Cramp]]:
    with HistoryStore(history_path()) as store:
        return store.sessions(), store.cramps()


def test_the_diary_form_logs_a_cramp_with_everything_filled_in(
    app: CrampCoachApp, qtbot: QtBot
) -> None:
    dialog = app.diary.log_cramp()
    assert dialog.when.dateTime().toPython() == NOW.replace(tzinfo=None)
    assert dialog.severity.value() == 5
    assert dialog.severity_text.text() == "5/10 (moderate)"
    assert dialog.during_sleep.isChecked() is False  # 21:30 is before bed
    dialog.muscle.setCurrentIndex(dialog.muscle.findData("hamstring"))
    dialog.sides.buttons()[1].setChecked(True)  # right
    dialog.severity.setValue(8)
    dialog.minutes.setValue(2.5)
    dialog.triggers["little-to-drink"].setChecked(True)
    dialog.notes.setText("after a long run")
    with qtbot.waitSignal(app.diary.history.changed, timeout=5000):
        dialog.accept()
    _, [cramp] = stored()
    assert (cramp.muscle, cramp.side, cramp.severity, cramp.minutes) == (
        "hamstring",
        "right",
        8,
        2.5,
    )
    assert cramp.triggers == ("little-to-drink",)
    assert cramp.notes == "after a long run"
    assert cramp.at == NOW
    qtbot.waitUntil(lambda: "Cramp saved: hamstring (right)" in app.window.notice.text())


def test_news_goes_away_by_itself_problems_stay(app: CrampCoachApp, qtbot: QtBot) -> None:
    notice = app.window.notice
    notice.show_info("Exported sessions.csv and cramps.csv to /tmp.", ms=50)
    assert notice.isVisibleTo(app.window)
    qtbot.waitUntil(lambda: not notice.isVisibleTo(app.window), timeout=2000)
    notice.show_info("Saved.", ms=50)
    notice.show_text("Could not save your settings.")  # a problem replaces the news ...
    assert not notice._fade.isActive()  # ... and nothing will take it away by itself
    assert notice.isVisibleTo(app.window)


def test_a_red_flag_sign_opens_a_plain_message(app: CrampCoachApp, qtbot: QtBot) -> None:
    dialog = app.diary.log_cramp()
    dialog.swelling.setChecked(True)
    dialog.accept()
    qtbot.waitUntil(
        lambda: app.window.findChild(QMessageBox, "redFlagMessage") is not None, timeout=5000
    )
    box = app.window.findChild(QMessageBox, "redFlagMessage")
    assert box is not None
    assert "health professional" in box.text()
    assert "swelling" in box.text()
    assert RED_FLAGS in box.text()
    box.close()


def test_warmth_on_a_cramp_logged_for_weeks_ago_still_gets_the_note(
    app: CrampCoachApp, qtbot: QtBot
) -> None:
    dialog = app.diary.log_cramp()
    dialog.when.setDateTime(dialog.when.dateTime().addDays(-42))
    dialog.warmth.setChecked(True)
    dialog.minutes.setValue(15)
    assert dialog.cramp().warmth
    dialog.accept()
    qtbot.waitUntil(
        lambda: app.window.findChild(QMessageBox, "redFlagMessage") is not None, timeout=5000
    )
    box = app.window.findChild(QMessageBox, "redFlagMessage")
    assert box is not None
    assert "You noted warmth with a cramp." in box.text()
    assert LONG_CRAMP in box.text()
    _, [cramp] = stored()
    assert cramp.warmth
    assert cramp.at == NOW - dt.timedelta(days=42)
    box.close()


def test_progress_charts_weeks_of_stretching_against_cramps(
    app: CrampCoachApp, qtbot: QtBot
) -> None:
    with HistoryStore(history_path()) as store:
        for days in (1, 2, 3, 9, 10):
            store.start_session(
                SessionRecord(
                    "bedtime-calf-hamstring",
                    "Bedtime calf & hamstring",
                    NOW - dt.timedelta(days=days),
                    tags=("bedtime",),
                    status="completed",
                    active_seconds=300,
                )
            )
        for days, severity in ((4, 6), (5, 8), (12, 4)):
            store.add_cramp(
                Cramp(
                    at=NOW - dt.timedelta(days=days, hours=19),
                    muscle="calf",
                    severity=severity,
                    during_sleep=True,
                )
            )
    view = app.diary.show_progress(weeks=4)
    assert app.window.pages.currentWidget() is view
    qtbot.waitUntil(lambda: view.insights is not None, timeout=5000)
    bars = [s for s in view.chart.series() if isinstance(s, QBarSeries)]
    lines = {s.name(): s for s in view.chart.series() if isinstance(s, QLineSeries)}
    minutes = [bars[0].barSets()[0].at(i) for i in range(4)]
    assert minutes == [0.0, 5.0, 10.0, 10.0]  # weeks of 2, 9, 16 and 23 November
    assert [p.y() for p in lines["Cramps"].points()] == [0, 1, 2, 0]
    assert [p.y() for p in lines["Mean severity (0-10)"].points()] == [4.0, 7.0]
    assert [p.y() for p in lines["Bedtime-routine nights"].points()] == [0, 1, 2, 2]
    assert "3</b> day streak" in view.summary.text()
    assert "not a clinical trial" in view.summary.text()
    assert view.entries.count() == 8
    assert "Bedtime calf" in view.entries.item(0).text()
    assert not view.flags.isVisible()
    cramp_row = next(i for i in range(8) if "Cramp:" in view.entries.item(i).text())
    view.entries.setCurrentRow(cramp_row)
    with qtbot.waitSignal(app.diary.history.changed, timeout=5000):
        view.delete_button.click()
    qtbot.waitUntil(lambda: view.entries.count() == 7, timeout=5000)
    assert len(stored()[1]) == 2


def test_a_played_session_is_recorded_and_a_stopped_one_keeps_its_point(
    app: CrampCoachApp, clock: FakeClock, qtbot: QtBot
) -> None:
    app.start("calf-cramp-relief", PlayOptions("calf-cramp-relief", voice=False))
    player = started_player(app, qtbot)
    run_to_end(player, clock)
    player.done_button.click()
    app.start("box-breathing", PlayOptions("box-breathing", voice=False))
    player = started_player(app, qtbot)
    run_until(player, clock, 40)
    with qtbot.waitSignal(app.diary.history.changed, timeout=5000):
        app.window.close_player()
    qtbot.waitUntil(lambda: len(stored()[0]) == 2 and stored()[0][1].status != "playing")
    done, stopped = stored()[0]
    assert done.routine_id == "calf-cramp-relief"
    assert done.status == "completed"
    assert stopped.routine_id == "box-breathing"
    assert stopped.status == "stopped"
    assert stopped.position == pytest.approx(40, abs=0.5)


def test_learn_links_open_real_routines(app: CrampCoachApp, qtbot: QtBot) -> None:
    view = app.show_learn()
    assert app.window.pages.currentWidget() is view
    html = learn_html()
    for phrase in (
        "dehydration",
        "potassium",
        "quinine",
        "apple cider vinegar",
        "Epsom",
        "swelling, warmth or redness",
        "Coppin",
        "meditation",
        "seek support",
        "limit how much you drink",
        "pregnancy",
        "muscle weakness",
        "not medical advice",
    ):
        assert phrase.lower() in html.lower(), phrase
    library = app.loader.library
    assert library is not None
    links = [part.split('"')[0] for part in html.split('href="routine:')[1:]]
    assert len(links) >= 8
    assert [link for link in links if library.get(link) is None] == []
    view.text.anchorClicked.emit(QUrl("routine:bedtime-calf-hamstring"))
    qtbot.waitUntil(lambda: app.window.player is not None)
    assert app.window.player is not None
    assert app.window.player.routine.id == "bedtime-calf-hamstring"


def test_the_first_run_welcome_says_it_is_not_medical_advice_once(
    app: CrampCoachApp, qtbot: QtBot
) -> None:
    box = app.show_welcome()
    assert "not medical advice" in box.text()
    [start] = [b for b in box.buttons() if b.text() == "Get started"]
    start.click()
    qtbot.waitUntil(lambda: load_settings().settings.welcomed, timeout=5000)
    assert app.settings.welcomed
