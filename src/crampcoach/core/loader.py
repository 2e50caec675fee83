"""Load and validate routine files, explaining every mistake with its line and column.

People write routines by hand, so the validator reports *all* problems at once in
compiler style, suggests the key they probably meant, and never lets a bad file raise.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from crampcoach.core.diagnostics import Diagnostic, Severity, has_errors
from crampcoach.core.routine import (
    MAX_ROUTINE_SECONDS,
    STEP_TYPES,
    BreatheStep,
    Defaults,
    MoveStep,
    RestStep,
    Routine,
    SayStep,
    StretchStep,
    TenseStep,
    TimedCue,
)
from crampcoach.core.speaking import DEFAULT_WPM, estimate_seconds
from crampcoach.core.timeline import Timeline, build_timeline
from crampcoach.core.yamlsource import MAX_FILE_BYTES, Located, Position, YamlProblem, decode, parse

ROUTINE_SUFFIXES = (".yaml", ".yml")
SPEECH_TOLERANCE = 0.25  # seconds a line may run into the next cue before we warn

_STEP_MODELS: dict[str, type[BaseModel]] = {
    "stretch": StretchStep,
    "move": MoveStep,
    "breathe": BreatheStep,
    "tense": TenseStep,
    "rest": RestStep,
    "say": SayStep,
}
_SECONDS_KEYS = {
    "duration",
    "prepare",
    "switch",
    "inhale",
    "hold",
    "exhale",
    "hold_out",
    "tense",
    "relax",
    "tempo",
    "at",
}


@dataclass
class LoadedRoutine:
    """The outcome of reading one file: a routine when it is valid, and what was found."""

    path: Path
    routine: Routine | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    timeline: Timeline | None = None
    id_position: Position = field(default_factory=lambda: Position(1, 1))

    @property
    def ok(self) -> bool:
        return self.routine is not None and not has_errors(self.diagnostics)


class _Report:
    def __init__(self, path: Path, located: Located | None = None) -> None:
        self.path = path
        self.located = located
        self.items: list[Diagnostic] = []

    def add(self, severity: Severity, message: str, position: Position | None) -> None:
        line, column = (position.line, position.column) if position else (0, 0)
        self.items.append(Diagnostic(self.path, line, column, severity, message))

    def error(self, message: str, where: tuple[str | int, ...] = (), *, key: bool = False) -> None:
        position = self.located.where(where, key=key) if self.located else None
        self.add(Severity.ERROR, message, position)

    def warning(
        self, message: str, where: tuple[str | int, ...] = (), *, key: bool = False
    ) -> None:
        position = self.located.where(where, key=key) if self.located else None
        self.add(Severity.WARNING, message, position)


def load_routine_file(path: Path | str, *, wpm: float = DEFAULT_WPM) -> LoadedRoutine:
    """Read, parse and validate one routine file; never raises for a bad file."""
    path = Path(path)
    report = _Report(path)
    result = LoadedRoutine(path, None, report.items)
    data = _read(path, report)
    if data is None:
        return result
    try:
        located = parse(decode(data))
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
        report.error(f"a routine file must be a mapping of keys, not {_describe(raw)}")
        return result
    result.id_position = located.where(("id",))
    try:
        routine = Routine.model_validate(raw)
    except ValidationError as exc:
        for err in exc.errors():
            _explain(report, raw, err)
        _sort(report.items)
        return result
    timeline = _check(report, routine, raw, path, wpm)
    _sort(report.items)
    if not has_errors(report.items):
        result.routine = routine
        result.timeline = timeline
    return result


def validate_paths(paths: Iterable[Path | str], *, wpm: float = DEFAULT_WPM) -> list[LoadedRoutine]:
    """Validate several files together, which also catches ids used twice."""
    results = [load_routine_file(p, wpm=wpm) for p in paths]
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
        found.extend(
            Path(root) / f for f in files if f.endswith(ROUTINE_SUFFIXES) and not f.startswith(".")
        )
    return sorted(found)


# -- reading --------------------------------------------------------------------------
def _read(path: Path, report: _Report) -> bytes | None:
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


# -- explaining model errors ------------------------------------------------------------
def _raw_path(loc: tuple[int | str, ...], raw: Any) -> tuple[str | int, ...]:
    """Map a pydantic location onto the document, dropping union tags it inserts."""
    path: list[str | int] = []
    node = raw
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            if part in node:
                node = node[part]
                path.append(part)
            elif node.get("type") == part:
                continue  # the discriminator tag pydantic adds for step unions
            else:
                path.append(part)
                node = None
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
        else:
            path.append(part)
            node = None
    return tuple(path)


def _model_at(path: tuple[str | int, ...], raw: Any) -> type[BaseModel] | None:
    """Which model governs the mapping at ``path`` (for listing its allowed keys)."""
    if path == ():
        return Routine
    if path == ("defaults",):
        return Defaults
    if len(path) == 2 and path[0] == "steps":
        step = _get(raw, path)
        return _STEP_MODELS.get(str(step.get("type"))) if isinstance(step, dict) else None
    if len(path) == 4 and path[0] == "steps" and path[2] == "cues":
        return TimedCue
    return None


def _get(raw: Any, path: tuple[str | int, ...]) -> Any:
    node = raw
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _label(path: tuple[str | int, ...], raw: Any) -> str:
    """'step 3 (Calf stretch), cue 1: at' style names for a path."""
    context: list[str] = []
    keys: list[str] = []
    i = 0
    while i < len(path):
        part = path[i]
        nxt = path[i + 1] if i + 1 < len(path) else None
        if part == "steps" and isinstance(nxt, int):
            step = _get(raw, ("steps", nxt))
            name = step.get("name") if isinstance(step, dict) else None
            context.append(f"step {nxt + 1}" + (f" ({name})" if isinstance(name, str) else ""))
            keys = []
            i += 2
        elif part == "cues" and isinstance(nxt, int):
            context.append(f"cue {nxt + 1}")
            keys = []
            i += 2
        elif isinstance(part, int):
            keys.append(f"item {part + 1}")
            i += 1
        else:
            keys.append(str(part))
            i += 1
    if not context and not keys:
        return "routine"
    head = ", ".join(context)
    tail = ".".join(keys)
    return f"{head}: {tail}" if head and tail else head or tail


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _unit(path: tuple[str | int, ...]) -> str:
    return " seconds" if path and path[-1] in _SECONDS_KEYS else ""


def _explain(report: _Report, raw: Any, err: Any) -> None:
    path = _raw_path(tuple(err["loc"]), raw)
    kind: str = err["type"]
    ctx: dict[str, Any] = err.get("ctx") or {}
    value = err.get("input")
    label = _label(path, raw)
    unit = _unit(path)

    if kind == "extra_forbidden":
        key = str(path[-1])
        parent = path[:-1]
        model = _model_at(parent, raw)
        allowed = list(model.model_fields) if model else []
        message = f"{_label(parent, raw)}: unknown key {key!r}{_suggest(key, allowed)}"
        owners = [t for t, m in _STEP_MODELS.items() if key in m.model_fields]
        if model in _STEP_MODELS.values() and owners and not _suggest(key, allowed):
            message += f"; it belongs to {' and '.join(owners)} steps"
        if _looks_like_split_text(report, raw, path):
            message += "; inside { }, text that contains a comma must be put in quotes"
        report.error(message, path, key=True)
    elif kind == "missing":
        report.error(f"{_label(path[:-1], raw)}: missing required key {path[-1]!r}", path)
    elif kind == "union_tag_invalid":
        tag = str(ctx.get("tag", value))
        report.error(
            f"{label}: unknown step type {tag!r}{_suggest(tag, STEP_TYPES)}; "
            f"expected one of {', '.join(STEP_TYPES)}",
            (*path, "type"),
        )
    elif kind == "union_tag_not_found":
        report.error(f"{label}: missing required key 'type' (one of {', '.join(STEP_TYPES)})", path)
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        report.error(f"{label}: expected a mapping of keys, found {_describe(value)}", path)
    elif kind == "list_type":
        report.error(f"{label}: expected a list, found {_describe(value)}", path)
    elif kind in ("int_type", "int_from_float"):
        report.error(f"{label}: expected a whole number, found {_describe(value)}", path)
    elif kind == "float_type":
        report.error(
            f"{label}: expected a number{unit and ' of' + unit}, found {_describe(value)}", path
        )
    elif kind == "finite_number":
        report.error(f"{label}: expected a finite number, found {value}", path)
    elif kind == "string_type":
        report.error(f"{label}: expected text, found {_describe(value)}", path)
    elif kind == "bool_type":
        report.error(f"{label}: expected true or false, found {_describe(value)}", path)
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        word = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }[kind]
        report.error(f"{label}: must be {word} {_plain(bound)}{unit}, found {_plain(value)}", path)
    elif kind == "string_too_short":
        report.error(f"{label}: must not be empty", path)
    elif kind == "string_too_long":
        report.error(
            f"{label}: must be at most {ctx.get('max_length')} characters, "
            f"found {len(value) if isinstance(value, str) else '?'}",
            path,
        )
    elif kind == "too_short":
        what = "at least one step" if path == ("steps",) else f"at least {ctx.get('min_length')}"
        report.error(f"{label}: must contain {what}", path)
    elif kind == "too_long":
        report.error(f"{label}: must contain at most {ctx.get('max_length')} items", path)
    elif kind == "string_pattern_mismatch":
        report.error(
            f"{label}: {value!r} may contain only a-z, 0-9 and single '-' between "
            "them (e.g. calf-cramp-relief)",
            path,
        )
    elif kind in ("literal_error", "enum"):
        if path == ("format",):
            report.error(
                f"format: this version of CrampCoach reads routine format 1, found {_plain(value)}",
                path,
            )
        else:
            expected = str(ctx.get("expected", "")).replace("'", "")
            choices = [c.strip() for c in expected.replace(" or ", ",").split(",") if c.strip()]
            hint = _suggest(value, choices) if isinstance(value, str) else ""
            report.error(
                f"{label}: must be one of {', '.join(choices)}, found {_describe(value)}{hint}",
                path,
            )
    else:
        report.error(f"{label}: {err.get('msg', 'invalid value')}", path)


def _looks_like_split_text(report: _Report, raw: Any, path: tuple[str | int, ...]) -> bool:
    """A valueless key on its mapping's own line: likely `{say: a, b}` split at the comma."""
    if _get(raw, path) is not None or report.located is None:
        return False
    key_at = report.located.position_of(path, key=True)
    parent_at = report.located.position_of(path[:-1])
    return key_at is not None and parent_at is not None and key_at.line == parent_at.line


