"""Run Python's cyclic garbage collector on the GUI thread only.

Left alone, the collector runs in whichever thread happens to allocate, and may then
destroy Qt widgets from a worker thread (speech, disk), which Qt aborts on. So automatic
collection is switched off and a slow GUI-thread timer collects instead.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 5000  # few wake-ups when idle; garbage here is small and slow to build up


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> None:
        threshold = gc.get_threshold()[0]
        if gc.get_count()[0] > threshold:
            gc.collect(0)
        if gc.get_count()[1] > gc.get_threshold()[1]:
            gc.collect()

    def settle(self) -> None:
        """Collect once, then freeze what is left (the app's long-lived objects: windows,
        modules) out of the collector's sight. A full collection then walks only what was
        made since: 30 ms on the GUI thread becomes well under 1 ms, the longest stall a
        session had. Called after each library load and before a session. The library is
        frozen as it is loaded (background.py), so it is never walked here: with 5,000
        routines that walk was a 0.2 s stall. What is frozen is not unfrozen again (that
        walk once more); the heap holds no garbage in cycles to speak of (11 objects after
        start-up, measured), and what is freed by reference counting goes, frozen or not."""
        gc.collect()
        gc.freeze()

    def stop(self) -> None:
        self._timer.stop()
        gc.unfreeze()
        gc.collect()
        if self._was_enabled:
            gc.enable()
