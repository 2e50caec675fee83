"""The routine library: built-in routines plus the user's own, indexed by id.

A user routine with a built-in's id replaces it (with a warning), and a user file that
fails to load stays listed with its problems instead of vanishing or crashing the app.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from crampcoach.core.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:  # the routine models load with the library, off the GUI thread (start-up)
    from crampcoach.core.loader import LoadedRoutine
    from crampcoach.core.routine import Routine
    from crampcoach.core.timeline import Timeline
    from crampcoach.core.timing import Timing

Origin = Literal["builtin", "user"]


class LibraryEntry:
    """A routine of the library and its timeline. An entry from the library's cache builds
    its timeline when first asked (0.3 ms each, seconds for thousands of routines): its
    length is known without it."""

    __slots__ = ("_duration", "_timeline", "_timing", "origin", "path", "routine")

    def __init__(
        self,
        routine: Routine,
        timeline: Timeline | None,
        path: Path,
        origin: Origin,
        *,
        duration: float | None = None,
        timing: Timing | None = None,  # what a timeline built later is built with
    ) -> None:
        self.routine = routine
        self.path = path
        self.origin: Origin = origin
        self._timeline = timeline
        self._timing = timing
        known = timeline.duration if timeline is not None else duration
        if known is None:
            raise ValueError("a library entry needs its timeline or its duration")
        self._duration: float = known

    @property
    def id(self) -> str:
        return self.routine.id

    @property
    def timeline(self) -> Timeline:
        if self._timeline is None:
            from crampcoach.core.timeline import build_timeline

            self._timeline = build_timeline(self.routine, self._timing)
        return self._timeline

    @property
    def duration(self) -> float:
        """Seconds it plays for (the timeline's length)."""
        return self._duration

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LibraryEntry):
            return NotImplemented
        return (self.routine, self.path, self.origin, self._duration) == (
            other.routine,
            other.path,
            other.origin,
            other._duration,
        )

    def __hash__(self) -> int:
        return hash((self.routine.id, self.path, self.origin))

    def __repr__(self) -> str:
        return f"LibraryEntry({self.routine.id!r}, {str(self.path)!r}, {self.origin!r})"

    def to_json(self) -> dict[str, object]:
        duration = self._duration
        return {
            "id": self.routine.id,
            "title": self.routine.title,
            "summary": self.routine.summary,
            "kind": self.routine.kind,
            "tags": list(self.routine.tags),
            "duration": int(duration) if duration.is_integer() else round(duration, 3),
            "path": str(self.path),
            "origin": self.origin,
        }


@dataclass
class Library:
    entries: dict[str, LibraryEntry] = field(default_factory=dict)
    failed: list[LoadedRoutine] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    _sorted: list[LibraryEntry] | None = field(default=None, init=False, repr=False, compare=False)

    def get(self, routine_id: str) -> LibraryEntry | None:
        return self.entries.get(routine_id)

    def sorted_entries(self) -> list[LibraryEntry]:
        """By title. Sorted once (20 ms for 5,000 routines, on the thread that loads it):
        a library is not changed once loaded."""
        if self._sorted is None or len(self._sorted) != len(self.entries):
            self._sorted = sorted(
                self.entries.values(), key=lambda e: (e.routine.title.lower(), e.id)
            )
        return list(self._sorted)

    def with_tag(self, tag: str) -> list[LibraryEntry]:
        return [e for e in self.sorted_entries() if tag in e.routine.tags]


def _load_folder(
    folder: Path | None, library: Library, timing: Timing | None, cache_dir: Path | None
) -> list[LoadedRoutine]:
    if folder is None:
        return []
    from crampcoach.core.loader import check_duplicate_ids, load_routine_file, routine_files

    files = routine_files(folder)
    if cache_dir is None:
        results = [load_routine_file(p, timing=timing) for p in files]
    else:
        from crampcoach.core.library_cache import FolderCache

        cache = FolderCache(cache_dir, folder, timing)
        results = []
        for path in files:
            result = cache.get(path)
            if result is None:
                result = load_routine_file(path, timing=timing)
                cache.put(result)
            results.append(result)
        cache.save()
    check_duplicate_ids(results)
    for result in results:
        library.diagnostics.extend(result.diagnostics)
        if not result.ok:
            library.failed.append(result)
    return [r for r in results if r.ok]


def load_library(
    builtin_dir: Path | None,
    user_dir: Path | None,
    timing: Timing | None = None,
    cache_dir: Path | None = None,
) -> Library:
    """Read every routine in both folders; never raises for bad files.

    Timelines are built with the user's ``timing``: a card's length is what plays. With
    a ``cache_dir``, files unchanged since the last load are taken from the cache there
    (library_cache.py) and their timelines built when first asked for.
    """
    # Loading builds many small objects that all stay alive; the cyclic collector
    # would only rescan them over and over (about a fifth of the time for big libraries).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_library(builtin_dir, user_dir, timing, cache_dir)
    finally:
        if gc_was_enabled:
            gc.enable()


def _load_library(
    builtin_dir: Path | None, user_dir: Path | None, timing: Timing | None, cache: Path | None
) -> Library:
    library = Library()

    def entry(result: LoadedRoutine, origin: Origin) -> LibraryEntry:
        assert result.routine is not None
        timeline, duration = result.timeline, result.duration
        return LibraryEntry(
            result.routine, timeline, result.path, origin, duration=duration, timing=timing
        )

    for result in _load_folder(builtin_dir, library, timing, cache):
        assert result.routine is not None
        library.entries[result.routine.id] = entry(result, "builtin")
    for result in _load_folder(user_dir, library, timing, cache):
        assert result.routine is not None
        previous = library.entries.get(result.routine.id)
        if previous is not None:
            pos = result.id_position
            library.diagnostics.append(
                Diagnostic(
                    result.path,
                    pos.line,
                    pos.column,
                    Severity.WARNING,
                    f"this routine replaces the built-in routine {result.routine.id!r} "
                    f"({previous.path.name})",
                )
            )
        library.entries[result.routine.id] = entry(result, "user")
    return library
