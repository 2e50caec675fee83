"""One audio stream per session, kept open from the get-ready moment on, carrying both the
narrator's voice and the chimes, each written in so that it comes out on its cue.

Opening an audio stream costs a variable delay (up to a second or two with PulseAudio), and
Qt 6.11's QSoundEffect churned an eventfd and a socket notifier per sound (it once left the
GUI thread spinning on "QSocketNotifier: Invalid socket"). So the session keeps one
small-buffered stream open, fed with silence, and mixes into it (mixer.py).

A sound started when its cue fires is heard one buffer plus the server's latency late
(73-139 ms measured). The cue times are known ahead, so the session hands each sound over a
little early (``play_at``/``chime_at`` with the clock reading of its cue) and it is written
at the sample the stream will play at that moment: ``_StreamClock`` maps monotonic time to
the stream's sample index from the latency the server reports. Pause, skip and stop cut
what is not yet written; the few milliseconds already written play out.

The stream is libpulse-simple's (pulse.py), fed by a writer thread: no Qt Multimedia, whose
sink loads FFmpeg and libav* (memory) and reports no latency. Without libpulse, or without a
PulseAudio server, QAudioSink is the fallback (audio_qt.py).
"""

from __future__ import annotations

import statistics
import threading
import time
from collections import deque

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from crampcoach.desktop.session import pulse
from crampcoach.desktop.session.mixer import DUCK_UNDER_VOICE, SAMPLE_RATE, Mixer, mix

__all__ = ["DUCK_UNDER_VOICE", "SAMPLE_RATE", "SessionAudio", "mix"]

BYTES_PER_SECOND = SAMPLE_RATE * 2  # mono, 16-bit
LATENCY_MS = 30  # what the server may hold ahead of the speaker: stop granularity
CHUNK_BYTES = 441 * 2 // 2 * 2  # 10 ms per write
MARGIN_SECONDS = 0.02  # a sound is handed over this much before it must be written
OPEN_DEADLINE_MS = 3000  # a server that does not answer by then leaves the session silent
# A stream connected but not taken up by then is stuck (a null sink woken from idle takes
# up a new stream after 1.4-2 s on our rig).
FLOW_DEADLINE_MS = 8000
NO_ANSWER = "The sound server did not answer, so the session is silent; captions carry on."


class _StreamClock:
    """When each sample of the stream is heard: sample n at ``t0 + n / SAMPLE_RATE``.

    Each latency report gives an estimate of ``t0``, timed by the clock read just before
    asking (the server computes the latency as the call begins; the wait for Python's lock
    comes after it returns), and ``t0`` is the median of the last WINDOW estimates: it
    ignores jitter and follows an underrun (which delays all that follows) within half a
    window. (Dropping the reports that took long, tried first, left ``t0`` stale on a busy
    GUI thread while small underruns added up: sounds drifted 0.5 ms/s late.)"""

    WINDOW = 41  # about 0.4 s of 10 ms writes
    JUMP = 0.008  # a move this large is noted (underruns, for the trace)

    def __init__(self) -> None:
        self.t0: float | None = None
        self.jumps: list[float] = []  # ms
        self._estimates: deque[float] = deque(maxlen=self.WINDOW)

    def observe(self, asked: float, latency: float, written: int) -> None:
        self._estimates.append(asked + latency - written / SAMPLE_RATE)
        t0 = statistics.median(self._estimates)
        if self.t0 is not None and abs(t0 - self.t0) > self.JUMP:
            self.jumps.append(round((t0 - self.t0) * 1000, 1))
        self.t0 = t0

    def sample_at(self, when: float) -> int | None:
        return None if self.t0 is None else round((when - self.t0) * SAMPLE_RATE)

    def time_of(self, sample: int) -> float | None:
        return None if self.t0 is None else self.t0 + sample / SAMPLE_RATE


