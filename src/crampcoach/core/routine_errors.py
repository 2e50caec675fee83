"""Explaining a routine file's mistakes: the report that places each message at its line
and column, and plain-language messages for what the routine model rejected."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from crampcoach.core.diagnostics import Diagnostic, Severity
from crampcoach.core.routine import (
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
from crampcoach.core.yamlsource import Located, Position

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


class Report:
    """Diagnostics of one file, each placed at the YAML node it is about."""

    def __init__(self, path: Path, located: Located | None = None) -> None:
        self.path = path
        self.located = located
        self.items: list[Diagnostic] = []

    def add(
        self,
        severity: Severity,
        message: str,
        position: Position | None,
        where: tuple[str | int, ...] = (),
    ) -> None:
        line, column = (position.line, position.column) if position else (0, 0)
        self.items.append(Diagnostic(self.path, line, column, severity, message, where))

    def error(self, message: str, where: tuple[str | int, ...] = (), *, key: bool = False) -> None:
        position = self.located.where(where, key=key) if self.located else None
        self.add(Severity.ERROR, message, position, where)

    def warning(
        self, message: str, where: tuple[str | int, ...] = (), *, key: bool = False
    ) -> None:
        position = self.located.where(where, key=key) if self.located else None
        self.add(Severity.WARNING, message, position, where)


def _raw_path(loc: tuple[int | str, ...], raw: Any) -> tuple[str | int, ...]:
    """Map a pydantic location onto the document, dropping union tags it inserts."""
    path: list[str | int] = []
    node = raw
    tagged = False
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            if _is_step(path) and node.get("type") == part and not tagged:
                tagged = True  # the tag pydantic adds for step unions (`tense` is also a key)
                continue
            if part in node:
                node = node[part]
                path.append(part)
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


def _is_step(path: list[str | int]) -> bool:
    return len(path) == 2 and path[0] == "steps" and isinstance(path[1], int)


def _model_at(path: tuple[str | int, ...], raw: Any) -> type[BaseModel] | None:
    """Which model governs the mapping at ``path`` (for listing its allowed keys)."""
    if path == ():
        return Routine
    if path == ("defaults",):
        return Defaults
    if len(path) == 2 and path[0] == "steps":
        step = get(raw, path)
        return _STEP_MODELS.get(str(step.get("type"))) if isinstance(step, dict) else None
    if len(path) == 4 and path[0] == "steps" and path[2] == "cues":
        return TimedCue
    return None


def get(raw: Any, path: tuple[str | int, ...]) -> Any:
    node = raw
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def label(path: tuple[str | int, ...], raw: Any) -> str:
    """'step 3 (Calf stretch), cue 1: at' style names for a path."""
    context: list[str] = []
    keys: list[str] = []
    i = 0
    while i < len(path):
        part = path[i]
        nxt = path[i + 1] if i + 1 < len(path) else None
        if part == "steps" and isinstance(nxt, int):
            step = get(raw, ("steps", nxt))
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


def describe(value: Any) -> str:
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


def explain(report: Report, raw: Any, err: Any) -> None:
    path = _raw_path(tuple(err["loc"]), raw)
    kind: str = err["type"]
    ctx: dict[str, Any] = err.get("ctx") or {}
    value = err.get("input")
    where = label(path, raw)
    unit = _unit(path)

    if kind == "extra_forbidden":
        key = str(path[-1])
        parent = path[:-1]
        model = _model_at(parent, raw)
        allowed = list(model.model_fields) if model else []
        message = f"{label(parent, raw)}: unknown key {key!r}{_suggest(key, allowed)}"
        owners = [t for t, m in _STEP_MODELS.items() if key in m.model_fields]
        if model in _STEP_MODELS.values() and owners and not _suggest(key, allowed):
            message += f"; it belongs to {' and '.join(owners)} steps"
        if _looks_like_split_text(report, raw, path):
            message += "; inside { }, text that contains a comma must be put in quotes"
        report.error(message, path, key=True)
    elif kind == "missing":
        report.error(f"{label(path[:-1], raw)}: missing required key {path[-1]!r}", path)
    elif kind == "union_tag_invalid":
        tag = str(ctx.get("tag", value))
        report.error(
            f"{where}: unknown step type {tag!r}{_suggest(tag, STEP_TYPES)}; "
            f"expected one of {', '.join(STEP_TYPES)}",
            (*path, "type"),
        )
    elif kind == "union_tag_not_found":
        report.error(f"{where}: missing required key 'type' (one of {', '.join(STEP_TYPES)})", path)
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        report.error(f"{where}: expected a mapping of keys, found {describe(value)}", path)
    elif kind == "list_type":
        report.error(f"{where}: expected a list, found {describe(value)}", path)
    elif kind in ("int_type", "int_from_float"):
        report.error(f"{where}: expected a whole number, found {describe(value)}", path)
    elif kind == "float_type":
        report.error(
            f"{where}: expected a number{unit and ' of' + unit}, found {describe(value)}", path
        )
    elif kind == "finite_number":
        report.error(f"{where}: expected a finite number, found {value}", path)
    elif kind == "string_type":
        report.error(f"{where}: expected text, found {describe(value)}", path)
    elif kind == "bool_type":
        report.error(f"{where}: expected true or false, found {describe(value)}", path)
    elif kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bound = ctx.get("ge", ctx.get("gt", ctx.get("le", ctx.get("lt"))))
        word = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }[kind]
        report.error(f"{where}: must be {word} {plain(bound)}{unit}, found {plain(value)}", path)
    elif kind == "string_too_short":
        report.error(f"{where}: must not be empty", path)
    elif kind == "string_too_long":
        report.error(
            f"{where}: must be at most {ctx.get('max_length')} characters, "
            f"found {len(value) if isinstance(value, str) else '?'}",
            path,
        )
    elif kind == "too_short":
        what = "at least one step" if path == ("steps",) else f"at least {ctx.get('min_length')}"
        report.error(f"{where}: must contain {what}", path)
    elif kind == "too_long":
        report.error(f"{where}: must contain at most {ctx.get('max_length')} items", path)
    elif kind == "string_pattern_mismatch":
        report.error(
            f"{where}: {value!r} may contain only a-z, 0-9 and single '-' between "
            "them (e.g. calf-cramp-relief)",
            path,
        )
    elif kind in ("literal_error", "enum"):
        if path == ("format",):
            report.error(
                f"format: this version of CrampCoach reads routine format 1, found {plain(value)}",
                path,
            )
        else:
            expected = str(ctx.get("expected", "")).replace("'", "")
            choices = [c.strip() for c in expected.replace(" or ", ",").split(",") if c.strip()]
            hint = _suggest(value, choices) if isinstance(value, str) else ""
            report.error(
                f"{where}: must be one of {', '.join(choices)}, found {describe(value)}{hint}",
                path,
            )
    else:
        report.error(f"{where}: {err.get('msg', 'invalid value')}", path)


def _looks_like_split_text(report: Report, raw: Any, path: tuple[str | int, ...]) -> bool:
    """A valueless key on its mapping's own line: likely `{say: a, b}` split at the comma."""
    if get(raw, path) is not None or report.located is None:
        return False
    key_at = report.located.position_of(path, key=True)
    parent_at = report.located.position_of(path[:-1])
    return key_at is not None and parent_at is not None and key_at.line == parent_at.line


def plain(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# -- checks that need the whole routine -----------------------------------------------
