"""One answer to "a routine id or a routine file path": the CLI and the app both ask here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from crampcoach.core.diagnostics import Diagnostic
from crampcoach.core.library import Library, LibraryEntry
from crampcoach.core.timing import Timing


@dataclass(frozen=True)
class Resolved:
    """The entry found, or why there is none (one line, plus a file's own diagnostics)."""

    entry: LibraryEntry | None
    error: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)


def looks_like_path(ref: str) -> bool:
    """A file name ends in .yaml/.yml or has a folder in it; anything else is an id."""
    path = Path(ref)
    return path.suffix in (".yaml", ".yml") or "/" in ref or path.is_absolute()


def resolve(ref: str, library: Callable[[], Library], timing: Timing | None = None) -> Resolved:
    """``ref`` as a routine file (loaded and validated), else as an id in ``library()``.

    The library is asked for only when ``ref`` is an id, so a file plays without reading
    every routine first.
    """
    if looks_like_path(ref) or Path(ref).is_file():
        from crampcoach.core.loader import load_routine_file

        path = Path(ref).resolve()
        result = load_routine_file(path, timing=timing)
        if result.routine is None or result.timeline is None:
            return Resolved(None, f"{ref}: not a valid routine file", result.diagnostics)
        return Resolved(
            LibraryEntry(result.routine, result.timeline, path, "user"), "", result.diagnostics
        )
    known = library()
    entry = known.get(ref)
    if entry is None:
        ids = ", ".join(sorted(known.entries)) or "none"
        return Resolved(None, f"no routine with id {ref!r} (known: {ids})")
    return Resolved(entry)
