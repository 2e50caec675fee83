"""Share a routine as one ``.yaml`` file: export it as it was written (comments and all), and
import one after the same checks as ``crampcoach validate``, with a choice when its id is
already taken (replace, keep both under a new id, or cancel).

A routine's file is copied as text, never re-serialised, so what its author wrote stays
as written. Only "keep both" edits it: the values of ``id`` and ``title`` are replaced
where they stand in the text, and the result is read back to prove nothing else changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from crampcoach.core.atomic import write_atomic
from crampcoach.core.diagnostics import Diagnostic
from crampcoach.core.library import Library, LibraryEntry
from crampcoach.core.loader import ROUTINE_SUFFIXES, load_routine_file
from crampcoach.core.routine import Routine
from crampcoach.core.yamlsource import MAX_FILE_BYTES, YamlProblem, decode, parse

Choice = Literal["replace", "keep-both", "cancel"]
CHOICES: tuple[Choice, ...] = ("replace", "keep-both", "cancel")
Status = Literal["added", "replaced", "kept-both", "unchanged", "cancelled"]
ID_LENGTH, TITLE_LENGTH = 64, 80  # the routine model's limits


class ShareError(Exception):
    """Importing or exporting could not be done; the message is one line for the person."""


class InvalidRoutine(ShareError):
    """The file is not a valid routine; ``diagnostics`` say where and why, as ``validate``."""

    def __init__(self, path: Path, diagnostics: list[Diagnostic]) -> None:
        super().__init__(f"{path}: not a valid routine file, so it was not imported")
        self.path = path
        self.diagnostics = diagnostics

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


class TargetExists(ShareError):
    """An export would write over a file that is there already."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} exists; choose another name (or overwrite it)")
        self.path = path


@dataclass(frozen=True)
class Clash:
    """The incoming routine's id is taken by ``existing``; what keeping both would give."""

    incoming: Routine
    existing: LibraryEntry
    new_id: str
    new_title: str

    @property
    def builtin(self) -> bool:
        return self.existing.origin == "builtin"

    @property
    def choices(self) -> tuple[Choice, ...]:
        """CrampCoach's own routines cannot be replaced by a file (a friend's file must not
        quietly take the place of a cramp-relief guide); only keeping both or cancelling."""
        return ("keep-both", "cancel") if self.builtin else CHOICES


@dataclass(frozen=True)
class ImportPlan:
    """A validated file on its way into the user routines folder, and its id clash if any."""

    source: Path
    data: bytes
    routine: Routine
    user_dir: Path
    clash: Clash | None = None
    same_as: LibraryEntry | None = None  # the very same file is in the library already
    warnings: list[Diagnostic] = field(default_factory=list)

    @property
    def images(self) -> list[str]:
        """Pictures the steps show, relative to the file (they travel with it)."""
        found = (getattr(step, "image", None) for step in self.routine.steps)
        return sorted({image for image in found if image})


@dataclass(frozen=True)
class Imported:
    """What an import did, and one line saying so."""

    status: Status
    routine_id: str
    title: str
    path: Path | None = None
    original_id: str = ""

    @property
    def message(self) -> str:
        what = f"{self.routine_id} ({self.title})"
        return {
            "added": f"imported {what}: {self.path}",
            "replaced": f"replaced {what} with the imported file: {self.path}",
            "kept-both": f"imported {self.original_id} as {what}, beside the one you had: "
            f"{self.path}",
            "unchanged": f"{what} is in your library already, unchanged: {self.path}",
            "cancelled": f"not imported: the id {self.routine_id!r} is taken",
        }[self.status]


