"""Faults mid-session: the speech engine raising, hanging or returning silence, and the
wall clock jumping by hours. The session keeps its timing, captions go on, the narrator
recovers for the next line, one plain notice says what happened, and reminders re-plan
without firing twice."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from crampcoach.core.clock import FakeClock
from crampcoach.core.library import load_library
from crampcoach.core.narration import utterances
from crampcoach.core.timeline import build_timeline
from crampcoach.desktop.session.player import PlayerView
from tests.desktop.conftest import MakeSession
from tests.desktop.fakes import FakeOutput, FakeSynth, run_to_end
from tests.fakes import BUILTIN_ROUTINES


class FaultySynth(FakeSynth):
    """Fails one chosen line in a chosen way; every other line is fine."""

    def __init__(self, bad_text: str, fault: str) -> None:
        super().__init__()
        self.bad_text, self.fault = bad_text, fault

    def request(self, text: str, voice: str, rate: int, priority: float) -> str:
        if text != self.bad_text:
            return super().request(text, voice, rate, priority)
        key = self.key_for(text, voice, rate)
        self.requests.append(text)
        if self.fault == "raises":
            self.line_failed.emit(key, "RuntimeError: espeak-ng crashed")
        elif self.fault == "silence":
            self.ready.emit(key, f"/fake/{key}.wav", 0.0, b"")
        # "hangs": never answers, far longer than the cue lasts
        return key


def played_texts(output: FakeOutput) -> list[str]:
    return [pcm.decode() for pcm in output.played]


@pytest.mark.parametrize("fault", ["raises", "silence", "hangs"])
def test_a_speech_fault_mid_session_costs_one_line_only(
    qtbot: QtBot, clock: FakeClock, fault: str, make_session: MakeSession
) -> None:
    entry = load_library(BUILTIN_ROUTINES, None).get("calf-cramp-relief")
    assert entry is not None
    timeline = build_timeline(entry.routine)
    lines = [u.text for u in utterances(timeline).values()]
    bad = lines[2]  # a line in the middle of the session
    output = FakeOutput()
    session = make_session(entry.routine, synth=FaultySynth(bad, fault), output=output)
    player, driver, narrator = session.player, session.driver, session.narrator
    assert narrator is not None
    notices: list[str] = []
    narrator.notice.connect(notices.append)
    fired: list[tuple[float, float]] = []
    driver.cue_fired.connect(lambda _i, cue: fired.append((cue.t, driver.engine.position)))
    session.start()
    qtbot.waitUntil(lambda: driver.state.value == "running", timeout=5000)
    for _ in range(len(timeline.cues) * 3):  # let every line finish as it would
        if output.current is not None:
            output.finish()
        run_to_end_step(player, clock)
        if driver.state.value == "finished":
            break
    assert driver.state.value == "finished"
    assert [t for t, _ in fired] == [c.t for c in timeline.cues]
    assert all(abs(position - t) < 1e-6 for t, position in fired)  # timing kept
    assert len(player.captions) >= len([c for c in timeline.cues if c.kind == "step"])
    said = played_texts(output)
    assert bad not in said
    assert lines[3] in said  # the narrator recovered for the next line
    if fault == "hangs":
        assert notices == []  # a hung line is the engine watchdog's to report (speech.py)
    else:
        assert len(notices) == 1
        assert "captions carry on" in notices[0]


def run_to_end_step(player: PlayerView, clock: FakeClock) -> None:
    """Advance to the next cue only, so the test can finish lines between cues."""
    driver = player.driver
    wait = driver.engine.time_to_next_cue()
    if wait is None:
        run_to_end(player, clock)
        return
    clock.advance(wait)
    driver.poll_now()
    QApplication.processEvents()


def test_wall_clock_jumps_move_neither_the_session_nor_fire_reminders_twice(
    qtbot: QtBot,
    qapp: QApplication,
    clock: FakeClock,
    tmp_path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    from crampcoach.core.schedule import Reminder
    from crampcoach.core.schedule_store import Schedule, save_schedule
    from crampcoach.desktop.app import CrampCoachApp
    from crampcoach.desktop.session.launcher import PlayOptions
    from tests.desktop.fakes import FakeNotifier
    from tests.fakes import UTC, Wall

    monkeypatch.setenv("TZ", "UTC")
    save_schedule(Schedule(reminders=[Reminder(id="r1", at="07:00", message="Stretch")]))
    wall, notifier = Wall(), FakeNotifier()
    app = CrampCoachApp(qapp, clock=clock, wall=wall, notifier=notifier, use_tray=False)
    app.zone = UTC
    qtbot.addWidget(app.window)
    with qtbot.waitSignal(app.loader.loaded, timeout=5000):
        pass
    try:
        app.settings = app.settings.changed(sounds_enabled=False)
        app.start("box-breathing", PlayOptions("box-breathing", voice=False))
        player = app.window.player
        assert player is not None
        driver = player.driver
        fired: list[tuple[float, float]] = []
        driver.cue_fired.connect(lambda _i, cue: fired.append((cue.t, driver.engine.position)))
        steps = 0
        while driver.state.value == "running":
            steps += 1
            jump = {5: dt.timedelta(minutes=65), 10: dt.timedelta(hours=-2)}.get(steps)
            if steps == 15:  # forward past 07:00 a second time
                jump = dt.timedelta(hours=2, minutes=5)
            if jump is not None:  # NTP, a time-zone trip, a hand-set clock
                wall.now += jump
                app.reminders.runtime._compare_clocks()
            run_to_end_step(player, clock)
        times = [c.t for c in driver.timeline.cues]
        assert [t for t, _ in fired] == times[1:]  # cue 0 fired as the session started
        assert all(abs(position - t) < 1e-6 for t, position in fired)
        app.reminders.runtime._compare_clocks()
        assert wall.now == dt.datetime(2027, 6, 1, 7, 10, tzinfo=UTC)
        assert [f.source for f in notifier.shown] == ["r1"]  # once, though 07:00 came twice
    finally:
        app.shutdown()
