"""The narrator: speaks each utterance exactly at its cue, and stops at once when told.

Lines are synthesised ahead of time by SpeechSynth (off the GUI thread) and handed over
as PCM samples. A line whose cue is announced ahead (``place_cue``) is written into the
session's always-open stream (SessionAudio) to come out exactly on its cue; otherwise it
starts when its cue fires. A new line always replaces the previous one, so lines never
overlap; pause, skip and stop silence the voice within one small audio buffer.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Signal, SignalInstance, Slot

from crampcoach.core.narration import Utterance, utterances
from crampcoach.core.timeline import Timeline
from crampcoach.desktop.session.speech import SpeechSynth


class Output(Protocol):
    """What the narrator needs from an audio output (SessionAudio, or a test double)."""

    line_finished: SignalInstance
    failed: SignalInstance
    running: SignalInstance
    available: bool

    def start(self) -> None: ...
    def is_running(self) -> bool: ...
    def play(self, pcm: bytes) -> None: ...
    def play_at(self, pcm: bytes, when: float) -> None: ...
    def lead(self) -> float: ...
    def stop(self) -> None: ...
    def is_playing(self) -> bool: ...
    def set_volume(self, volume: float) -> None: ...
    def close(self) -> None: ...


class Narrator(QObject):
    spoke = Signal(int, str)  # cue index, text: a line started playing
    notice = Signal(str)  # something the user should be told once (no voice, ...)
    first_line_ready = Signal()  # the session's opening line can be played at once
    line_event = Signal(str, int)  # "start" | "end", cue index (the timing trace)
    recovered = Signal()  # a line played again after a failure: the notice can go

    def __init__(
        self,
        synth: SpeechSynth,
        *,
        voice: str = "",
        rate: int = 175,
        volume: float = 1.0,
        enabled: bool = True,
        countdown: bool = True,
        output: Output | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        if output is None:
            from crampcoach.desktop.session.audio import SessionAudio

            output = SessionAudio(self)
        self.output: Output = output
        self.synth = synth
        self.voice = voice
        self.rate = rate
        self.volume = volume
        self.enabled = enabled
        self.countdown = countdown
        self.available = True
        self._lines: dict[int, Utterance] = {}
        self._key_of: dict[int, str] = {}
        self._pcm: dict[str, bytes] = {}
        self._waiting: dict[str, int] = {}  # key -> cue index wanted before it was ready
        self._current: int | None = None  # cue index of the line playing
        self._placed: set[int] = set()  # cues whose line is written ahead, to come out on them
        self._told_failure = False
        output.set_volume(volume)
        output.line_finished.connect(self._on_line_finished)
        output.failed.connect(self._on_output_failed)
        output.running.connect(self._on_output_running)
        synth.ready.connect(self._on_ready)
        synth.line_failed.connect(self._on_failed)
        synth.unavailable.connect(self._on_unavailable)

    # -- session lifecycle ---------------------------------------------------------------
    def prepare(self, timeline: Timeline) -> None:
        """Open the audio stream and queue every line for synthesis, earliest first."""
        self._lines = utterances(timeline, countdown=self.countdown)
        self._key_of = {}
        if self.enabled:
            self.output.start()
        for index, line in sorted(self._lines.items(), key=lambda kv: kv[1].t):
            self._key_of[index] = self.synth.request(line.text, self.voice, self.rate, line.t)

    def is_ready(self, cue_index: int) -> bool:
        """Whether the line for this cue could start playing right now."""
        if not self.enabled or not self.available or cue_index not in self._key_of:
            return True  # nothing to wait for
        return self._key_of[cue_index] in self._pcm and self.output.is_running()

    def place_cue(self, cue_index: int, when: float) -> None:
        """The cue comes at ``when`` (time.monotonic): write its line in to come out then.
        A line not synthesised yet is left to ``speak_cue`` (late rather than never)."""
        if cue_index not in self._lines or not self.enabled or not self.available:
            return
        pcm = self._pcm.get(self._key_of[cue_index])
        if pcm is not None:
            self.output.play_at(pcm, when)
            self._placed.add(cue_index)

    def speak_cue(self, cue_index: int) -> None:
        """Speak the utterance that starts at this cue (if any), cutting any current line."""
        if cue_index not in self._lines:
            return
        if cue_index in self._placed:  # already in the stream: it cuts the old line itself
            self._placed.discard(cue_index)
            if self._current is not None:
                self._emit("end", self._current)
            self._waiting.clear()
            self._start(cue_index)
            return
        self.silence()
        if not self.enabled or not self.available:
            return
        key = self._key_of[cue_index]
        if key not in self._pcm:
            self._waiting[key] = cue_index  # play late rather than not at all
            return
        self._play(cue_index, key)

    def silence(self) -> None:
        """Stop the current line now (pause, skip, stop, mute)."""
        self._waiting.clear()
        if self._placed:
            self._placed.clear()
            self.output.stop()  # drops the lines placed ahead too
        if self._current is not None:
            index, self._current = self._current, None
            self.output.stop()
            self._emit("end", index)

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        if enabled:
            self.output.start()
        else:
            self.silence()

    def set_volume(self, volume: float) -> None:
        self.volume = volume
        self.output.set_volume(volume)

    def is_speaking(self) -> bool:
        """A line is playing, or due and about to play."""
        return self._current is not None or bool(self._waiting)

    def shutdown(self) -> None:
        self.silence()
        self.synth.cancel_all()
        self.output.close()

    # -- internals ---------------------------------------------------------------------------
    def _play(self, cue_index: int, key: str) -> None:
        if self._told_failure:  # speech works again: take the warning back, and tell anew
            self._told_failure = False  # if another line fails later
            self.recovered.emit()
        self.output.play(self._pcm[key])
        self._start(cue_index)

    def _start(self, cue_index: int) -> None:
        self._current = cue_index
        self._emit("start", cue_index)
        self.spoke.emit(cue_index, self._lines[cue_index].text)

    def _emit(self, event: str, cue_index: int) -> None:
        self.line_event.emit(event, cue_index)

    def _is_first(self, key: str) -> bool:
        return bool(self._key_of) and key == self._key_of.get(min(self._key_of))

    @Slot(str, str, float, object)
    def _on_ready(self, key: str, path: str, seconds: float, pcm: object) -> None:
        if not isinstance(pcm, bytes) or not pcm:
            self._on_failed(key, "the speech engine gave back no sound")
            return
        self._pcm[key] = pcm
        if key in self._waiting:
            index = self._waiting.pop(key)
            if self.enabled and self.available:
                self._play(index, key)
        if self._is_first(key):
            self.first_line_ready.emit()

    @Slot()
    def _on_line_finished(self) -> None:
        if self._current is not None and not self.output.is_playing():
            index, self._current = self._current, None
            self._emit("end", index)

    @Slot(str, str)
    def _on_failed(self, key: str, reason: str) -> None:
        self._waiting.pop(key, None)
        if self._is_first(key):
            self.first_line_ready.emit()
        if not self._told_failure and self.available:
            self._told_failure = True
            self.notice.emit(f"A line could not be spoken ({reason}); captions carry on.")

    @Slot()
    def _on_output_running(self) -> None:
        if self._key_of and self.is_ready(min(self._key_of)):
            self.first_line_ready.emit()

    @Slot(str)
    def _on_output_failed(self, reason: str) -> None:
        self._on_unavailable(reason)

    @Slot(str)
    def _on_unavailable(self, reason: str) -> None:
        if self.available:
            self.available = False
            self._waiting.clear()
            self.notice.emit(reason)
            self.first_line_ready.emit()  # nobody should wait for a voice that will not come