# -- import ------------------------------------------------------------------------------
def prepare_import(source: Path, user_dir: Path, library: Library) -> ImportPlan:
    """Validate ``source`` as ``crampcoach validate`` does and look for an id clash.

    Raises InvalidRoutine (with the validator's messages) or ShareError.
    """
    result = load_routine_file(source)
    if not result.ok or result.routine is None:
        raise InvalidRoutine(source, result.diagnostics)
    data = _read(source)
    if _routine_of(data) != result.routine:  # what is copied is what was checked
        raise ShareError(f"{source}: the file changed while it was read; try again")
    routine = result.routine
    warnings = [d for d in result.diagnostics if not d.is_error]
    existing = library.get(routine.id)
    if existing is None:
        return ImportPlan(source, data, routine, user_dir, warnings=warnings)
    if _same_file(existing.path, data):
        return ImportPlan(source, data, routine, user_dir, same_as=existing, warnings=warnings)
    kept = _kept_copy(routine, library)
    if kept is not None:  # imported before with "keep both": that copy is the same routine
        return ImportPlan(source, data, routine, user_dir, same_as=kept, warnings=warnings)
    new_id, new_title = unused_id(routine, library)
    clash = Clash(routine, existing, new_id, new_title)
    return ImportPlan(source, data, routine, user_dir, clash=clash, warnings=warnings)


def _kept_copy(routine: Routine, library: Library) -> LibraryEntry | None:
    """A user routine that is ``routine`` under another id and a numbered title ("… (2)")."""
    for entry in library.entries.values():
        if entry.origin != "user" or entry.id == routine.id:
            continue
        if not entry.title.startswith(f"{routine.title[:70]} ("):
            continue  # most: no routine to make (library.py)
        update = {"id": routine.id, "title": routine.title}
        if entry.routine.model_copy(update=update) == routine:
            return entry
    return None


def apply_import(plan: ImportPlan, choice: Choice = "cancel") -> Imported:
    """Copy the file into the user routines folder as ``choice`` says (asked only when its
    id is taken), atomically: the folder holds the old file or the new one, never half."""
    routine, clash = plan.routine, plan.clash
    if plan.same_as is not None:
        return Imported("unchanged", routine.id, routine.title, plan.same_as.path)
    if clash is None:
        target = _write(plan, plan.data, routine.id, replacing=None)
        return Imported("added", routine.id, routine.title, target)
    if choice not in clash.choices:
        raise ShareError(
            f"{routine.id!r} is one of CrampCoach's own routines and cannot be replaced; "
            "keep both instead"
        )
    if choice == "cancel":
        return Imported("cancelled", routine.id, routine.title)
    if choice == "replace":
        target = _write(plan, plan.data, routine.id, replacing=clash.existing.path)
        return Imported("replaced", routine.id, routine.title, target)
    data = renamed(plan.data, routine, clash.new_id, clash.new_title)
    target = _write(plan, data, clash.new_id, replacing=None)
    return Imported("kept-both", clash.new_id, clash.new_title, target, original_id=routine.id)


def import_routine(
    source: Path,
    user_dir: Path,
    library: Library,
    on_clash: Choice | Callable[[Clash], Choice] = "cancel",
) -> Imported:
    """Validate ``source`` and copy it into ``user_dir``; on an id clash ``on_clash`` (a
    choice, or a function asked with the clash) decides."""
    plan = prepare_import(source, user_dir, library)
    choice: Choice = "cancel"
    if plan.clash is not None:
        choice = on_clash(plan.clash) if callable(on_clash) else on_clash
    return apply_import(plan, choice)


def unused_id(routine: Routine, library: Library) -> tuple[str, str]:
    """``<id>-2`` and "Title (2)" (or 3, 4, …): the first id no routine has."""
    n = 2
    while True:
        suffix = f"-{n}"
        new_id = routine.id[: ID_LENGTH - len(suffix)].rstrip("-") + suffix
        if library.get(new_id) is None:
            label = f" ({n})"
            return new_id, routine.title[: TITLE_LENGTH - len(label)].rstrip() + label
        n += 1


