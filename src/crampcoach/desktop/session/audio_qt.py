"""The fallback stream: Qt Multimedia's QAudioSink, fed from the GUI thread every 10 ms.

Used where libpulse-simple is missing or no PulseAudio server answers (audio.py). Qt
reports no output latency, so a sound is placed by what the sink still holds (its 60 ms
buffer); the server's own latency comes on top, unaccounted. A new stream's latency
settles only after the server has taken a first, larger helping of samples, so the stream
counts as flowing (``running``) after SETTLE_SECONDS of samples taken.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QIODevice, QObject, Qt, QTimer
from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QMediaDevices, QtAudio

from crampcoach.desktop.session.audio_gate import shared_gate
from crampcoach.desktop.session.mixer import SAMPLE_RATE

if TYPE_CHECKING:
    from crampcoach.desktop.session.audio import SessionAudio

BYTES_PER_SECOND = SAMPLE_RATE * 2
BUFFER_SECONDS = 0.06  # start and stop granularity
FEED_MS = 10
SETTLE_SECONDS = 0.6


class QtFeeder(QObject):
    """Keeps a QAudioSink topped up with ``audio.next_chunk`` and reports its fill."""

    def __init__(self, audio: SessionAudio) -> None:
        super().__init__(audio)
        self._audio = audio
        self._sink: QAudioSink | None = None
        self._io: QIODevice | None = None
        self._closed = False
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(FEED_MS)
        self._timer.timeout.connect(self.feed)
        shared_gate().when_ready(self._open)  # Qt Multimedia's first call may hang

    def _open(self, usable: bool) -> None:
        if self._closed:
            return
        device = QMediaDevices.defaultAudioOutput() if usable else None
        if device is None or device.isNull():
            self._audio._fail(
                "No audio output was found, so the session is silent; captions carry on."
            )
            return
        fmt = QAudioFormat()
        fmt.setSampleRate(SAMPLE_RATE)
        fmt.setChannelCount(1)
        fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        sink = QAudioSink(device, fmt, self)
        sink.setBufferSize(int(BYTES_PER_SECOND * BUFFER_SECONDS) // 2 * 2)
        io = sink.start()
        if io is None or sink.error() != QtAudio.Error.NoError:
            self._audio._fail("The audio output could not be opened, so the session is "
                              "silent; captions carry on.")  # fmt: skip
            return
        self._sink, self._io = sink, io
        self._timer.start()
        self.feed()

    def feed(self) -> None:
        sink, io = self._sink, self._io
        if sink is None or io is None:
            return
        free = sink.bytesFree() // 2 * 2
        if free > 0:
            io.write(self._audio.next_chunk(free))
        queued = max(0, sink.bufferSize() - sink.bytesFree()) / BYTES_PER_SECOND
        self._audio.observe(time.monotonic(), queued, self._audio.written())
        if sink.processedUSecs() >= SETTLE_SECONDS * 1e6:
            self._audio._on_flowing()

    def close(self) -> None:
        self._closed = True
        self._timer.stop()
        if self._sink is not None:
            self._sink.stop()
            self._sink.deleteLater()
        self._sink = self._io = None
