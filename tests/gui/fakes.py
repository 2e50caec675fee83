"""Test doubles for the Qt services: speech without an engine, sound without a device."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from crampcoach.app.speech import SpeechSynth


class FakeOutput(QObject):
    """Stands in for SessionAudio: records lines and chimes; a line plays until finish() or
    stop()."""

    line_finished = Signal()
    failed = Signal(str)
    running = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.available = True
        self.started = False
        self.volume = 1.0
        self.current: bytes | None = None
        self.played: list[bytes] = []
        self.stops = 0
        self.chimes: list[bytes] = []
        self.chime_volume = 1.0
        self.closed = False

    def start(self) -> None:
        self.started = True

    def is_running(self) -> bool:
        return True

    def play(self, pcm: bytes) -> None:
        self.current = pcm
        self.played.append(pcm)

    def stop(self) -> None:
        if self.current is not None:
            self.stops += 1
        self.current = None

    def is_playing(self) -> bool:
        return self.current is not None

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def chime(self, pcm: bytes) -> None:
        self.chimes.append(pcm)

    def is_chiming(self) -> bool:
        return False

    def set_chime_volume(self, volume: float) -> None:
        self.chime_volume = volume

    def close(self) -> None:
        self.current = None
        self.closed = True

    def finish(self) -> None:
        """The current line has been said to its end."""
        self.current = None
        self.line_finished.emit()


class FakeSynth(SpeechSynth):
    """Says every line is ready at once, remembering what it was asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[str] = []

    def request(self, text: str, voice: str, rate: int, priority: float) -> str:
        key = self.key_for(text, voice, rate)
        self.requests.append(text)
        self.ready.emit(key, f"/fake/{key}.wav", 1.0, text.encode())
        return key

    def start(self) -> None:  # no worker thread
        pass