def renamed(data: bytes, routine: Routine, new_id: str, new_title: str) -> bytes:
    """The file with new ``id`` and ``title`` values written where the old ones stood, so
    every comment and every other line stays as it was."""
    text = decode(data)
    located = parse(text)
    edits: list[tuple[int, int, str]] = []
    for key, value in (("id", new_id), ("title", json.dumps(new_title, ensure_ascii=False))):
        node = located.values[(key,)]
        start, end = node.start_mark.index, node.end_mark.index
        old = text[start:end]
        ending = old[len(old.rstrip("\r\n")) :]  # a block scalar's line break stays
        edits.append((start, end, value + ending))
    for start, end, value in sorted(edits, reverse=True):
        text = text[:start] + value + text[end:]
    result = text.encode("utf-8")
    expected = routine.model_copy(update={"id": new_id, "title": new_title})
    if _routine_of(result) != expected:
        raise ShareError(
            f"could not give the copy the id {new_id!r} by itself (its id or title is "
            "written in an unusual way); change the id in the file, or replace"
        )
    return result


# -- export ------------------------------------------------------------------------------
def export_routine(entry: LibraryEntry, target: Path, *, overwrite: bool = False) -> list[Path]:
    """Write ``entry``'s file, as written, to ``target`` (a ``.yaml`` or ``.yml`` name),
    and any pictures its steps show beside it; returns the files written.

    A built-in is its packaged file. Existing files are left alone unless ``overwrite``.
    """
    if target.suffix.lower() not in ROUTINE_SUFFIXES:
        raise ShareError(f"{target}: a routine file's name ends in .yaml or .yml")
    data = _read(entry.path)
    images = sorted({i for i in (getattr(s, "image", None) for s in entry.routine.steps) if i})
    copies = [(entry.path.parent / image, target.parent / image) for image in images]
    wanted = [(entry.path, target), *copies]
    for source, destination in wanted:
        if destination.exists() and not overwrite and not _same_file(destination, _read(source)):
            raise TargetExists(destination)
    written = []
    for source, destination in wanted:
        if destination.resolve() == source.resolve():
            continue  # exported onto itself: it is there already
        try:
            write_atomic(destination, data if source == entry.path else _read(source), shared=True)
        except OSError as exc:
            raise ShareError(f"{destination}: cannot write it ({exc.strerror or exc})") from None
        written.append(destination)
    return written


# -- files -------------------------------------------------------------------------------
def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ShareError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise ShareError(f"{path}: larger than {MAX_FILE_BYTES // 1024} KiB")
    return data


def _routine_of(data: bytes) -> Routine | None:
    try:
        return Routine.model_validate(parse(decode(data)).value)
    except (YamlProblem, ValidationError):
        return None


def _same_file(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _write(plan: ImportPlan, data: bytes, routine_id: str, replacing: Path | None) -> Path:
    """Write into the user folder: over the routine replaced when it lives there (one atomic
    rename), else under a free name; a routine with pictures gets a folder of its own."""
    user_dir = plan.user_dir
    images = plan.images
    # Only a file in the user folder is ever written over or removed.
    ours = replacing is not None and replacing.resolve().is_relative_to(user_dir.resolve())
    in_place = ours and not images
    if replacing is not None and in_place:
        target = replacing
    elif images:
        folder = _free(user_dir, routine_id, "")
        target = folder / f"{routine_id}.yaml"
    else:
        target = _free(user_dir, routine_id, ".yaml")
    try:
        for image in images:  # first, so the routine never shows without its pictures
            write_atomic(target.parent / image, _read(plan.source.parent / image), shared=True)
        write_atomic(target, data, shared=True)
        if replacing is not None and ours and not in_place:
            replacing.unlink(missing_ok=True)
    except OSError as exc:
        raise ShareError(f"{target}: cannot write it ({exc.strerror or exc})") from None
    return target


def _free(folder: Path, stem: str, suffix: str) -> Path:
    """``stem + suffix`` in ``folder``, or ``stem (2) + suffix`` … when that is taken."""
    candidate, n = folder / f"{stem}{suffix}", 2
    while candidate.exists():
        candidate, n = folder / f"{stem} ({n}){suffix}", n + 1
    return candidate
