"""Short chimes that mark what happens, so a session can be followed eyes-closed.

They are mixed into the session's one audio stream (audio.py, mixed by mixer.py) and never
open a stream of their own; a chime placed ahead (``place``) comes out exactly on its cue.
"""

from __future__ import annotations

import functools
import logging
import wave
from collections import deque
from typing import Protocol

from PySide6.QtCore import SignalInstance

from crampcoach.core.resources import audio_dir
from crampcoach.desktop.session.mixer import SAMPLE_RATE

log = logging.getLogger(__name__)
CHIMES = ("step", "switch", "breath", "end")


class ChimeOutput(Protocol):
    """What the chimes need from an audio output (SessionAudio, or a test double)."""

    running: SignalInstance

    def start(self) -> None: ...
    def is_running(self) -> bool: ...
    def chime(self, pcm: bytes) -> None: ...
    def chime_at(self, pcm: bytes, when: float) -> None: ...
    def cancel_ahead(self) -> None: ...
    def is_chiming(self) -> bool: ...
    def set_chime_volume(self, volume: float) -> None: ...
    @property
    def chime_volume(self) -> float: ...
    def close(self) -> None: ...


@functools.cache
def chime_pcm(name: str) -> bytes:
    """The chime's samples (22.05 kHz mono 16-bit, as scripts/make_sounds.py writes them);
    empty, and logged, when the file is missing or in another format."""
    path = audio_dir() / f"{name}.wav"
    try:
        with wave.open(str(path), "rb") as w:
            shape = (w.getframerate(), w.getnchannels(), w.getsampwidth())
            if shape != (SAMPLE_RATE, 1, 2):
                log.warning("%s: expected %d Hz mono 16-bit, found %s", path, SAMPLE_RATE, shape)
                return b""
            return w.readframes(w.getnframes())
    except (OSError, EOFError, wave.Error) as exc:
        log.warning("%s: cannot read the chime: %s", path, exc)
        return b""


class Sounds:
    """The session's chimes: ``play(name)`` sounds one on the session's audio output."""

    def __init__(self, output: ChimeOutput, volume: float = 0.6, enabled: bool = True) -> None:
        self.output = output
        self.enabled = enabled
        # read now, before the session's clock runs: never a file read at a cue
        self._pcm = {name: chime_pcm(name) for name in CHIMES} if enabled else {}
        self.played: deque[str] = deque(maxlen=64)  # the latest chimes, for tests and traces
        self.set_volume(volume)

    def set_volume(self, volume: float) -> None:
        self.output.set_chime_volume(volume)

    def play(self, name: str) -> None:
        if not self.enabled or name not in self._pcm:
            return
        self.played.append(name)
        self.output.chime(self._pcm[name])

    def place(self, name: str, when: float) -> None:
        """Write the chime in to come out at ``when`` (time.monotonic)."""
        if self.enabled and name in self._pcm:
            self.played.append(name)
            self.output.chime_at(self._pcm[name], when)

    def cancel_ahead(self) -> None:
        """Drop the chimes (and lines) placed ahead: the session paused, jumped or stopped."""
        self.output.cancel_ahead()

    def is_playing(self) -> bool:
        return self.output.is_chiming()

    def prepare(self) -> None:
        """Open the stream ahead of the first chime (it needs a moment to settle)."""
        if self.enabled:
            self.output.start()

    def is_ready(self) -> bool:
        """A chime played now would sound on time."""
        return not self.enabled or self.output.is_running()

    def close(self) -> None:
        self.output.close()
