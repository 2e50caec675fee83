"""A PulseAudio (or PipeWire-pulse) stream through libpulse-simple, by ctypes: no Qt.

Why not QAudioSink: Qt Multimedia loads its FFmpeg media plugin and libav* with the first
sink (about 20 MB resident), its first call can hang on a frozen server (audio_gate.py),
and it does not say when a written sample will be heard. ``pa_simple_get_latency`` does:
with it, each sound is written into the stream so that it comes out at its cue.

``PulseStream`` is blocking by design (``pa_simple_*`` are); audio.py drives it from a
writer thread of its own. Every call on one stream must come from that one thread.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os

SAMPLE_S16LE = 3  # pa_sample_format_t PA_SAMPLE_S16LE
STREAM_PLAYBACK = 1  # pa_stream_direction_t
STREAM_RECORD = 2
NO_VALUE = 0xFFFFFFFF  # (uint32_t) -1: "the server's default"


class PulseError(OSError):
    """The server could not be reached, or the stream failed."""


class _SampleSpec(ctypes.Structure):
    _fields_ = [("format", ctypes.c_int), ("rate", ctypes.c_uint32), ("channels", ctypes.c_uint8)]


class _BufferAttr(ctypes.Structure):
    _fields_ = [
        ("maxlength", ctypes.c_uint32),
        ("tlength", ctypes.c_uint32),
        ("prebuf", ctypes.c_uint32),
        ("minreq", ctypes.c_uint32),
        ("fragsize", ctypes.c_uint32),
    ]


@functools.cache
def _libraries() -> tuple[ctypes.CDLL, ctypes.CDLL] | None:
    """libpulse-simple and libpulse, or None where they are not installed."""
    try:
        simple = ctypes.CDLL(ctypes.util.find_library("pulse-simple") or "libpulse-simple.so.0")
        pulse = ctypes.CDLL(ctypes.util.find_library("pulse") or "libpulse.so.0")
    except OSError:
        return None
    err = ctypes.POINTER(ctypes.c_int)
    simple.pa_simple_new.restype = ctypes.c_void_p
    simple.pa_simple_new.argtypes = [
        ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_char_p,
        ctypes.POINTER(_SampleSpec), ctypes.c_void_p, ctypes.POINTER(_BufferAttr), err,
    ]  # fmt: skip
    simple.pa_simple_write.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t, err]
    simple.pa_simple_read.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t, err]
    simple.pa_simple_get_latency.restype = ctypes.c_uint64
    simple.pa_simple_get_latency.argtypes = [ctypes.c_void_p, err]
    simple.pa_simple_free.argtypes = [ctypes.c_void_p]
    simple.pa_simple_free.restype = None
    pulse.pa_strerror.restype = ctypes.c_char_p
    pulse.pa_strerror.argtypes = [ctypes.c_int]
    return simple, pulse


def available() -> bool:
    """libpulse-simple can be loaded (whether a server answers is known only on opening).
    ``CRAMPCOACH_AUDIO=qt`` in the environment chooses Qt Multimedia instead (a way out,
    and how its cost is measured)."""
    return os.environ.get("CRAMPCOACH_AUDIO") != "qt" and _libraries() is not None


class PulseStream:
    """One mono 16-bit stream, playing or recording, with a small buffer of ``latency_ms``."""

    def __init__(
        self,
        rate: int,
        latency_ms: float,
        *,
        name: str = "CrampCoach session",
        record_from: str | None = None,
    ) -> None:
        libs = _libraries()
        if libs is None:
            raise PulseError("libpulse-simple is not installed")
        self._simple, self._pulse = libs
        self.rate = rate
        spec = _SampleSpec(SAMPLE_S16LE, rate, 1)
        size = int(rate * latency_ms / 1000) * 2
        if record_from is None:  # tlength: what is queued ahead of the speaker, at most
            attr = _BufferAttr(NO_VALUE, size, NO_VALUE, NO_VALUE, NO_VALUE)
            direction, device = STREAM_PLAYBACK, None
        else:  # fragsize: how much the server gathers before handing it over
            attr = _BufferAttr(NO_VALUE, NO_VALUE, NO_VALUE, NO_VALUE, size)
            direction, device = STREAM_RECORD, record_from.encode()
        error = ctypes.c_int(0)
        handle = self._simple.pa_simple_new(
            None, b"CrampCoach", direction, device, name.encode(),
            ctypes.byref(spec), None, ctypes.byref(attr), ctypes.byref(error),
        )  # fmt: skip
        if not handle:
            raise PulseError(self._reason(error.value))
        self._handle: int | None = handle

    def _reason(self, code: int) -> str:
        text = self._pulse.pa_strerror(code)
        return text.decode(errors="replace") if text else f"PulseAudio error {code}"

    def _live(self) -> int:
        if self._handle is None:
            raise PulseError("the stream is closed")
        return self._handle

    def write(self, pcm: bytes) -> None:
        """Queue samples; blocks until the server has room for them."""
        error = ctypes.c_int(0)
        if self._simple.pa_simple_write(self._live(), pcm, len(pcm), ctypes.byref(error)) < 0:
            raise PulseError(self._reason(error.value))

    def read(self, size: int) -> bytes:
        """``size`` recorded bytes; blocks until they are there."""
        buffer = ctypes.create_string_buffer(size)
        error = ctypes.c_int(0)
        if self._simple.pa_simple_read(self._live(), buffer, size, ctypes.byref(error)) < 0:
            raise PulseError(self._reason(error.value))
        return buffer.raw

    def latency(self) -> float | None:
        """Seconds until the last sample written is heard (playback), or since the next one
        to be read was recorded (recording); None while the server cannot tell yet."""
        error = ctypes.c_int(0)
        usec = self._simple.pa_simple_get_latency(self._live(), ctypes.byref(error))
        if usec == 2**64 - 1 or error.value:
            return None
        return float(usec) / 1e6

    def close(self) -> None:
        if self._handle is not None:
            handle, self._handle = self._handle, None
            self._simple.pa_simple_free(handle)
