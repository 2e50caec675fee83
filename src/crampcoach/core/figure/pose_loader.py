"""Read and check one pose file, reporting every mistake at its line and column (the same
``PATH:LINE:COL: error:`` shape as routine files), then solve its contacts and lay out its
props. A pose that names another (``mirror:``) is finished by the library (library.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crampcoach.core.diagnostics import Diagnostic, Severity
from crampcoach.core.figure import body as B
from crampcoach.core.figure.contact_checks import (
    DEFAULT_SUPPORT,
    Where,
    label,
    read_contacts,
    suggest,
)
from crampcoach.core.figure.muscles import MUSCLES
from crampcoach.core.figure.pose import (
    LAYERS,
    POSE_FORMAT,
    PROPS,
    STRAPS,
    Angles,
    Contact,
    Highlight,
    Strap,
)
from crampcoach.core.routine_errors import Report, describe
from crampcoach.core.yamlsource import MAX_FILE_BYTES, Position, YamlProblem, decode, parse

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
KEYS = (
    "format",
    "id",
    "title",
    "view",
    "props",
    "muscles",
    "support",
    "contacts",
    "start",
    "frames",
    "reps_per_cycle",
    "order",
    "mirror",
)
MIRROR_KEYS = ("format", "id", "title", "mirror")
MAX_FRAMES = 12


@dataclass
class Draft:
    """A pose file read and checked, before its contacts are solved."""

    id: str
    title: str
    view: B.View = "side"
    props: tuple[str, ...] = ()
    strap: Strap | None = None
    muscles: tuple[Highlight, ...] = ()
    support: Contact = DEFAULT_SUPPORT
    contacts: tuple[Contact, ...] = ()
    contact_at: tuple[Where, ...] = ()
    start: Angles | None = None
    frames: tuple[Angles, ...] = ()
    reps_per_cycle: int = 1
    order: tuple[str, ...] = LAYERS
    mirror: str | None = None


@dataclass
class PoseFile:
    path: Path
    draft: Draft | None = None
    report: Report = field(init=False)

    def __post_init__(self) -> None:
        self.report = Report(self.path)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.report.items


def read_pose_file(path: Path) -> PoseFile:
    """Read and check ``path``; ``draft`` is None when it has errors. Never raises."""
    result = PoseFile(path)
    report = result.report
    try:
        data = path.read_bytes()[: MAX_FILE_BYTES + 1]
        if len(data) > MAX_FILE_BYTES:
            raise YamlProblem(f"the file is larger than {MAX_FILE_BYTES // 1024} KiB")
        located = parse(decode(data))
    except OSError as exc:
        report.add(Severity.ERROR, f"cannot read the file: {exc.strerror or exc}", None)
        return result
    except YamlProblem as problem:
        report.add(Severity.ERROR, problem.message, problem.position or Position(1, 1))
        return result
    report.located = located
    raw = located.value
    if not isinstance(raw, dict):
        report.error(f"a pose file must be a mapping of keys, not {describe(raw)}")
        return result
    draft = _Checker(report, raw, path).draft()
    if not any(d.is_error for d in report.items):
        result.draft = draft
    return result


class _Checker:
    def __init__(self, report: Report, raw: dict[str, Any], path: Path) -> None:
        self.report, self.raw, self.path = report, raw, path

    def error(self, message: str, where: Where = (), *, key: bool = False) -> None:
        self.report.error(message, where, key=key)

    def draft(self) -> Draft:
        raw = self.raw
        allowed = MIRROR_KEYS if "mirror" in raw else KEYS
        for key in raw:
            if key not in allowed:
                hint = suggest(key, allowed)
                if not hint and key in KEYS:
                    hint = "; a mirrored pose takes only format, id, title and mirror"
                self.error(f"unknown key {key!r}{hint}", (key,), key=True)
        for key in ("format", "id", "title") + (("frames",) if "mirror" not in raw else ()):
            if key not in raw:
                self.error(f"missing required key {key!r}")
        if "format" in raw and raw["format"] != POSE_FORMAT:
            self.error(
                f"format: this version reads pose format 1, found {describe(raw['format'])}",
                ("format",),
            )
        pose_id = self._text("id", 64)
        if pose_id and not ID.match(pose_id):
            self.error(
                f"id: {pose_id!r} may contain only a-z, 0-9 and single '-' between them", ("id",)
            )
        elif pose_id and pose_id != self.path.stem:
            self.error(f"id: {pose_id!r} must match the file name ({self.path.name})", ("id",))
        draft = Draft(pose_id, self._text("title", 80))
        if "mirror" in raw:
            draft.mirror = self._text("mirror", 64)
            return draft
        draft.view = self._choice("view", B.VIEWS, "side")  # type: ignore[assignment]
        self._props(draft)
        draft.muscles = self._muscles(draft.view)
        count = raw.get("reps_per_cycle", 1)
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 4:
            self.error(
                f"reps_per_cycle: expected a whole number from 1 to 4, found {describe(count)}",
                ("reps_per_cycle",),
            )
        else:
            draft.reps_per_cycle = count
        if "order" in raw:
            order = raw["order"]
            if (
                draft.view != "side"
                or not isinstance(order, list)
                or sorted(map(str, order)) != sorted(LAYERS)
            ):
                self.error(
                    "order: the side view's layers from back to front, each once: "
                    + ", ".join(LAYERS),
                    ("order",),
                )
            else:
                draft.order = tuple(str(layer) for layer in order)
        frames = raw.get("frames")
        if not isinstance(frames, list) or not 1 <= len(frames) <= MAX_FRAMES:
            if "frames" in raw:
                self.error(f"frames: expected a list of 1 to {MAX_FRAMES} key frames", ("frames",))
            frames = []
        names = B.angle_names(draft.view)
        # Each key frame changes what the one before it says; the first starts from standing.
        chain: list[Angles] = []
        for i, frame in enumerate(frames):
            base = chain[-1] if chain else dict.fromkeys(names, 0.0)
            chain.append(self._angles(frame, ("frames", i), draft.view, base))
        draft.frames = tuple(chain)
        first = chain[0] if chain else {}
        if "start" in raw:
            draft.start = self._angles(raw["start"], ("start",), draft.view, first)
        found = read_contacts(self.report, raw, draft.view, len(frames))
        draft.support, draft.contacts, draft.contact_at = found
        return draft

    # -- plain values ---------------------------------------------------------------
    def _text(self, key: str, longest: int) -> str:
        value = self.raw.get(key)
        if key in self.raw and (not isinstance(value, str) or not 1 <= len(value) <= longest):
            self.error(
                f"{key}: expected text of 1 to {longest} characters, found {describe(value)}",
                (key,),
            )
            return ""
        return value if isinstance(value, str) else ""

    def _choice(
        self, key: str, choices: Iterable[str], default: str, where: Where | None = None
    ) -> str:
        where = where or (key,)
        value = self.raw.get(key, default) if where == (key,) else default
        if not isinstance(value, str) or value not in choices:
            hint = suggest(value, choices) if isinstance(value, str) else ""
            self.error(
                f"{key}: must be one of {', '.join(choices)}, found {describe(value)}{hint}", where
            )
            return default
        return value

    # -- props and muscles ----------------------------------------------------------
    def _props(self, draft: Draft) -> None:
        props = self.raw.get("props", [])
        if not isinstance(props, list):
            self.error(f"props: expected a list, found {describe(props)}", ("props",))
            return
        plain: list[str] = []
        for i, prop in enumerate(props):
            where: Where = ("props", i)
            if isinstance(prop, dict) and len(prop) == 1:
                ((kind, foot),) = prop.items()
                feet = ("left-foot", "right-foot")
                if kind not in STRAPS:
                    self.error(
                        f"props: {kind!r} is not a towel or strap{suggest(kind, STRAPS)}", where
                    )
                elif foot not in feet:
                    self.error(
                        f"props: a {kind} goes around left-foot or right-foot, "
                        f"found {describe(foot)}",
                        (*where, kind),
                    )
                elif draft.view != "side":
                    self.error(f"props: a {kind} can only be drawn in the side view", where)
                else:
                    draft.strap = Strap(kind, "left" if foot == "left-foot" else "right")
            elif isinstance(prop, str) and prop in PROPS and prop not in STRAPS:
                plain.append(prop)
            elif isinstance(prop, str) and prop in STRAPS:
                self.error(
                    f"props: say which foot the {prop} goes around: {{{prop}: left-foot}}", where
                )
            else:
                hint = suggest(prop, PROPS) if isinstance(prop, str) else ""
                self.error(
                    f"props: unknown prop {describe(prop)}{hint}; expected {', '.join(PROPS)}",
                    where,
                )
        draft.props = tuple(plain)

    def _muscles(self, view: B.View) -> tuple[Highlight, ...]:
        items = self.raw.get("muscles", [])
        if not isinstance(items, list):
            self.error(f"muscles: expected a list, found {describe(items)}", ("muscles",))
            return ()
        marks: list[Highlight] = []
        for i, item in enumerate(items):
            where: Where = ("muscles", i)
            words = item.split() if isinstance(item, str) else []
            side = words[0] if len(words) == 2 else None
            name = words[-1] if words else ""
            known = [
                *(m for m in MUSCLES),
                *(f"{s} {m}" for m in MUSCLES for s in (*B.SIDES, "both")),
            ]
            muscle = MUSCLES.get(name)
            if not 1 <= len(words) <= 2 or muscle is None or side not in (None, *B.SIDES, "both"):
                self.error(
                    f"muscles: unknown muscle {describe(item)}{suggest(str(item), known)}", where
                )
            elif muscle.sided and side is None:
                self.error(
                    f"muscles: say which side: 'left {name}', 'right {name}' or 'both {name}'",
                    where,
                )
            elif not muscle.sided and side is not None:
                self.error(f"muscles: {name!r} has no sides; write just {name!r}", where)
            elif view not in muscle.regions:
                seen = " or ".join(v for v in B.VIEWS if v in muscle.regions)
                self.error(
                    f"muscles: the {muscle.name} cannot be seen in the {view} view (only {seen})",
                    where,
                )
            else:
                sides = B.SIDES if side == "both" else (side,)
                marks += [Highlight(name, s) for s in sides]  # type: ignore[arg-type]
        return tuple(marks)

    # -- angles ---------------------------------------------------------------------
    def _angles(self, value: Any, where: Where, view: B.View, base: Angles) -> Angles:
        name_of = label(where)
        angles = dict(base)
        if not isinstance(value, dict):
            self.error(
                f"{name_of}: expected a mapping of joint angles, found {describe(value)}", where
            )
            return angles
        names = B.angle_names(view)
        for name, degrees in value.items():
            at = (*where, name)
            if name not in names:
                self.error(
                    f"{name_of}: unknown joint angle {name!r}{suggest(name, names)} "
                    f"in the {view} view",
                    at,
                    key=True,
                )
            elif not isinstance(degrees, (int, float)) or isinstance(degrees, bool):
                self.error(
                    f"{name_of}: {name}: expected a number of degrees, found {describe(degrees)}",
                    at,
                )
            else:
                low, high = B.angle_range(view, name)
                if not low <= degrees <= high:
                    self.error(
                        f"{name_of}: {name}: {degrees} degrees is outside {low:g} to {high:g}", at
                    )
                angles[name] = float(degrees)
        return angles
