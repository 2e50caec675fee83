"""Sounds written ahead to come out on their cue: the mixer's sample positions, the driver's
announcements, the session placing lines and chimes, and the stream's clock."""

from __future__ import annotations

import threading
import time
from array import array

import pytest
from pytestqt.qtbot import QtBot

from crampcoach.core.clock import FakeClock
from crampcoach.core.narration import utterances
from crampcoach.core.session import SessionState
from crampcoach.core.settings import Settings
from crampcoach.desktop.session.launcher import Session
from crampcoach.desktop.session.mixer import DUCK_UNDER_VOICE, SAMPLE_RATE, Mixer
from tests.desktop.conftest import MakeSession
from tests.desktop.fakes import FakeOutput


def pcm(*samples: int) -> bytes:
    return array("h", samples).tobytes()


def samples(data: bytes) -> list[int]:
    return list(array("h", data))


# -- the mixer: sounds at sample positions -----------------------------------------------------
def test_a_placed_line_starts_exactly_at_its_sample_inside_a_chunk() -> None:
    mixer = Mixer()
    mixer.play_at(pcm(7, 7, 7), 5)
    out, ended = mixer.next_chunk(16)  # samples 0-7
    assert samples(out) == [0, 0, 0, 0, 0, 7, 7, 7]
    assert ended
    assert mixer.line_end == mixer.position == 8


def test_a_placed_line_cuts_the_one_playing_at_its_own_start() -> None:
    mixer = Mixer()
    mixer.play(pcm(*([1] * 10)))
    mixer.play_at(pcm(2, 2), 3)
    assert samples(mixer.next_chunk(12)[0]) == [1, 1, 1, 2, 2, 0]
    assert not mixer.is_playing()


def test_a_chime_placed_under_a_line_is_ducked_from_its_sample_on() -> None:
    mixer = Mixer(volume=1.0, chime_volume=1.0)
    mixer.play(pcm(*([100] * 8)))
    mixer.chime_at(pcm(*([1000] * 8)), 4)
    ducked = int(1000 * DUCK_UNDER_VOICE)
    assert samples(mixer.next_chunk(16)[0]) == [100] * 4 + [100 + ducked] * 4
    assert samples(mixer.next_chunk(8)[0]) == [1000] * 4  # the line is over: full volume


def test_a_sound_placed_in_the_past_starts_at_once() -> None:
    mixer = Mixer()
    mixer.next_chunk(20)
    mixer.play_at(pcm(5, 5), 3)
    assert samples(mixer.next_chunk(4)[0]) == [5, 5]


def test_stop_drops_the_lines_placed_ahead_and_cancel_drops_the_chimes() -> None:
    mixer = Mixer()
    mixer.play_at(pcm(5), 2)
    mixer.chime_at(pcm(9), 3)
    mixer.stop()
    assert not mixer.has_pending_line()
    assert samples(mixer.next_chunk(8)[0]) == [0, 0, 0, 9]
    mixer.chime_at(pcm(9), 6)
    mixer.cancel_pending()
    assert mixer.next_chunk(8)[0] == bytes(8)


def test_sounds_placed_out_of_order_play_in_sample_order() -> None:
    mixer = Mixer()
    mixer.play_at(pcm(3), 4)
    mixer.play_at(pcm(1), 1)
    assert samples(mixer.next_chunk(12)[0]) == [0, 1, 0, 0, 3, 0]


# -- the session: every line and chime placed on its cue ------------------------------------
def run_in_steps(session: Session, clock: FakeClock, until: float, step: float = 0.05) -> None:
    """Advance the fake clock in small steps, as time passes for the driver's timers (the
    one for the next cue and the one announcing cues ahead)."""
    driver = session.driver
    while driver.state is SessionState.RUNNING and driver.engine.position < until:
        clock.advance(step)
        driver.poll_now()


