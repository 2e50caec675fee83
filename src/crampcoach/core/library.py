"""The routine library: built-in routines plus the user's own, indexed by id.

A user routine with a built-in's id replaces it (with a warning), and a user file that
fails to load stays listed with its problems instead of vanishing or crashing the app.
"""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple

from crampcoach.core.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:  # the routine models load with the library, off the GUI thread (start-up)
    from crampcoach.core.library_cache import Cached
    from crampcoach.core.loader import LoadedRoutine
    from crampcoach.core.routine import Routine
    from crampcoach.core.timeline import Timeline
    from crampcoach.core.timing import Timing

Origin = Literal["builtin", "user"]


class Card(NamedTuple):
    """What a list of routines shows and searches, known without the routine's model: the
    library's cache keeps it (library_cache.py)."""

    id: str
    title: str
    summary: str
    kind: str
    tags: tuple[str, ...]
    search: str  # id, title, summary, description, tags and muscles, lower-cased

    @classmethod
    def of(cls, r: Routine) -> Card:
        words = [r.id, r.title, r.summary, r.description or "", *r.tags, *r.muscles]
        return cls(r.id, r.title, r.summary, r.kind, tuple(r.tags), " ".join(words).lower())


class LibraryEntry:
    """A routine of the library and its timeline. An entry from the library's cache builds
    its timeline when first asked (0.3 ms each, seconds for thousands of routines): its
    length is known without it; and its routine too (0.05 ms each, a quarter of a second
    for 5,000): its card is known without it."""

    __slots__ = (
        "_card",
        "_duration",
        "_make",
        "_routine",
        "_timeline",
        "_timing",
        "origin",
        "path",
    )

    def __init__(
        self,
        routine: Routine | None,
        timeline: Timeline | None,
        path: Path,
        origin: Origin,
        *,
        duration: float | None = None,
        timing: Timing | None = None,  # what a timeline built later is built with
        card: Card | None = None,  # with ``make``, instead of the routine
        make: Callable[[], Routine] | None = None,
    ) -> None:
        self._routine = routine
        self._make = make
        if card is None and routine is None:
            raise ValueError("a library entry needs its routine, or its card and a maker")
        self._card = card
        self.path = path
        self.origin: Origin = origin
        self._timeline = timeline
        self._timing = timing
        known = timeline.duration if timeline is not None else duration
        if known is None:
            raise ValueError("a library entry needs its timeline or its duration")
        self._duration: float = known

    @property
    def routine(self) -> Routine:
        if self._routine is None:
            assert self._make is not None
            self._routine = self._make()  # two threads may both make it: the same routine
        return self._routine

    @property
    def card(self) -> Card:
        if self._card is None:
            self._card = Card.of(self.routine)
        return self._card

    @property
    def id(self) -> str:
        return self.card.id

    @property
    def title(self) -> str:
        return self.card.title

    @property
    def tags(self) -> tuple[str, ...]:
        return self.card.tags

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
        return hash((self.id, self.path, self.origin))

    def __repr__(self) -> str:
        return f"LibraryEntry({self.id!r}, {str(self.path)!r}, {self.origin!r})"

    def to_json(self) -> dict[str, object]:
        duration, card = self._duration, self.card
        return {
            "id": card.id,
            "title": card.title,
            "summary": card.summary,
            "kind": card.kind,
            "tags": list(card.tags),
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
            self._sorted = sorted(self.entries.values(), key=lambda e: (e.title.lower(), e.id))
        return list(self._sorted)

    def with_tag(self, tag: str) -> list[LibraryEntry]:
        return [e for e in self.sorted_entries() if tag in e.tags]


def _load_folder(
    folder: Path | None, library: Library, timing: Timing | None, cache_dir: Path | None
) -> list[LoadedRoutine | Cached]:
    """The folder's routines that loaded, each from the cache (its card and, when asked,
    its routine) or read afresh; those with problems go to ``library.failed``."""
    if folder is None:
        return []
    from crampcoach.core.library_cache import Cached, FolderCache
    from crampcoach.core.loader import check_duplicate_ids, load_routine_file, routine_files

    files = routine_files(folder)
    results: list[LoadedRoutine | Cached] = []
    if cache_dir is None:
        results += [load_routine_file(p, timing=timing) for p in files]
    else:
        cache = FolderCache(cache_dir, folder, timing)
        for path in files:
            kept = cache.get(path)
            if kept is None:
                fresh = load_routine_file(path, timing=timing)
                cache.put(fresh)
                results.append(fresh)
            else:
                results.append(kept)
        cache.save()
    # Files from the cache that share an id with another file are read as routines, so
    # that the duplicate check names them as it does any file.
    counts = Counter(_id(r) for r in results)
    loaded = [r.loaded() if isinstance(r, Cached) and counts[_id(r)] > 1 else r for r in results]
    check_duplicate_ids([r for r in loaded if not isinstance(r, Cached)])
    for one in loaded:
        library.diagnostics.extend(one.diagnostics)
        if not one.ok:
            library.failed.append(one.loaded() if isinstance(one, Cached) else one)
    return [r for r in loaded if r.ok]


def _id(result: LoadedRoutine | Cached) -> str | None:
    if hasattr(result, "card"):
        return str(result.card.id)
    routine = getattr(result, "routine", None)
    return routine.id if routine is not None else None


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
    from crampcoach.core.library_cache import Cached

    library = Library()

    def entry(result: LoadedRoutine | Cached, origin: Origin) -> LibraryEntry:
        if isinstance(result, Cached):  # its card now, its routine when asked
            return LibraryEntry(
                None,
                None,
                result.path,
                origin,
                duration=result.duration,
                timing=timing,
                card=result.card,
                make=result.make,
            )
        assert result.routine is not None
        return LibraryEntry(
            result.routine,
            result.timeline,
            result.path,
            origin,
            duration=result.duration,
            timing=timing,
        )

    for result in _load_folder(builtin_dir, library, timing, cache):
        library.entries[str(_id(result))] = entry(result, "builtin")
    for result in _load_folder(user_dir, library, timing, cache):
        routine_id = str(_id(result))
        previous = library.entries.get(routine_id)
        if previous is not None:
            pos = result.id_position
            library.diagnostics.append(
                Diagnostic(
                    result.path,
                    pos.line,
                    pos.column,
                    Severity.WARNING,
                    f"this routine replaces the built-in routine {routine_id!r} "
                    f"({previous.path.name})",
                )
            )
        library.entries[routine_id] = entry(result, "user")
    return library
