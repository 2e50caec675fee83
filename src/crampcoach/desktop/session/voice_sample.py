"""Settings' "Test voice": one sample line in the chosen voice, rate and volume, through
the same speech process and stream a session uses (so what you hear is what you get)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from crampcoach.desktop.session.audio_gate import shared_gate

if TYPE_CHECKING:
    from crampcoach.desktop.session.audio import SessionAudio
    from crampcoach.desktop.session.speech import SpeechSynth

SAMPLE = "Face the wall, step one foot back, heel down, and lean in. Hold for thirty seconds."


class VoiceSample(QObject):
    notice = Signal(str)  # why nothing can be heard

    def __init__(self, synth: SpeechSynth, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.synth = synth
        self.stream: SessionAudio | None = None
        self._key = ""
        self._volume = 1.0
        synth.ready.connect(self._ready)
        synth.line_failed.connect(self._failed)

    def play(self, voice: str, rate: int, volume: float) -> None:
        """Say the sample; a new request cuts the one playing."""
        self.stop()
        self._volume = volume
        self._key = self.synth.key_for(SAMPLE, voice, rate)  # before: a cached line is
        self.synth.request(SAMPLE, voice, rate, 0)  # ready at once

    def _ready(self, key: str, _path: str, _seconds: float, pcm: object) -> None:
        if key != self._key or not isinstance(pcm, bytes):
            return
        self._key = ""
        from crampcoach.desktop.session import pulse

        if pulse.available():  # no Qt Multimedia: its stream reports failures itself
            self._play(pcm)
            return
        shared_gate().when_ready(lambda ok: self._play(pcm) if ok else self._no_sound())

    def _play(self, pcm: bytes) -> None:
        from crampcoach.desktop.session.audio import SessionAudio

        self.stop()
        self.stream = SessionAudio(self)
        self.stream.set_volume(self._volume)
        self.stream.line_finished.connect(self.stop)
        self.stream.failed.connect(lambda _reason: self._no_sound())
        self.stream.start()
        self.stream.play(pcm)

    def _no_sound(self) -> None:
        self.notice.emit("No sound output answered, so the voice cannot be played here.")

    def _failed(self, key: str, reason: str) -> None:
        if key == self._key:
            self._key = ""
            self.notice.emit(f"The sample could not be spoken ({reason}).")

    def is_playing(self) -> bool:
        return self.stream is not None and self.stream.is_playing()

    def stop(self) -> None:
        stream, self.stream = self.stream, None
        if stream is not None:
            stream.close()
            stream.deleteLater()