def test_with_a_stream_lead_every_line_and_chime_is_placed_at_its_cue(
    make_session: MakeSession, clock: FakeClock, qtbot: QtBot
) -> None:
    output = FakeOutput()
    output.lead_seconds = 0.05
    settings = Settings(voice_enabled=True, sounds_enabled=True)
    session = make_session("breathing-4-7-8", output=output, settings=settings)
    said: list[str] = []
    assert session.narrator is not None
    session.narrator.spoke.connect(lambda _i, text: said.append(text))
    session.start()
    qtbot.waitUntil(lambda: session.driver.state is SessionState.RUNNING)
    driver = session.driver
    assert driver.started_at == pytest.approx(1000.0 + 0.05)  # one lead after "ready"
    assert output.placed[0][1] == pytest.approx(driver.started_at)  # the opening line
    run_in_steps(session, clock, driver.timeline.duration + 1)
    lines = utterances(driver.timeline)
    assert said == [u.text for _, u in sorted(lines.items())]  # said in order, as before
    assert output.played == []  # nothing started late
    assert output.chimes == []
    texts = {u.text.encode() for u in lines.values()}
    placed_lines = [(p, when) for p, when in output.placed if p in texts]
    assert [p.decode() for p, _ in placed_lines] == said
    for (_p, when), (_i, line) in zip(placed_lines, sorted(lines.items()), strict=True):
        assert when == pytest.approx(driver.started_at + line.t)
    assert session.sounds is not None
    assert "breath" in session.sounds.played


def test_pause_and_jumps_drop_what_was_placed_and_place_it_again(
    make_session: MakeSession, clock: FakeClock, qtbot: QtBot
) -> None:
    output = FakeOutput()
    output.lead_seconds = 0.05
    session = make_session("box-breathing", output=output)
    session.start()
    qtbot.waitUntil(lambda: session.driver.state is SessionState.RUNNING)
    driver = session.driver
    driver.ahead = 1.5  # so a pause has something placed ahead to drop
    lines = utterances(driver.timeline)
    k = next(i for i in sorted(lines) if driver.timeline.cues[i].t > 5)
    cue = driver.timeline.cues[k]
    run_in_steps(session, clock, cue.t - 1.0)
    assert output.placed_lines[-1] == (lines[k].text.encode(), driver.engine.due_at(cue))
    driver.pause()
    assert output.placed == []  # cancelled: nothing placed for a course not taken
    clock.advance(30)
    driver.resume()
    due = driver.engine.due_at(cue)
    assert due == pytest.approx(clock.now() + 1.0, abs=0.06)  # the resumed clock
    assert output.placed_lines == [(lines[k].text.encode(), due)]
    driver.next_step()
    assert all(when >= clock.now() for _, when in output.placed)


# -- the stream: a sample's time from the latency the server reports -------------------------
class FakePulse:
    """A sound server that plays sample k at ``start + k / rate`` and holds 30 ms ahead."""

    HOLD = 0.03

    def __init__(self, rate: int, latency_ms: float, **_kw: object) -> None:
        self.rate = rate
        self.start: float | None = None
        self.data = bytearray()
        self.lock = threading.Lock()
        FakePulse.last = self

    last: FakePulse

    def write(self, chunk: bytes) -> None:
        if self.start is None:
            self.start = time.monotonic() + 0.02
        with self.lock:
            self.data += chunk
        written = len(self.data) // 2
        until = self.start + written / self.rate - self.HOLD
        time.sleep(max(0.0, until - time.monotonic()))

    def latency(self) -> float | None:
        assert self.start is not None
        return self.start + len(self.data) / 2 / self.rate - time.monotonic()

    def close(self) -> None:
        pass

    def heard_at(self, level: int) -> float:
        """When the first sample at ``level`` is played."""
        with self.lock:
            found = samples(bytes(self.data)).index(level)
        assert self.start is not None
        return self.start + found / self.rate


def test_the_stream_writes_a_sound_so_that_it_is_heard_at_its_time(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crampcoach.desktop.session import audio, pulse

    monkeypatch.setattr(pulse, "available", lambda: True)
    monkeypatch.setattr(pulse, "PulseStream", FakePulse)
    stream = audio.SessionAudio()
    with qtbot.waitSignal(stream.running, timeout=3000):
        stream.start()
    assert 0 < stream.lead() < 0.1
    when = time.monotonic() + 0.2
    stream.play_at(pcm(*([1111] * 400)), when)
    stream.chime_at(pcm(*([2222] * 4)), when + 0.1)
    stream.set_chime_volume(1.0)
    with qtbot.waitSignal(stream.line_finished, timeout=3000):
        pass
    assert time.monotonic() >= when + 400 / SAMPLE_RATE - 0.005  # finished once heard
    qtbot.wait(150)
    stream.close()
    assert FakePulse.last.heard_at(1111) == pytest.approx(when, abs=0.002)
    assert FakePulse.last.heard_at(2222) == pytest.approx(when + 0.1, abs=0.002)
