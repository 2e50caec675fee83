"""Short chimes that mark what happens, so a session can be followed eyes-closed."""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QObject, QUrl
from PySide6.QtMultimedia import QSoundEffect

from crampcoach.resources import audio_dir

CHIMES = ("step", "switch", "breath", "end")


class Sounds(QObject):
    """Plays chimes with Qt Multimedia; no audio device means silence, never a hang."""

    def __init__(
        self, volume: float = 0.6, enabled: bool = True, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self._effects: dict[str, QSoundEffect] = {}
        for name in CHIMES:
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(audio_dir() / f"{name}.wav")))
            self._effects[name] = effect
        self.set_volume(volume)
        self.played: deque[str] = deque(maxlen=64)  # the latest chimes, for tests and traces

    def set_volume(self, volume: float) -> None:
        for effect in self._effects.values():
            effect.setVolume(max(0.0, min(1.0, volume)))

    def play(self, name: str) -> None:
        if not self.enabled or name not in self._effects:
            return
        self.played.append(name)
        effect = self._effects[name]
        effect.stop()
        effect.play()

    def stop(self) -> None:
        for effect in self._effects.values():
            effect.stop()
