"""Load and validate routine files, explaining every mistake with its line and column.

People write routines by hand, so the validator reports *all* problems at once in
compiler style, suggests the key they probably meant, and never lets a bad file raise.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from crampcoach.core.diagnostics import Diagnostic, Severity, has_errors
from crampcoach.core.routine import (
    Routine,
)
from crampcoach.core.routine_checks import Measure, check_routine
from crampcoach.core.routine_errors import Report, describe, explain
from crampcoach.core.speaking import DEFAULT_WPM
from crampcoach.core.timeline import Timeline
from crampcoach.core.timing import Timing
from crampcoach.core.yamlsource import MAX_FILE_BYTES, Position, YamlProblem, decode, parse

ROUTINE_SUFFIXES = (".yaml", ".yml")


@dataclass
class LoadedRoutine:
    """The outcome of reading one file: a routine when it is valid, and what was found."""

    path: Path
    routine: Routine | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    timeline: Timeline | None = None
    id_position: Position = field(default_factory=lambda: Position(1, 1))
    duration: float | None = None  # from the library's cache, which keeps no timeline

    @property
    def ok(self) -> bool:
        return self.routine is not None and not has_errors(self.diagnostics)


def load_routine_file(
    path: Path | str,
    *,
    wpm: float = DEFAULT_WPM,
    timing: Timing | None = None,
    measure: Measure | None = None,
) -> LoadedRoutine:
    """Read, parse and validate one routine file; never raises for a bad file.

    The timeline is built with the user's ``timing``, so what is listed is what plays.
    Spoken lines are timed by ``measure`` (seconds per line) or, by default, estimated at
    ``wpm`` words a minute.
    """
    path = Path(path)
    report = Report(path)
    data = _read(path, report)
    if data is None:
        return LoadedRoutine(path, None, report.items)
    try:
        text = decode(data)
    except YamlProblem as problem:
        report.add(Severity.ERROR, problem.message, problem.position or Position(1, 1))
        return LoadedRoutine(path, None, report.items)
    return load_routine_text(text, path, wpm=wpm, timing=timing, measure=measure, report=report)


def load_routine_text(
    text: str,
    path: Path,
    *,
    wpm: float = DEFAULT_WPM,
    timing: Timing | None = None,
    measure: Measure | None = None,
    report: Report | None = None,
) -> LoadedRoutine:
    """Parse and validate a routine's text as if it were the file ``path`` (the builder
    checks what is being typed this way: the same rules and messages as ``validate``)."""
    report = report or Report(path)
    result = LoadedRoutine(path, None, report.items)
    try:
        located = parse(text)
    except YamlProblem as problem:
        report.add(Severity.ERROR, problem.message, problem.position or Position(1, 1))
        return result
    report.located = located
    raw = located.value
    if raw is None:
        report.add(
            Severity.ERROR,
            "the file is empty; expected a routine (format, id, title, summary, steps)",
            Position(1, 1),
        )
        return result
    if not isinstance(raw, dict):
        report.error(f"a routine file must be a mapping of keys, not {describe(raw)}")
        return result
    result.id_position = located.where(("id",))
    try:
        routine = Routine.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            explain(report, raw, err)
        _sort(report.items)
        return result
    timeline = check_routine(report, routine, raw, path, wpm, timing, measure)
    _sort(report.items)
    if not has_errors(report.items):
        result.routine = routine
        result.timeline = timeline
    return result


def validate_paths(
    paths: Iterable[Path | str], *, wpm: float = DEFAULT_WPM, measure: Measure | None = None
) -> list[LoadedRoutine]:
    """Validate several files together, which also catches ids used twice."""
    results = [load_routine_file(p, wpm=wpm, measure=measure) for p in paths]
    check_duplicate_ids(results)
    return results


def check_duplicate_ids(results: list[LoadedRoutine]) -> None:
    seen: dict[str, LoadedRoutine] = {}
    for result in results:
        if result.routine is None:
            continue
        first = seen.setdefault(result.routine.id, result)
        if first is not result:
            pos = result.id_position
            result.diagnostics.append(
                Diagnostic(
                    result.path,
                    pos.line,
                    pos.column,
                    Severity.ERROR,
                    f"duplicate id {result.routine.id!r}: {first.path} already uses it",
                )
            )
            result.routine = None


def routine_files(folder: Path) -> list[Path]:
    """Routine files below ``folder``, sorted, skipping hidden files and folders."""
    if not folder.is_dir():
        return []
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        base = Path(root)  # once per folder: a Path is slow to make (5,000 files: 0.1 s)
        found.extend(
            base / f for f in files if f.endswith(ROUTINE_SUFFIXES) and not f.startswith(".")
        )
    return sorted(found, key=lambda p: p.parts)  # as Paths sort, without their slow __lt__


# -- reading --------------------------------------------------------------------------
def _read(path: Path, report: Report) -> bytes | None:
    def fail(message: str) -> None:
        report.add(Severity.ERROR, message, None)

    if path.is_symlink() and not path.exists():
        fail(f"broken link: it points to {os.readlink(path)}, which does not exist")
    elif not path.exists():
        fail("no such file")
    elif path.is_dir():
        fail("this is a folder, not a routine file")
    elif not path.is_file():
        fail("this is not a regular file")
    else:
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                fail(
                    f"the file is {size // 1024} KiB; routine files may be at most "
                    f"{MAX_FILE_BYTES // 1024} KiB"
                )
                return None
            with path.open("rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
            if len(data) > MAX_FILE_BYTES:
                fail(f"the file is larger than {MAX_FILE_BYTES // 1024} KiB")
                return None
            return data
        except OSError as exc:
            fail(f"cannot read the file: {exc.strerror or exc}")
    return None


def _sort(items: list[Diagnostic]) -> None:
    items.sort(key=lambda d: (d.line, d.column))
