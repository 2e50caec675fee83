"""Test doubles for the Qt services: speech without an engine, sound without a device."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtMultimedia import QSoundEffect

from crampcoach.app.speech import SpeechSynth


class FakeEffect(QObject):
    """Behaves like a loaded QSoundEffect; records what it was asked to do."""

    playingChanged = Signal()
    statusChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = ""
        self.volume = 1.0
        self.playing = False
        self.plays = 0
        self.stops = 0

    def setSource(self, url: object) -> None:
        self.source = str(url)
        self.statusChanged.emit()

    def status(self) -> QSoundEffect.Status:
        return QSoundEffect.Status.Ready

    def setVolume(self, volume: float) -> None:
        self.volume = volume

    def play(self) -> None:
        self.playing = True
        self.plays += 1
        self.playingChanged.emit()
        if "silence" in self.source:  # the narrator's warm-up is over at once
            self.stop()

    def stop(self) -> None:
        if self.playing:
            self.playing = False
            self.stops += 1
            self.playingChanged.emit()

    def isPlaying(self) -> bool:
        return self.playing

    def finish(self) -> None:
        """The line has been said to its end."""
        self.stop()


class FakeSynth(SpeechSynth):
    """Says every line is ready at once, remembering what it was asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[str] = []

    def request(self, text: str, voice: str, rate: int, priority: float) -> str:
        key = self.key_for(text, voice, rate)
        self.requests.append(text)
        self.ready.emit(key, f"/fake/{key}.wav", 1.0)
        return key

    def start(self) -> None:  # no worker thread
        pass
