"""Real speech: pyttsx3 + espeak-ng synthesise real audio, and a missing engine is survivable."""

from __future__ import annotations

import array
import math
import os
import shutil
import time
import wave
from multiprocessing.connection import Connection
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from crampcoach.core.clock import FakeClock
from crampcoach.desktop.session.speech import SpeechSynth, Voice, choose_voice
from crampcoach.desktop.session.speech_process import engine_problem
from tests.desktop.conftest import MakeSession
from tests.desktop.fakes import run_to_end

pytestmark = pytest.mark.system  # real speech processes: not in the fast loop

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None and not os.environ.get("CI"),
    reason="espeak-ng is not installed (CI installs it)",
)


def rms(path: Path) -> tuple[float, float, int]:
    """(seconds, RMS level 0..1, sample rate) of a 16-bit mono WAV."""
    with wave.open(str(path), "rb") as w:
        assert w.getsampwidth() == 2
        assert w.getnchannels() == 1
        frames = w.readframes(w.getnframes())
        rate = w.getframerate()
    samples = array.array("h", frames)
    level = math.sqrt(sum(s * s for s in samples) / max(1, len(samples))) / 32768
    return len(samples) / rate, level, rate


@needs_espeak
def test_pyttsx3_and_espeak_ng_really_speak(qtbot: QtBot, tmp_path: Path) -> None:
    synth = SpeechSynth(cache=tmp_path)
    try:
        # generous: a cold start spawns Python and loads espeak-ng, and a stalled first
        # attempt is retried once on a fresh engine
        with qtbot.waitSignal(synth.ready, timeout=60000) as ready:
            key = synth.request("Breathe in slowly.", "", 175, 0)
        assert ready.args[0] == key
        seconds, level, rate = rms(Path(ready.args[1]))
        assert 0.6 < seconds < 3.0
        assert level > 0.02, "real, audible speech, not silence"
        assert rate >= 16000
        assert ready.args[2] == pytest.approx(seconds)
        assert len(ready.args[3]) == round(seconds * rate) * 2, "the PCM comes along"
        assert any(v.id.endswith("/en") or "en-gb" in v.languages for v in synth.voices)
        # the second request for a line is served from the cache at once
        with qtbot.waitSignal(synth.ready, timeout=1000) as cached:
            synth.request("Breathe in slowly.", "", 175, 0)
        assert cached.args[1] == ready.args[1]
    finally:
        synth.shutdown()


@needs_espeak
def test_the_speech_rate_setting_changes_how_fast_lines_are_said(
    qtbot: QtBot, tmp_path: Path
) -> None:
    line = "Lean into the wall and keep your back heel on the floor."
    synth = SpeechSynth(cache=tmp_path)
    try:
        # one engine, the rate changing line by line: espeak-ng once let a voice change
        # land after the rate, and a line came out at the old rate or empty
        for n, rate in enumerate((110, 300, 110, 300)):
            with qtbot.waitSignal(synth.ready, timeout=60000) as ready:
                synth.request(f"{line} {n + 1}.", "", rate, 0)
            seconds = rms(Path(ready.args[1]))[0]
            # about 13 words: near 5.5 s at 110 words/min, near 2 s at 300
            assert (seconds > 4.0) if rate == 110 else (1.0 < seconds < 2.6), (rate, seconds)
    finally:
        synth.shutdown()


def test_choose_voice_prefers_the_setting_then_english() -> None:
    voices = [
        Voice("gmw/af", "Afrikaans", ("af",)),
        Voice("gmw/en", "English", ("en-gb",)),
        Voice("gmw/en-us", "English (America)", ("en-us",)),
    ]
    assert choose_voice(voices, "gmw/af") == "gmw/af"
    assert choose_voice(voices, "") == "gmw/en-us"
    assert choose_voice(voices, "missing") == "gmw/en-us"
    assert choose_voice([Voice("x", "X", ("fr",))], "") == "x"
    assert choose_voice([], "") == ""


def broken_engine(conn: Connection) -> None:
    """A speech process whose engine cannot start (as when espeak-ng is missing)."""
    conn.send(("unavailable", engine_problem(OSError("libespeak-ng.so.1: cannot open"))))


def hanging_engine(conn: Connection) -> None:
    """A speech process that starts, then never finishes a line (pyttsx3's stall)."""
    conn.send(("voices", [Voice("gmw/en", "English", ("en-gb",))]))
    while conn.recv() is not None:
        time.sleep(3600)


def test_without_a_speech_engine_the_session_runs_on_captions(
    qtbot: QtBot, make_session: MakeSession, clock: FakeClock
) -> None:
    synth = SpeechSynth(target=broken_engine)
    session = make_session("calf-cramp-relief", synth=synth)
    player = session.player
    try:
        # the engine starts with the first line not cached, as the session starts
        session.start()
        qtbot.waitUntil(lambda: "install espeak-ng" in player.notice.text(), timeout=20000)
        qtbot.waitUntil(lambda: player.driver.state.value == "running", timeout=5000)
        assert player.notice.isVisibleTo(player)
        assert "espeak-ng" in player.notice.text()
        run_to_end(player, clock)
        assert player.captions[-1] == "Session complete. Well done."
        assert player.pages.currentIndex() == 1
    finally:
        synth.shutdown()


def test_a_hanging_engine_is_restarted_and_the_line_reported(qtbot: QtBot, tmp_path: Path) -> None:
    synth = SpeechSynth(cache=tmp_path, target=hanging_engine, line_seconds=0.5)
    try:
        with qtbot.waitSignal(synth.line_failed, timeout=30000) as failed:
            synth.request("Breathe in.", "", 175, 0)  # hangs, restarted, hangs again
        assert "took too long; it was restarted" in failed.args[1]
        with qtbot.waitSignal(synth.line_failed, timeout=20000):
            synth.request("Breathe out.", "", 175, 1)  # the new process answers (or not)
    finally:
        synth.shutdown()
