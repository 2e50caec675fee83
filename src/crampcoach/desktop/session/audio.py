"""One audio stream per session, kept open from the get-ready moment on, carrying both the
narrator's voice and the chimes.

Opening an audio stream costs a variable delay (stream set-up on the sound server: up to
a second with PulseAudio), and a per-sound player such as QSoundEffect pays part of it for
every sound. Worse, Qt 6.11's QSoundEffect creates and closes an eventfd and a socket
notifier for every play; under load that churn once left the GUI thread spinning on
"QSocketNotifier: Invalid socket" until the session froze (seen in our CI). So the session
keeps one small-buffered stream open, fed with silence, and mixes into it: a voice line or
a chime starts within one buffer of its cue, a line is cut within one buffer, two lines
never overlap, and a chime may sound over a line.
"""

from __future__ import annotations

from PySide6.QtCore import QIODevice, QObject, Qt, QTimer, Signal
from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices, QtAudio

from crampcoach.desktop.session.mixer import DUCK_UNDER_VOICE, SAMPLE_RATE, Mixer, mix

__all__ = ["DUCK_UNDER_VOICE", "SAMPLE_RATE", "SessionAudio", "mix"]

BYTES_PER_SECOND = SAMPLE_RATE * 2  # mono, 16-bit
BUFFER_SECONDS = 0.06  # start and stop granularity
FEED_MS = 10  # how often the buffer is topped up while the stream is open
# A new stream's latency settles only after the sound server has taken a first, larger
# helping of (silent) samples; lines wait until then (measured: about 0.4 s extra delay
# for a line played straight after the stream starts).
SETTLE_SECONDS = 0.6


class SessionAudio(QObject):
    """Plays 22.05 kHz mono 16-bit PCM on one always-open, always-fed stream: one voice
    line at a time (``play``/``stop``) and one chime at a time over it (``chime``)."""

    line_finished = Signal()
    failed = Signal(str)
    running = Signal()  # the stream has started to flow: sounds now start on time

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.available = True
        self._sink: QAudioSink | None = None
        self._io: QIODevice | None = None
        self._mixer = Mixer()  # the same mix a rendered audio file gets (mixer.py)
        self._flowing = False
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(FEED_MS)
        self._timer.timeout.connect(self._feed)

    def start(self) -> None:
        """Open the stream now (it plays silence) so the first sound is not late."""
        if self._sink is not None or not self.available:
            return
        device = QMediaDevices.defaultAudioOutput()
        if device.isNull():
            self._fail("No audio output was found, so the session is silent; captions carry on.")
            return
        fmt = QAudioFormat()
        fmt.setSampleRate(SAMPLE_RATE)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        sink = QAudioSink(device, fmt, self)
        sink.setBufferSize(int(BYTES_PER_SECOND * BUFFER_SECONDS) // 2 * 2)
        io = sink.start()
        if io is None or sink.error() != QtAudio.Error.NoError:
            self._fail("The audio output could not be opened, so the session is silent; "
                       "captions carry on.")  # fmt: skip
            return
        self._sink, self._io = sink, io
        self._timer.start()
        self._feed()

    # -- the voice (the narrator's Output) ----------------------------------------------------
    def play(self, pcm: bytes) -> None:
        """Play a line now, cutting the one before."""
        self.start()
        self._mixer.play(pcm)
        self._feed()  # into the buffer right away

    def stop(self) -> None:
        self._mixer.stop()

    def is_playing(self) -> bool:
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
        self._mixer.chime(pcm)
        self._feed()

    def is_chiming(self) -> bool:
        return self._mixer.is_chiming()

    def set_chime_volume(self, volume: float) -> None:
        self._mixer.chime_volume = max(0.0, min(1.0, volume))

    @property
    def chime_volume(self) -> float:
        return self._mixer.chime_volume

    # -- the stream --------------------------------------------------------------------------
    def is_running(self) -> bool:
        """The stream is open and the sound server is consuming it (or there is none)."""
        return self._flowing or not self.available

    def close(self) -> None:
        self._timer.stop()
        if self._sink is not None:
            self._sink.stop()
            self._sink.deleteLater()
        self._sink = self._io = None
        self._flowing = False
        self._mixer.clear()

    def _feed(self) -> None:
        sink, io = self._sink, self._io
        if sink is None or io is None:
            return
        if not self._flowing and sink.processedUSecs() >= SETTLE_SECONDS * 1e6:
            self._flowing = True
            self.running.emit()
        free = sink.bytesFree() // 2 * 2
        if free > 0:
            io.write(self.next_chunk(free))

    def next_chunk(self, size: int) -> bytes:
        """The next ``size`` bytes to play: the line and the chime where they are, mixed
        (``Mixer.next_chunk``: ducking and clipping)."""
        chunk, line_ended = self._mixer.next_chunk(size)
        if line_ended:  # the last samples are queued: they are heard within one buffer
            QTimer.singleShot(int(BUFFER_SECONDS * 1000), self._line_done)
        return chunk

    def _line_done(self) -> None:
        if not self.is_playing():
            self.line_finished.emit()

    def _fail(self, reason: str) -> None:
        self.available = False
        self.failed.emit(reason)
        self.running.emit()  # nothing to wait for any more
