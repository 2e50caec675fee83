"""Guards against a Qt binding that corrupts reference counts.

PySide6 6.12.0 lost a reference to None on every QTimer.start()/stop() and to True/False
on signal emission, so a long session crashed ("none_dealloc") after some thousands of
timer restarts. pyproject.toml excludes it; this test catches any such release.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    value = Signal(object)


def test_timers_and_signals_keep_reference_counts(qtbot: QtBot) -> None:
    timer = QTimer()
    emitter = _Emitter()
    received: list[object] = []
    emitter.value.connect(received.append)
    before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    for _ in range(200):
        timer.start(5)
        timer.stop()
        emitter.value.emit(1)
    after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    assert len(received) == 200
    assert all(abs(a - b) < 50 for a, b in zip(after, before, strict=True)), (before, after)
