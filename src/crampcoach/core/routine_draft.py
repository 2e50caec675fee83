"""A routine being edited in the builder: plain data, undo and redo, and the same checks
as ``crampcoach validate``.

The draft holds the routine as the YAML file will hold it (dicts, lists, numbers, text),
so a half-typed, invalid routine can exist and be kept; checking builds the real model.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crampcoach.core.diagnostics import Diagnostic, has_errors
from crampcoach.core.routine import ID_PATTERN, STEP_TYPES
from crampcoach.core.routine_yaml import dump_new

if TYPE_CHECKING:
    from crampcoach.core.routine import Routine
    from crampcoach.core.routine_checks import Measure
    from crampcoach.core.timeline import Timeline
    from crampcoach.core.timing import Timing

Where = tuple[str | int, ...]
UNDO_LIMIT = 200

STEP_DEFAULTS: dict[str, dict[str, Any]] = {
    "stretch": {"type": "stretch", "name": "New stretch", "duration": 30, "sides": "both"},
    "move": {"type": "move", "name": "New movement", "reps": 10, "tempo": 2},
    "breathe": {"type": "breathe", "name": "Slow breathing", "inhale": 4, "exhale": 6, "cycles": 6},
    "tense": {"type": "tense", "name": "New muscle group", "tense": 5, "relax": 15},
    "rest": {"type": "rest", "name": "Rest", "duration": 10},
    "say": {"type": "say", "say": "Something to say."},
}
assert tuple(STEP_DEFAULTS) == STEP_TYPES


def new_routine(routine_id: str = "my-routine") -> dict[str, Any]:
    return {
        "format": 1,
        "id": routine_id,
        "title": "My routine",
        "summary": "A routine of my own.",
        "tags": [],
        "steps": [copy.deepcopy(STEP_DEFAULTS["stretch"])],
    }


def free_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``… whichever is not taken (max 64 chars)."""
    base = re.sub(r"-\d+$", "", wanted)[:60].strip("-") or "routine"
    if wanted not in taken and re.fullmatch(ID_PATTERN, wanted):
        return wanted
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def duplicate_of(raw: dict[str, Any], taken: set[str]) -> dict[str, Any]:
    """A copy for the user's folder: a new id and "(my version)" in its title."""
    copied = copy.deepcopy(raw)
    copied["id"] = free_id(f"{raw.get('id', 'routine')}-my-version"[:64], taken)
    title = str(raw.get("title", "Routine"))
    copied["title"] = f"{title[:67]} (my version)"
    return copied


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic]
    routine: Routine | None = None
    timeline: Timeline | None = None
    text: str = ""

    @property
    def ok(self) -> bool:
        return self.routine is not None and not has_errors(self.diagnostics)

    def at(self, where: Where) -> list[Diagnostic]:
        """The problems about ``where`` or anything inside it."""
        return [d for d in self.diagnostics if d.where[: len(where)] == where]


@dataclass
class RoutineDraft:
    """The routine being edited; every change can be undone."""

    raw: dict[str, Any]
    path: Path | None = None  # the file it was opened from or will be saved to
    original: str | None = None  # that file's text as opened (its comments are kept)
    draft_file: Path | None = None  # where it was kept as a draft, if it was
    _undo: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    _redo: list[tuple[dict[str, Any], str]] = field(default_factory=list)
    _saved: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._saved = copy.deepcopy(self.raw)

    # -- state ---------------------------------------------------------------------------
    @property
    def steps(self) -> list[dict[str, Any]]:
        steps = self.raw.setdefault("steps", [])
        assert isinstance(steps, list)
        return steps

    @property
    def modified(self) -> bool:
        return self.raw != self._saved

    def force_modified(self) -> None:
        """A continued draft differs from what is saved, whatever it holds."""
        self._saved = {}

    def mark_saved(self, path: Path, text: str) -> None:
        self.path, self.original = path, text
        self._saved = copy.deepcopy(self.raw)

    def get(self, where: Where) -> Any:
        node: Any = self.raw
        for part in where:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return node

    # -- changes -------------------------------------------------------------------------
    def _remember(self, label: str) -> None:
        """Keep the state before a change; typing in one field is one undo step."""
        if self._undo and label.startswith("edit ") and self._undo[-1][1] == label:
            self._redo.clear()
            return
        self._undo.append((copy.deepcopy(self.raw), label))
        del self._undo[:-UNDO_LIMIT]
        self._redo.clear()

    def set(self, where: Where, value: Any) -> None:
        """Set a field; None or "" removes an optional one."""
        if self.get(where) == value and value is not None:
            return
        *parents, key = where
        node: Any = self.raw
        for part in parents:
            node = node[part]
        if value is None or value == "":
            if isinstance(node, dict) and key in node:
                self._remember(f"edit {where}")
                del node[key]
            return
        self._remember(f"edit {where}")
        node[key] = value

    def add_step(self, kind: str, at: int | None = None) -> int:
        at = len(self.steps) if at is None else at
        self._remember("add")
        self.steps.insert(at, copy.deepcopy(STEP_DEFAULTS[kind]))
        return at

    def remove_step(self, i: int) -> None:
        self._remember("remove")
        del self.steps[i]

    def duplicate_step(self, i: int) -> int:
        self._remember("duplicate")
        self.steps.insert(i + 1, copy.deepcopy(self.steps[i]))
        return i + 1

    def move_step(self, i: int, to: int) -> None:
        if i == to or not (0 <= to < len(self.steps)):
            return
        self._remember("move")
        self.steps.insert(to, self.steps.pop(i))

    def change_type(self, i: int, kind: str) -> None:
        """A step of another type keeps its name and spoken text."""
        old = self.steps[i]
        new = copy.deepcopy(STEP_DEFAULTS[kind])
        for key in ("name", "say", "figure"):
            if key in old and (key != "figure" or kind in ("stretch", "move", "tense")):
                new[key] = old[key]
        if kind == "say" and "say" not in new:
            new["say"] = old.get("name", "Something to say.")
        self._remember("type")
        self.steps[i] = new

    # -- undo -----------------------------------------------------------------------------
    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo(self) -> None:
        if self._undo:
            state, label = self._undo.pop()
            self._redo.append((copy.deepcopy(self.raw), label))
            self.raw = state

    def redo(self) -> None:
        if self._redo:
            state, label = self._redo.pop()
            self._undo.append((copy.deepcopy(self.raw), "redone " + label))
            self.raw = state

    def break_typing(self) -> None:
        """The next keystroke starts a new undo step (focus moved to another field)."""
        if self._undo:
            state, label = self._undo[-1]
            self._undo[-1] = (state, "done " + label)

    # -- checking -------------------------------------------------------------------------
    def check(self, *, timing: Timing | None = None, measure: Measure | None = None) -> CheckResult:
        """The same checks and messages as ``crampcoach validate`` on what is typed now."""
        from crampcoach.core.loader import load_routine_text

        text = dump_new(self.raw)
        path = self.path or Path("untitled.yaml")
        loaded = load_routine_text(text, path, timing=timing, measure=measure)
        if loaded.ok:
            return CheckResult(loaded.diagnostics, loaded.routine, loaded.timeline, text)
        return CheckResult(loaded.diagnostics, None, None, text)