class SessionAudio(QObject):
    """Plays 22.05 kHz mono 16-bit PCM on one always-open, always-fed stream: one voice
    line at a time (``play``/``play_at``/``stop``) and one chime at a time over it."""

    line_finished = Signal()
    failed = Signal(str)
    running = Signal()  # the stream flows and its latency is known: sounds can be placed
    _flowing_now = Signal()  # from the writer thread
    _line_ended = Signal(int)  # the sample index where a line ended (writer thread)
    _stream_failed = Signal(str, bool)  # reason, whether QAudioSink may still work

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.available = True
        self._mixer = Mixer()  # the same mix a rendered audio file gets (mixer.py)
        self._lock = threading.Lock()  # the mixer and the clock: GUI and writer thread
        self._clock = _StreamClock()
        self._latency: float | None = None
        self._flowing = False
        self._opened = False
        self._closing = threading.Event()
        self._qt: QObject | None = None  # the QAudioSink fallback (audio_qt.py)
        self._writer: _Writer | None = None
        self._flowing_now.connect(self._on_flowing)
        self._line_ended.connect(self._on_line_ended)
        self._stream_failed.connect(self._on_stream_failed)

    def start(self) -> None:
        """Open the stream now (it plays silence) so the first sound is not late."""
        if self._opened or not self.available:
            return
        self._opened = True
        if not pulse.available():
            self._start_qt()
            return
        self._writer = _take_early() or _Writer()
        self._writer.attach(self)
        QTimer.singleShot(OPEN_DEADLINE_MS, self._check_answered)
        QTimer.singleShot(FLOW_DEADLINE_MS, self._check_flowing)

    # -- the voice (the narrator's Output) ----------------------------------------------------
    def play(self, pcm: bytes) -> None:
        """Play a line now (as soon as it can be heard), cutting the one before."""
        self.start()
        with self._lock:
            self._mixer.play(pcm)
        self._kick()

    def play_at(self, pcm: bytes, when: float) -> None:
        """Play a line so that it is heard at ``when`` (time.monotonic), cutting the line
        before at that moment; at once if that can no longer be."""
        with self._lock:
            self._mixer.play_at(pcm, self._sample_at(when))
        self._kick()

    def stop(self) -> None:
        """Cut the line now and drop the lines placed ahead."""
        with self._lock:
            self._mixer.stop()

    def is_playing(self) -> bool:
        with self._lock:
            return self._mixer.is_playing()

    def set_volume(self, volume: float) -> None:
        self._mixer.volume = max(0.0, min(1.0, volume))

    @property
    def volume(self) -> float:
        return self._mixer.volume

    # -- chimes ------------------------------------------------------------------------------
    def chime(self, pcm: bytes) -> None:
        """Sound a chime now, over any line; a new chime replaces the one still ringing."""
        self.start()
        with self._lock:
            self._mixer.chime(pcm)
        self._kick()

    def chime_at(self, pcm: bytes, when: float) -> None:
        """Sound a chime so that it is heard at ``when`` (time.monotonic)."""
        with self._lock:
            self._mixer.chime_at(pcm, self._sample_at(when))
        self._kick()

    def cancel_ahead(self) -> None:
        """Drop every sound placed ahead and not begun (pause, skip, stop)."""
        with self._lock:
            self._mixer.cancel_pending()

    def is_chiming(self) -> bool:
        with self._lock:
            return self._mixer.is_chiming()

    def set_chime_volume(self, volume: float) -> None:
        self._mixer.chime_volume = max(0.0, min(1.0, volume))

    @property
    def chime_volume(self) -> float:
        return self._mixer.chime_volume

    # -- the stream --------------------------------------------------------------------------
    def is_running(self) -> bool:
        """The stream flows and its latency is known (or there is no sound at all)."""
        return self._flowing or not self.available

    def knows_latency(self) -> bool:
        return self._latency is not None

    def lead(self) -> float:
        """How long before its cue a sound must be handed over to come out on it (seconds;
        0 while the stream is not flowing, or without sound)."""
        if not self._flowing or not self.available or self._latency is None:
            return 0.0
        return self._latency + MARGIN_SECONDS

    def stats(self) -> dict[str, object]:
        """For the trace: the stream's latency and how often its clock jumped (underruns)."""
        with self._lock:
            jumps = list(self._clock.jumps)
        latency = None if self._latency is None else round(self._latency * 1000, 1)
        backend = "qt" if self._qt is not None else "pulse" if self._writer else "none"
        return {"backend": backend, "latency_ms": latency, "clock_jumps_ms": jumps[:20]}

    def close(self) -> None:
        self._closing.set()
        if self._writer is not None:
            self._writer.close()
        if self._qt is not None:
            self._qt.close()  # type: ignore[attr-defined]
            self._qt = None
        self._flowing = False
        with self._lock:
            self._mixer.clear()

    def next_chunk(self, size: int) -> bytes:
        """The next ``size`` bytes to play, mixed (``Mixer.next_chunk``: ducking, clipping),
        as the stream takes them; noting where a line ended."""
        with self._lock:
            chunk, ended = self._mixer.next_chunk(size)
            end = self._mixer.line_end
        if ended:
            self._line_ended.emit(end)
        return chunk

    def observe(self, asked: float, latency: float, written: int) -> None:
        """The stream reported ``latency`` when asked at ``asked``: the ``written``-th
        sample is heard that long after."""
        with self._lock:
            self._clock.observe(asked, latency, written)
            if self._clock.t0 is not None:
                self._latency = latency

    def written(self) -> int:
        with self._lock:
            return self._mixer.position

    def adopt(self, written: int) -> None:
        """The stream has carried ``written`` samples (of silence) before this session's:
        the mixer counts on from there."""
        with self._lock:
            self._mixer.position = written

    # -- internals ---------------------------------------------------------------------------
    def _sample_at(self, when: float) -> int:
        sample = self._clock.sample_at(when)
        return self._mixer.position if sample is None else sample

    def _kick(self) -> None:
        if self._qt is not None:
            self._qt.feed()  # type: ignore[attr-defined]

    def _start_qt(self) -> None:
        from crampcoach.desktop.session.audio_qt import QtFeeder

        self._qt = QtFeeder(self)

    @Slot()
    def _on_flowing(self) -> None:
        if not self._flowing and not self._closing.is_set() and self.available:
            self._flowing = True
            self.running.emit()

    @Slot(int)
    def _on_line_ended(self, sample: int) -> None:
        with self._lock:
            heard = self._clock.time_of(sample)
        wait = 0.0 if heard is None else max(0.0, heard - time.monotonic())
        QTimer.singleShot(round(wait * 1000), self._line_done)

    def _line_done(self) -> None:
        if not self.is_playing():
            self.line_finished.emit()

    @Slot(str, bool)
    def _on_stream_failed(self, reason: str, try_qt: bool) -> None:
        if self._closing.is_set() or not self.available:
            return
        if try_qt and not self._flowing:  # no PulseAudio server: perhaps Qt finds sound
            self._start_qt()
            return
        self._fail(f"The sound stopped ({reason}), so the session is silent; captions carry on.")

    def _check_answered(self) -> None:
        writer, closing = self._writer, self._closing.is_set()
        if writer is not None and not writer.connected.is_set() and not self._qt and not closing:
            self._fail(NO_ANSWER)

    def _check_flowing(self) -> None:
        if not self._flowing and self._qt is None and not self._closing.is_set():
            self._fail(NO_ANSWER)

    def _fail(self, reason: str) -> None:
        if not self.available:
            return
        self.available = False
        self._closing.set()
        self.failed.emit(reason)
        self.running.emit()  # nothing to wait for any more


