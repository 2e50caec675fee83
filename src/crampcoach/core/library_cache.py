"""What each routine file in a folder came to, kept between runs, so that a library of
thousands opens in well under a second: reading, checking and timing a file takes 3-4 ms,
taking it from here 0.05 ms.

One JSON-lines file per folder in the user's cache folder, written atomically. An entry
holds for the file it was made from (same size and modification time), read by this
CrampCoach (the same version, code and pose library) with the same get-ready and switch
times. A file with errors, or whose checks look beyond itself (a step's picture, which may
appear or go), is never kept. A damaged or foreign cache is ignored and written again.
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crampcoach import __version__
from crampcoach.core.atomic import write_atomic
from crampcoach.core.diagnostics import Diagnostic, Severity, has_errors
from crampcoach.core.library import Card
from crampcoach.core.loader import LoadedRoutine
from crampcoach.core.yamlsource import Position

if TYPE_CHECKING:
    from crampcoach.core.routine import Routine
    from crampcoach.core.timing import Timing

CACHE_VERSION = 2  # 2: each entry's card, and its routine made when first asked


@dataclass
class Cached:
    """A file's result from the cache: what its card shows, and its routine made from the
    kept JSON when first asked (``make``), not for each of thousands at start."""

    path: Path
    card: Card
    routine_json: str
    diagnostics: list[Diagnostic]
    id_position: Position
    duration: float | None

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)

    def make(self) -> Routine:
        from crampcoach.core.routine import Routine

        return Routine.model_validate_json(self.routine_json)

    def loaded(self) -> LoadedRoutine:
        """As the loader gives it, the routine made."""
        position, duration = self.id_position, self.duration
        routine = self.make()
        return LoadedRoutine(
            self.path, routine, list(self.diagnostics), id_position=position, duration=duration
        )


@dataclass
class _Kept:
    size: int
    mtime: int
    line: str  # the entry as stored


def fingerprint(timing: Timing | None) -> str:
    """What every entry depends on besides its file: this code, its pose library (a
    step's figure must name a pose), the timing, the cache's own format."""
    here = Path(__file__).resolve().parent
    from crampcoach.core.resources import assets_dir

    stamps = []
    for folder in (here, here / "figure", assets_dir() / "poses"):
        with contextlib.suppress(OSError):
            for entry in sorted(os.scandir(folder), key=lambda e: e.name):
                if entry.is_file():
                    stat = entry.stat()
                    stamps.append(f"{entry.name}:{stat.st_size}:{stat.st_mtime_ns}")
    code = f"{zlib.crc32(chr(10).join(stamps).encode()):08x}"
    prepare, switch = (timing.prepare, timing.switch) if timing else (None, None)
    return json.dumps([CACHE_VERSION, __version__, code, prepare, switch])


class FolderCache:
    """The kept results for one folder's files; ``get`` a file's, ``put`` a fresh one,
    ``save`` when done (only if anything changed)."""

    def __init__(self, cache_dir: Path, folder: Path, timing: Timing | None) -> None:
        self.timing = timing
        self.key = fingerprint(timing)
        self.file = cache_dir / "library" / f"{zlib.crc32(str(folder).encode()):08x}.jsonl"
        self._kept: dict[str, _Kept] = {}
        self._seen: set[str] = set()
        self._changed = False
        self._read()

    def _read(self) -> None:
        try:
            with self.file.open(encoding="utf-8") as handle:
                if handle.readline().rstrip("\n") != self.key:
                    self._changed = True  # another version or timing: all anew
                    return
                for line in handle:
                    name, size, mtime, _ = line.split("\t", 3)
                    self._kept[name] = _Kept(int(size), int(mtime), line)
        except FileNotFoundError:
            self._changed = True
        except (OSError, ValueError):  # damaged: start again
            self._kept.clear()
            self._changed = True

    def get(self, path: Path) -> Cached | None:
        """The kept result for ``path``, if it is still the file it was made from."""
        name = str(path)
        self._seen.add(name)
        kept = self._kept.get(name)
        if kept is None:
            return None
        try:
            stat = os.stat(name)  # as path.stat(), without pathlib's steps
            if (stat.st_size, stat.st_mtime_ns) != (kept.size, kept.mtime):
                return None
            return _decode(path, kept.line.split("\t", 3)[3])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, result: LoadedRoutine) -> None:
        name = str(result.path)
        self._seen.add(name)
        self._kept.pop(name, None)
        self._changed = True
        if result.routine is None or any(s.image for s in result.routine.steps):
            return  # a file with errors (few, and its errors may name a picture), or one
            # whose checks look at another file (a step's picture, which may appear)
        try:
            stat = result.path.stat()
        except OSError:
            return
        line = "\t".join((name, str(stat.st_size), str(stat.st_mtime_ns), _encode(result)))
        self._kept[name] = _Kept(stat.st_size, stat.st_mtime_ns, line + "\n")

    def save(self) -> None:
        """Write the entries of the files seen (files gone are dropped); errors are
        ignored, as a cache may be lost."""
        gone = set(self._kept) - self._seen
        if not (self._changed or gone):
            return
        text = self.key + "\n" + "".join(k.line for n, k in self._kept.items() if n not in gone)
        with contextlib.suppress(OSError):
            write_atomic(self.file, text.encode("utf-8"))


def _encode(result: LoadedRoutine) -> str:
    duration = result.timeline.duration if result.timeline is not None else None
    assert result.routine is not None
    meta: dict[str, Any] = {
        "id": list(result.id_position),
        "card": list(Card.of(result.routine)),
        "duration": duration,
        "diagnostics": [
            [d.line, d.column, d.severity.value, d.message] for d in result.diagnostics
        ],
    }
    # Only what the file set: the timeline tells a routine's own defaults from the user's
    # timing by the fields set.
    routine = result.routine.model_dump_json(exclude_unset=True)
    return json.dumps(meta, ensure_ascii=False) + "\t" + routine


def _decode(path: Path, text: str) -> Cached:
    meta_text, routine_text = text.rstrip("\n").split("\t", 1)
    meta = json.loads(meta_text)
    diagnostics = [
        Diagnostic(path, int(a), int(b), Severity(c), str(m)) for a, b, c, m in meta["diagnostics"]
    ]
    routine_id, title, summary, kind, tags, search = meta["card"]
    card = Card(routine_id, title, summary, kind, tuple(tags), search)
    duration = meta["duration"]
    return Cached(
        path,
        card,
        routine_text,
        diagnostics,
        Position(*meta["id"]),
        float(duration) if duration is not None else None,
    )