def _plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# -- checks that need the whole routine -----------------------------------------------
def _check(
    report: _Report, routine: Routine, raw: dict[str, Any], path: Path, wpm: float
) -> Timeline:
    for i, step in enumerate(routine.steps):
        where = ("steps", i)
        label = _label(where, raw)
        if isinstance(step, BreatheStep):
            if step.cycles is not None and step.duration is not None:
                report.error(
                    f"{label}: give either 'cycles' or 'duration', not both",
                    (*where, "duration"),
                    key=True,
                )
            elif step.cycles is None and step.duration is None:
                report.error(f"{label}: missing 'cycles' (or 'duration' in seconds)", where)
            elif step.duration is not None and step.duration < step.cycle_seconds:
                report.warning(
                    f"{label}: duration {_plain(step.duration)} s is shorter than one "
                    f"breath cycle ({_plain(step.cycle_seconds)} s); one whole cycle "
                    "will play",
                    (*where, "duration"),
                )
        hold = _hold_seconds(step)
        for j, cue in enumerate(getattr(step, "cues", ())):
            if cue.at >= hold:
                report.error(
                    f"{_label((*where, 'cues', j), raw)}: 'at' {_plain(cue.at)} s is not "
                    f"inside the {_plain(hold)} s the step lasts",
                    (*where, "cues", j, "at"),
                )
        if step.image is not None:
            _check_image(report, step.image, path, label, (*where, "image"))
    timeline = build_timeline(routine)
    if timeline.duration > MAX_ROUTINE_SECONDS:
        report.error(
            f"routine: lasts {_clock(timeline.duration)}, more than the "
            f"{MAX_ROUTINE_SECONDS // 3600} hours a routine may last",
            ("steps",),
            key=True,
        )
    _check_speech(report, timeline, raw, wpm)
    return timeline


