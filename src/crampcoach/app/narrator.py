"""The narrator: speaks each utterance exactly at its cue, and stops at once when told.

Lines are synthesised ahead of time by SpeechSynth (off the GUI thread) and loaded into
QSoundEffects, so at the cue only ``play()`` runs. A new line always cuts the previous
one, so lines never overlap; pause, skip and stop silence it immediately.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QUrl, Signal, Slot
from PySide6.QtMultimedia import QSoundEffect

from crampcoach.app.speech import SpeechSynth, write_silence
from crampcoach.core.narration import Utterance, utterances
from crampcoach.core.timeline import Timeline


class Narrator(QObject):
    spoke = Signal(int, str)  # cue index, text: a line started playing
    first_line_ready = Signal()  # the session's opening line can be played on time
    notice = Signal(str)  # something the user should be told once (no voice, ...)

    def __init__(
        self,
        synth: SpeechSynth,
        *,
        voice: str = "",
        rate: int = 175,
        volume: float = 1.0,
        enabled: bool = True,
        countdown: bool = True,
        effect_factory: Callable[[QObject], QSoundEffect] = QSoundEffect,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.synth = synth
        self.voice = voice
        self.rate = rate
        self.volume = volume
        self.enabled = enabled
        self.countdown = countdown
        self.available = True
        self.on_event: Callable[[str, int], None] | None = None  # ("start"|"end", cue)
        self._make_effect = effect_factory
        self._lines: dict[int, Utterance] = {}
        self._key_of: dict[int, str] = {}
        self._effects: dict[str, QSoundEffect] = {}
        self._waiting: dict[str, int] = {}  # key -> cue index wanted before it was ready
        self._current: tuple[int, QSoundEffect] | None = None
        self._told_failure = False
        self.warmed_up = True
        self._warm_effect: QSoundEffect | None = None
        synth.ready.connect(self._on_ready)
        synth.line_failed.connect(self._on_failed)
        synth.unavailable.connect(self._on_unavailable)

    # -- session lifecycle ---------------------------------------------------------------
    def prepare(self, timeline: Timeline) -> None:
        """Queue every line of the session for synthesis, earliest first."""
        self._lines = utterances(timeline, countdown=self.countdown)
        self._key_of = {}
        self._warm_up()
        for index, line in sorted(self._lines.items(), key=lambda kv: kv[1].t):
            self._key_of[index] = self.synth.request(line.text, self.voice, self.rate, line.t)

    def is_ready(self, cue_index: int) -> bool:
        """Whether the line for this cue could start playing on time right now."""
        if not self.enabled or not self.available or cue_index not in self._key_of:
            return True  # nothing to wait for
        if not self.warmed_up:
            return False
        effect = self._effects.get(self._key_of[cue_index])
        return effect is not None and effect.status() == QSoundEffect.Status.Ready

    def _warm_up(self) -> None:
        """Open the audio output with a moment of silence before the session starts.

        The first sound a process plays waits for the sound server connection and stream
        set-up (up to about a second with PulseAudio); paying that during the get-ready
        moment keeps the first real line nearer its cue.
        """
        self.warmed_up = not self.enabled
        if self.warmed_up:
            return
        try:
            silence = write_silence(self.synth.cache / "silence.wav")
        except OSError:
            self.warmed_up = True
            return
        effect = self._make_effect(self)
        self._warm_effect = effect

        def loaded() -> None:
            if effect.status() == QSoundEffect.Status.Ready:
                effect.setVolume(0.0)
                effect.play()
            elif effect.status() == QSoundEffect.Status.Error:
                finished()

        def finished() -> None:
            if not effect.isPlaying() and not self.warmed_up:
                self.warmed_up = True
                self.first_line_ready.emit()

        effect.statusChanged.connect(loaded)
        effect.playingChanged.connect(finished)
        effect.setSource(QUrl.fromLocalFile(str(silence)))

    def line_for(self, cue_index: int) -> Utterance | None:
        return self._lines.get(cue_index)

    def speak_cue(self, cue_index: int) -> None:
        """Speak the utterance that starts at this cue (if any), cutting any current line."""
        line = self._lines.get(cue_index)
        if line is None:
            return
        self.silence()
        self._waiting.clear()
        if not self.enabled or not self.available:
            return
        key = self._key_of[cue_index]
        effect = self._effects.get(key)
        if effect is None or effect.status() != QSoundEffect.Status.Ready:
            self._waiting[key] = cue_index  # play late rather than not at all
            return
        self._play(cue_index, effect)

    def silence(self) -> None:
        """Stop the current line now (pause, skip, stop, mute)."""
        self._waiting.clear()
        if self._current is not None:
            index, effect = self._current
            self._current = None
            effect.stop()
            self._emit("end", index)

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        if not enabled:
            self.silence()

    def set_volume(self, volume: float) -> None:
        self.volume = volume
        for effect in self._effects.values():
            effect.setVolume(volume)

    def is_speaking(self) -> bool:
        """A line has been started and has not ended or been cut yet."""
        return self._current is not None

    def shutdown(self) -> None:
        self.silence()
        self.synth.cancel_all()
        for effect in self._effects.values():
            effect.stop()
            effect.deleteLater()
        self._effects.clear()

    # -- internals ---------------------------------------------------------------------------
    def _play(self, cue_index: int, effect: QSoundEffect) -> None:
        self._current = (cue_index, effect)
        effect.setVolume(self.volume)
        effect.play()
        self._emit("start", cue_index)
        self.spoke.emit(cue_index, self._lines[cue_index].text)

    def _emit(self, event: str, cue_index: int) -> None:
        if self.on_event is not None:
            self.on_event(event, cue_index)

    @Slot(str, str, float)
    def _on_ready(self, key: str, path: str, seconds: float) -> None:
        if key in self._effects:
            return
        effect = self._make_effect(self)
        effect.setVolume(self.volume)
        effect.playingChanged.connect(lambda e=effect: self._on_playing_changed(e))
        effect.statusChanged.connect(lambda k=key, e=effect: self._on_status(k, e))
        effect.setSource(QUrl.fromLocalFile(path))
        self._effects[key] = effect

    def _is_first(self, key: str) -> bool:
        return bool(self._key_of) and key == self._key_of.get(min(self._key_of))

    def _on_status(self, key: str, effect: QSoundEffect) -> None:
        ready = effect.status() == QSoundEffect.Status.Ready
        if ready and self._is_first(key):
            self.first_line_ready.emit()
        if ready and key in self._waiting:
            index = self._waiting.pop(key)
            if self.enabled and self.available:
                self._play(index, effect)

    def _on_playing_changed(self, effect: QSoundEffect) -> None:
        if not effect.isPlaying() and self._current is not None and self._current[1] is effect:
            index = self._current[0]
            self._current = None
            self._emit("end", index)

    @Slot(str, str)
    def _on_failed(self, key: str, reason: str) -> None:
        self._waiting.pop(key, None)
        if self._is_first(key):
            self.first_line_ready.emit()
        if not self._told_failure and self.available:
            self._told_failure = True
            self.notice.emit(f"A line could not be spoken ({reason}); captions carry on.")

    @Slot(str)
    def _on_unavailable(self, reason: str) -> None:
        if self.available:
            self.available = False
            self._waiting.clear()
            self.notice.emit(reason)
            self.first_line_ready.emit()  # nobody should wait for a voice that will not come
