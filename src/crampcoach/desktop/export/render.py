"""A routine's session as one audio file, exactly as it plays.

The same timeline as the player, the same lines (``core.narration.utterances``, laid out by
``core.soundtrack.sounds``), synthesised by the same speech process through the same cache
(``SpeechSynth.synthesise_all``), and mixed by the same code as the live stream
(``session.mixer.Mixer``: a new line cuts the one before, a chime under a line is ducked,
the sum is clipped). Only the clock differs: here the mixer is pulled as fast as it goes.
No Qt event loop is needed, so the command line and the app's worker thread both call it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from crampcoach.core.settings import Settings
from crampcoach.core.soundtrack import sounds
from crampcoach.core.speaking import DEFAULT_WPM
from crampcoach.core.timeline import Timeline
from crampcoach.desktop.export.encode import Tags, format_for, write_audio
from crampcoach.desktop.export.outfile import OutFile
from crampcoach.desktop.session.mixer import SAMPLE_RATE, Mixer
from crampcoach.desktop.session.sounds import chime_pcm

if TYPE_CHECKING:
    from crampcoach.desktop.session.speech import SpeechSynth

CHUNK_BYTES = 440  # 10 ms: the live stream's feed (audio.py FEED_MS), so ducking matches

Progress = Callable[[str, int, int], None]  # stage ("speech" | "mix" | "write"), done, total


class RenderCancelled(Exception):
    """The render was cancelled; no file was written."""


@dataclass(frozen=True)
class RenderOptions:
    """How it sounds: the user's voice, rate and volumes unless asked otherwise."""

    voice: str = ""
    rate: int = DEFAULT_WPM
    voice_volume: float = 1.0
    chime_volume: float = 0.6
    chimes: bool = True
    countdown: bool = True

    @classmethod
    def from_settings(
        cls, s: Settings, *, chimes: bool = True, voice: str | None = None, rate: int | None = None
    ) -> RenderOptions:
        return cls(
            voice=s.voice if voice is None else voice,
            rate=s.rate if rate is None else rate,
            voice_volume=s.voice_volume,
            chime_volume=s.sound_volume,
            chimes=chimes,
            countdown=s.countdown_enabled,
        )


@dataclass(frozen=True)
class Rendered:
    path: Path
    seconds: float
    lines: int
    chimes: int


def mix_session(
    timeline: Timeline,
    lines: dict[str, bytes],
    options: RenderOptions,
    cancelled: Callable[[], bool] = lambda: False,
) -> bytes:
    """The whole session as 22.05 kHz mono 16-bit PCM: each sound started at its cue's
    sample, then the mixer run on until the routine's end and the last sound's end."""
    plan = sounds(timeline, chimes=options.chimes, countdown=options.countdown)
    mixer = Mixer(options.voice_volume, options.chime_volume)
    out = bytearray()

    def run_to(end: int) -> None:
        while len(out) < end:
            out.extend(mixer.next_chunk(min(CHUNK_BYTES, end - len(out)))[0])

    for n, sound in enumerate(plan):
        run_to(round(sound.t * SAMPLE_RATE) * 2)
        if sound.kind == "line":
            mixer.play(lines[sound.name])
        else:
            mixer.chime(chime_pcm(sound.name))
        if n % 64 == 0 and cancelled():
            raise RenderCancelled
    run_to(round(timeline.duration * SAMPLE_RATE) * 2)
    while mixer.is_playing() or mixer.is_chiming():  # the last line and chime ring out
        out.extend(mixer.next_chunk(CHUNK_BYTES)[0])
    return bytes(out)


def render(
    timeline: Timeline,
    target: Path,
    options: RenderOptions,
    synth: SpeechSynth,
    *,
    source: str = "",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Rendered:
    """Write the session to ``target`` (format by extension), via a temporary file.

    Raises UnknownFormat or OSError (unwritable) before any synthesis, SpeechError if a
    line cannot be said, RenderCancelled (from SynthesisCancelled too) when cancelled.
    """
    from crampcoach.desktop.session.speech import SynthesisCancelled

    report = progress or (lambda _stage, _done, _total: None)
    format_for(target)
    with OutFile(target) as out:
        plan = sounds(timeline, chimes=options.chimes, countdown=options.countdown)
        texts = [s.name for s in plan if s.kind == "line"]
        try:
            lines = synth.synthesise_all(
                texts,
                options.voice,
                options.rate,
                progress=lambda done, total: report("speech", done, total),
                cancelled=cancelled,
            )
        except SynthesisCancelled:
            raise RenderCancelled from None
        report("mix", 0, 1)
        pcm = mix_session(timeline, lines, options, cancelled)
        report("write", 0, 1)
        write_audio(out.temp, target, pcm, SAMPLE_RATE, Tags(timeline.title, comment=source))
        if cancelled():
            raise RenderCancelled
        out.commit()
        report("write", 1, 1)
    return Rendered(target, len(pcm) / 2 / SAMPLE_RATE, len(texts), len(plan) - len(texts))
