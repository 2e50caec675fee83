"""``--trace FILE``: one JSON line per cue and per narrator start/end, for timing checks."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # the app's --trace uses StallProbe before the routine models load
    from crampcoach.core.timeline import Cue


class Tracer:
    """Writes JSON lines; each line is flushed so an outside reader sees it at once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: TextIO | None = path.open("w", encoding="utf-8")

    def cue(self, index: int, cue: Cue, fired: float, position: float, due: float) -> None:
        """``due``: the clock reading (time.monotonic in the app) the cue was due at, so an
        outside recording on the same clock can be aligned with it."""
        self._write(
            {
                "cue": index,
                "kind": cue.kind,
                "t": cue.t,
                "fired": round(fired, 4),
                "position": round(position, 4),
                "text": cue.text,
                "due": round(due, 6),
            }
        )

    def probe(self, figures: dict[str, float]) -> None:
        self._write({"probe": figures})

    def audio(self, figures: dict[str, object]) -> None:
        self._write({"audio": figures})

    def narrator(self, event: str, cue: int, at: float) -> None:
        self._write({"narrator": event, "cue": cue, "at": round(at, 4)})

    def _write(self, record: dict[str, object]) -> None:
        if self._file is None:
            return
        self._file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


class StallProbe:
    """Measures how late a 10 ms timer fires while a traced session plays: the longest
    event-loop stall is the longest the GUI thread was busy. It starts with the session
    (building the player window before it is set-up, not playing)."""

    INTERVAL_MS = 10

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.lateness: list[float] = []
        self._last = self._started = time.monotonic()
        self._worst = (0.0, 0.0)  # lateness, and when (seconds into the session)
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(self.INTERVAL_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        if not self._timer.isActive() and not self.lateness:
            self._last = self._started = time.monotonic()
            self._timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        late = max(0.0, now - self._last - self.INTERVAL_MS / 1000)
        self.lateness.append(late)
        if late > self._worst[0]:
            self._worst = (late, now - self._started)
        self._last = now

    def stop(self) -> dict[str, float]:
        self._timer.stop()
        values = sorted(self.lateness) or [0.0]
        return {
            "samples": len(values),
            "max_ms": round(values[-1] * 1000, 2),
            "max_at_s": round(self._worst[1], 3),
            "p99_ms": round(
                values[int(len(values) * 0.99) - 1 if len(values) > 1 else 0] * 1000, 2
            ),
        }
