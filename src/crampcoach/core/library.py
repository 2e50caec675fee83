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


@dataclass(frozen=True)
class LibraryEntry:
    routine: Routine
    timeline: Timeline
    path: Path
    origin: Origin

    @property
    def id(self) -> str:
        return self.routine.id

    def to_json(self) -> dict[str, object]:
        duration = self.timeline.duration
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

    def get(self, routine_id: str) -> LibraryEntry | None:
        return self.entries.get(routine_id)

    def sorted_entries(self) -> list[LibraryEntry]:
        return sorted(self.entries.values(), key=lambda e: (e.routine.title.lower(), e.id))

    def with_tag(self, tag: str) -> list[LibraryEntry]:
        return [e for e in self.sorted_entries() if tag in e.routine.tags]


def _load_folder(
    folder: Path | None, library: Library, timing: Timing | None
) -> list[LoadedRoutine]:
    if folder is None:
        return []
    from crampcoach.core.loader import check_duplicate_ids, load_routine_file, routine_files

    results = [load_routine_file(p, timing=timing) for p in routine_files(folder)]
    check_duplicate_ids(results)
    for result in results:
        library.diagnostics.extend(result.diagnostics)
        if not result.ok:
            library.failed.append(result)
    return [r for r in results if r.ok]


def load_library(
    builtin_dir: Path | None, user_dir: Path | None, timing: Timing | None = None
) -> Library:
    """Read every routine in both folders; never raises for bad files.

    Timelines are built with the user's ``timing``: a card's length is what plays.
    """
    # Loading builds many small objects that all stay alive; the cyclic collector
    # would only rescan them over and over (about a fifth of the time for big libraries).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_library(builtin_dir, user_dir, timing)
    finally:
        if gc_was_enabled:
            gc.enable()


def _load_library(
    builtin_dir: Path | None, user_dir: Path | None, timing: Timing | None
) -> Library:
    library = Library()
    for result in _load_folder(builtin_dir, library, timing):
        assert result.routine is not None
        assert result.timeline is not None
        library.entries[result.routine.id] = LibraryEntry(
            result.routine, result.timeline, result.path, "builtin"
        )
    for result in _load_folder(user_dir, library, timing):
        assert result.routine is not None
        assert result.timeline is not None
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
        library.entries[result.routine.id] = LibraryEntry(
            result.routine, result.timeline, result.path, "user"
        )
    return library