def _hold_seconds(step: object) -> float:
    if isinstance(step, (StretchStep, RestStep)):
        return step.duration
    if isinstance(step, MoveStep):
        return step.reps * step.tempo
    return float("inf")


def _check_image(
    report: _Report, image: str, routine_path: Path, label: str, where: tuple[str | int, ...]
) -> None:
    folder = routine_path.resolve().parent
    candidate = Path(image)
    if candidate.is_absolute():
        report.error(
            f"{label}: image must be a path relative to the routine file, found {image!r}", where
        )
        return
    target = (folder / candidate).resolve()
    if not target.is_relative_to(folder):
        report.error(f"{label}: image {image!r} points outside the routine's folder", where)
    elif not target.is_file():
        report.error(f"{label}: image {image!r} does not exist (looked in {folder})", where)


def _check_speech(report: _Report, timeline: Timeline, raw: dict[str, Any], wpm: float) -> None:
    """Warn when what is said at a moment cannot be finished before the next cue."""
    cues = timeline.cues
    warned: set[tuple[int | None, str]] = set()
    i = 0
    while i < len(cues):
        j = i
        while j < len(cues) and cues[j].t == cues[i].t:
            j += 1
        if j >= len(cues):
            break
        gap = cues[j].t - cues[i].t
        text = " ".join(c.text for c in cues[i:j])
        if len(text) < gap * wpm * 0.05:  # under ~3 characters per word: surely fits
            i = j
            continue
        needed = estimate_seconds(text, wpm)
        step = cues[i].step
        if needed > gap + SPEECH_TOLERANCE and (step, text) not in warned:
            warned.add((step, text))
            where: tuple[str | int, ...] = ("steps", step) if step is not None else ()
            if step is not None and isinstance(_get(raw, where), dict):
                for key in ("say", "name"):
                    if key in raw["steps"][step]:
                        where = (*where, key)
                        break
            report.warning(
                f"{_label(('steps', step) if step is not None else (), raw)}: "
                f"{text[:50] + ('...' if len(text) > 50 else '')!r} takes about "
                f"{needed:.1f} s to say at {_plain(wpm)} words/min, but the next cue comes "
                f"{_plain(round(gap, 2))} s later; shorten the text or give it more time "
                "(e.g. a longer 'prepare')",
                where,
            )
        i = j


def _clock(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


def _sort(items: list[Diagnostic]) -> None:
    items.sort(key=lambda d: (d.line, d.column))