class _Writer:
    """The writer thread of one libpulse-simple stream: mix 10 ms (silence until a session
    attaches), write it (blocks while the server is full), report the latency. Every call
    on the stream stays on this thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owner: SessionAudio | None = None
        self._failure: tuple[str, bool] | None = None
        self._written = 0
        self._closing = threading.Event()
        self.connected = threading.Event()
        threading.Thread(target=self._run, name="crampcoach-audio", daemon=True).start()

    def attach(self, owner: SessionAudio) -> None:
        with self._lock:
            self._owner = owner
            owner.adopt(self._written)
            failure = self._failure
        if failure is not None:
            owner._stream_failed.emit(*failure)

    def close(self) -> None:
        self._closing.set()

    def _fail(self, reason: str, try_qt: bool) -> None:
        with self._lock:
            self._failure = (reason, try_qt)
            owner = self._owner
        if owner is not None:
            owner._stream_failed.emit(reason, try_qt)

    def _run(self) -> None:
        try:
            stream = pulse.PulseStream(SAMPLE_RATE, LATENCY_MS)
        except pulse.PulseError as exc:
            self._fail(str(exc), True)
            return
        self.connected.set()
        told = False
        try:
            while not self._closing.is_set():
                with self._lock:
                    owner = self._owner
                    chunk = bytes(CHUNK_BYTES) if owner is None else owner.next_chunk(CHUNK_BYTES)
                    self._written += len(chunk) // 2
                    written = self._written
                stream.write(chunk)
                asked = time.monotonic()
                latency = stream.latency()
                if self._closing.is_set():
                    break
                if latency is not None and owner is not None:
                    owner.observe(asked, latency, written)
                    if not told and owner.knows_latency():
                        told = True
                        owner._flowing_now.emit()
        except pulse.PulseError as exc:
            self._fail(str(exc), False)
        finally:
            stream.close()


_early: _Writer | None = None


def open_early() -> None:
    """Open the session's stream now, before the app is built (``crampcoach play``): a new
    PulseAudio stream takes a while to be taken up, and this overlaps that with start-up."""
    global _early
    if _early is None and pulse.available():
        _early = _Writer()


def _take_early() -> _Writer | None:
    global _early
    writer, _early = _early, None
    return writer
