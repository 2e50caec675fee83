"""Touch Qt Multimedia for the first time off the GUI thread, with a deadline.

Qt Multimedia's first use enumerates the audio devices. With PulseAudio that waits on
``pa_threaded_mainloop_wait`` with no timeout (``QPlatformAudioDevices::create``); when the
sound server does not answer (stopped, overloaded, a failed connection), the caller hangs
for good. We saw exactly that freeze the whole app in CI. So a throwaway thread makes that
first call, and the GUI thread creates sound effects and audio sinks only after it came
back. A session that cannot wait runs on captions, and says so.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

log = logging.getLogger(__name__)
DEADLINE_MS = 3000


class AudioGate(QObject):
    """``when_ready(callback)`` calls back on the GUI thread with True (sound can be used),
    or False (no device, or the sound server did not answer in time)."""

    _probed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._result: bool | None = None  # None while the probe has not come back
        self._thread: threading.Thread | None = None
        self._waiting: list[Callable[[bool], None]] = []
        self._probed.connect(self._on_probed)

    @property
    def usable(self) -> bool | None:
        return self._result

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._probe, name="crampcoach-audio-probe", daemon=True
            )
            self._thread.start()

    def _probe(self) -> None:
        try:
            from PySide6.QtMultimedia import QMediaDevices

            ok = bool(QMediaDevices.audioOutputs())
        except Exception:
            log.exception("probing the audio devices failed")
            ok = False
        self._probed.emit(ok)  # queued into the GUI thread

    @Slot(bool)
    def _on_probed(self, ok: bool) -> None:
        self._result = ok
        waiting, self._waiting = self._waiting, []
        for callback in waiting:
            callback(ok)

    def when_ready(self, callback: Callable[[bool], None], deadline_ms: int = DEADLINE_MS) -> None:
        """Call back at once if the probe is done, else when it is (or False at the deadline)."""
        if self._result:
            callback(True)
            return
        if self._result is False and self._thread is not None and not self._thread.is_alive():
            self._result, self._thread = None, None  # no device last time: look again
        self.start()
        called = False

        def once(ok: bool) -> None:
            nonlocal called
            if not called:
                called = True
                callback(ok)

        self._waiting.append(once)
        QTimer.singleShot(deadline_ms, lambda: once(False))

    def wait(self, timeout: float = DEADLINE_MS / 1000) -> bool | None:
        """Block until the probe is done (tests and benchmarks only, never the app)."""
        self.start()
        assert self._thread is not None
        self._thread.join(timeout)
        return None if self._thread.is_alive() else True


_shared: AudioGate | None = None


def shared_gate() -> AudioGate:
    """The process's one gate: Qt Multimedia's device list is process-wide."""
    global _shared
    if _shared is None:
        _shared = AudioGate()
    return _shared
