"""``--trace FILE``: one JSON line per cue and per narrator start/end, for timing checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from crampcoach.core.timeline import Cue


class Tracer:
    """Writes JSON lines; each line is flushed so an outside reader sees it at once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: TextIO | None = path.open("w", encoding="utf-8")

    def cue(self, index: int, cue: Cue, fired: float, position: float) -> None:
        self._write(
            {
                "cue": index,
                "kind": cue.kind,
                "t": cue.t,
                "fired": round(fired, 4),
                "position": round(position, 4),
                "text": cue.text,
            }
        )

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
