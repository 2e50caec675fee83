"""One audio stream, kept open for the whole session, for the narrator's voice.

Opening an audio stream costs a variable delay (stream set-up on the sound server: up to
a second with PulseAudio), and a per-line player such as QSoundEffect pays part of it for
every line. So the narrator keeps one small-buffered stream open from the get-ready
moment on and keeps it fed with silence; a line then starts within one buffer of its cue,
is cut within one buffer, and two lines can never overlap.
"""

from __future__ import annotations

from PySide6.QtCore import QIODevice, QObject, Qt, QTimer, Signal
from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices, QtAudio

SAMPLE_RATE = 22050  # espeak-ng's output
BYTES_PER_SECOND = SAMPLE_RATE * 2  # mono, 16-bit
BUFFER_SECONDS = 0.06  # start and stop granularity
FEED_MS = 10  # how often the buffer is topped up while the stream is open
# A new stream's latency settles only after the sound server has taken a first, larger
# helping of (silent) samples; lines wait until then (measured: about 0.4 s extra delay
# for a line played straight after the stream starts).
SETTLE_SECONDS = 0.6


class VoiceOutput(QObject):
    """Plays 22.05 kHz mono 16-bit PCM lines on one always-open, always-fed stream."""

    line_finished = Signal()
    failed = Signal(str)
    running = Signal()  # the stream has started to flow: lines now start on time

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.available = True
        self._sink: QAudioSink | None = None
        self._io: QIODevice | None = None
        self._volume = 1.0
        self._flowing = False
        self._line = b""
        self._pos = 0
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(FEED_MS)
        self._timer.timeout.connect(self._feed)

    def start(self) -> None:
        """Open the stream now (it plays silence) so the first line is not late."""
        if self._sink is not None or not self.available:
            return
        device = QMediaDevices.defaultAudioOutput()
        if device.isNull():
            self._fail("No audio output was found, so the voice is off; captions carry on.")
            return
        fmt = QAudioFormat()
        fmt.setSampleRate(SAMPLE_RATE)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        sink = QAudioSink(device, fmt, self)
        sink.setBufferSize(int(BYTES_PER_SECOND * BUFFER_SECONDS) // 2 * 2)
        sink.setVolume(self._volume)
        io = sink.start()
        if io is None or sink.error() != QtAudio.Error.NoError:
            self._fail("The audio output could not be opened, so the voice is off; "
                       "captions carry on.")  # fmt: skip
            return
        self._sink, self._io = sink, io
        self._timer.start()
        self._feed()

    def play(self, pcm: bytes) -> None:
        self.start()
        self._line, self._pos = pcm, 0
        self._feed()  # into the buffer right away

    def stop(self) -> None:
        self._line, self._pos = b"", 0

    def is_running(self) -> bool:
        """The stream is open and the sound server is consuming it."""
        return self._flowing or not self.available

    def is_playing(self) -> bool:
        return self._pos < len(self._line)

    def set_volume(self, volume: float) -> None:
        self._volume = volume
        if self._sink is not None:
            self._sink.setVolume(volume)

    def close(self) -> None:
        self._timer.stop()
        if self._sink is not None:
            self._sink.stop()
            self._sink.deleteLater()
        self._sink = self._io = None
        self._flowing = False
        self._line, self._pos = b"", 0

    def _feed(self) -> None:
        sink, io = self._sink, self._io
        if sink is None or io is None:
            return
        if not self._flowing and sink.processedUSecs() >= SETTLE_SECONDS * 1e6:
            self._flowing = True
            self.running.emit()
        free = sink.bytesFree() // 2 * 2
        if free <= 0:
            return
        chunk = b""
        if self._pos < len(self._line):
            chunk = self._line[self._pos : self._pos + free]
            self._pos += len(chunk)
            if self._pos >= len(self._line):
                # the last samples are queued: they are heard within one buffer
                QTimer.singleShot(int(BUFFER_SECONDS * 1000), self._line_done)
        io.write(chunk + b"\0" * (free - len(chunk)))

    def _line_done(self) -> None:
        if not self.is_playing():
            self.line_finished.emit()

    def _fail(self, reason: str) -> None:
        self.available = False
        self.failed.emit(reason)
        self.running.emit()  # nothing to wait for any more
