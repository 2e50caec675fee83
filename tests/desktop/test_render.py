"""``render``: the session as an audio file, each sound at its cue, in every format."""

from __future__ import annotations

import math
import wave
from array import array
from multiprocessing.connection import Connection
from pathlib import Path

import numpy as np
import pytest
import soundfile

from crampcoach.core.loader import load_routine_file
from crampcoach.core.soundtrack import sounds
from crampcoach.desktop.export.encode import FORMATS, Tags, write_audio
from crampcoach.desktop.export.render import RenderCancelled, RenderOptions, mix_session, render
from crampcoach.desktop.session.mixer import SAMPLE_RATE
from crampcoach.desktop.session.sounds import chime_pcm
from crampcoach.desktop.session.speech import SpeechSynth, Voice
from tests.onsets import check, onsets

ROUTINE = """
format: 1
id: onsets
title: Onset check
summary: Lines and chimes at known times.
source: Made for the tests.
defaults: {prepare: 3, switch: 3, countdown: 0}
steps:
  - type: say
    say: Welcome.
    duration: 2
  - type: stretch
    name: Calf
    duration: 4
    sides: both
  - type: rest
    duration: 3
"""


def tone_seconds(text: str) -> float:
    return 0.3 + 0.05 * len(text.split())


def tone_engine(conn: Connection) -> None:
    """A speech process that "says" a line as a tone, after espeak-ng's 20 ms lead-in."""
    conn.send(("voices", [Voice("gmw/en", "English", ("en-gb",))]))
    while (request := conn.recv()) is not None:
        _, key, text, _voice, _rate, path = request
        n = int(tone_seconds(text) * SAMPLE_RATE)
        tone = [int(8000 * math.sin(2 * math.pi * 330 * i / SAMPLE_RATE)) for i in range(n)]
        with wave.open(path, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(SAMPLE_RATE)
            w.writeframes(bytes(2 * 441) + array("h", tone).tobytes())
        conn.send(("done", key))


@pytest.fixture
def timeline(write_routine):  # type: ignore[no-untyped-def]
    loaded = load_routine_file(write_routine(ROUTINE))
    assert loaded.timeline is not None
    return loaded.timeline


def test_each_line_and_chime_starts_at_its_cue_and_the_file_lasts_the_session(
    timeline, tmp_path: Path
) -> None:
    synth = SpeechSynth(cache=tmp_path / "cache", target=tone_engine)
    out = tmp_path / "session.wav"
    done = render(timeline, out, RenderOptions(), synth, source="Made for the tests.")
    samples, rate = soundfile.read(out, dtype="int16")
    assert rate == SAMPLE_RATE
    plan = sounds(timeline)
    expected = sorted({s.t for s in plan})
    spans = [(s.t, s.t + tone_seconds(s.name)) for s in plan if s.kind == "line"]
    errors = check(onsets(samples), expected, spans)
    assert max(abs(e) for e in errors) < 0.002  # placed to the sample, lead-in dropped
    # the routine's length, plus the last line or chime ringing out
    tail = max(tone_seconds("Session complete. Well done."), len(chime_pcm("end")) / 2 / rate)
    assert timeline.duration + tail <= len(samples) / rate <= timeline.duration + tail + 0.011
    assert done.seconds == pytest.approx(len(samples) / rate)
    assert (done.lines, done.chimes) == (7, 7)
    assert list(tmp_path.glob(".*tmp")) == []


def test_without_chimes_only_the_voice_is_heard(timeline, tmp_path: Path) -> None:
    synth = SpeechSynth(cache=tmp_path / "cache", target=tone_engine)
    lines = synth.synthesise_all([s.name for s in sounds(timeline) if s.kind == "line"], "", 175)
    pcm = mix_session(timeline, lines, RenderOptions(chimes=False))
    samples = np.frombuffer(pcm, dtype="<i2")
    assert np.abs(samples).max() <= 8000  # the tones alone: no chime added on top
    assert len(onsets(samples)) == 7


@pytest.mark.parametrize("extension", sorted(FORMATS))
def test_every_format_opens_with_a_standard_reader_with_its_tags(
    extension: str, tmp_path: Path
) -> None:
    seconds = 3.0
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    pcm = (np.sin(2 * np.pi * 440 * t) * 8000).astype("<i2").tobytes()
    path = tmp_path / f"out{extension}"
    write_audio(path, path, pcm, SAMPLE_RATE, Tags("Onset check", comment="A source."))
    with soundfile.SoundFile(path) as f:
        assert f.frames / f.samplerate == pytest.approx(seconds, abs=0.08)
        assert f.channels == 1
        if extension != ".mp3":  # libsndfile reads no ID3 tags back (ffprobe shows them)
            assert (f.title, f.artist, f.comment) == ("Onset check", "CrampCoach", "A source.")
        level = np.sqrt(np.mean(f.read(dtype="float64") ** 2))
    assert 0.15 < level < 0.2  # the tone came through (8000/32768 / sqrt 2 = 0.17)


def test_a_cancelled_render_leaves_no_file(timeline, tmp_path: Path) -> None:
    synth = SpeechSynth(cache=tmp_path / "cache", target=tone_engine)
    out = tmp_path / "session.flac"
    with pytest.raises(RenderCancelled):
        render(timeline, out, RenderOptions(), synth, cancelled=lambda: True)
    assert list(tmp_path.glob("session*")) == []
    assert list(tmp_path.glob(".session*")) == []
