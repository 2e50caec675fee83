"""Reading a pose's ``support`` and ``contacts``: which part rests on which surface, or
which hand or ankle holds which point of the body, and in which key frames."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from crampcoach.core.figure import body as B
from crampcoach.core.figure.pose import START, SURFACE_HEIGHT, SURFACES, Contact
from crampcoach.core.routine_errors import Report, describe

DEFAULT_SUPPORT = Contact(("left-sole", "right-sole"), "floor")
Where = tuple[str | int, ...]


def suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def label(where: Where) -> str:
    """'frame 2', 'contact 1', 'support' for a place in a pose file."""
    if len(where) >= 2 and isinstance(where[1], int):
        names = {"frames": "frame", "contacts": "contact", "props": "prop", "muscles": "muscle"}
        return f"{names.get(str(where[0]), where[0])} {where[1] + 1}"
    return str(where[0]) if where else "pose"


def read_contacts(
    report: Report, raw: dict[str, Any], view: B.View, frames: int
) -> tuple[Contact, tuple[Contact, ...], tuple[Where, ...]]:
    """(support, contacts, where each contact is written), reporting every mistake."""
    reader = _Reader(report, frames)
    support = DEFAULT_SUPPORT
    if "support" in raw:
        support = reader.contact(raw["support"], ("support",), support=True) or DEFAULT_SUPPORT
    items = raw.get("contacts", [])
    if not isinstance(items, list):
        report.error(f"contacts: expected a list, found {describe(items)}", ("contacts",))
        return support, (), ()
    found: list[Contact] = []
    places: list[Where] = []
    for i, item in enumerate(items):
        contact = reader.contact(item, ("contacts", i), support=False)
        if contact is not None:
            found.append(contact)
            places.append(("contacts", i))
    if view != "side" and found:
        report.error(
            "contacts: front and back views stand on their feet; only 'support' is used",
            ("contacts",),
            key=True,
        )
    return support, tuple(found), tuple(places)


class _Reader:
    def __init__(self, report: Report, frames: int) -> None:
        self.report, self.frames = report, frames

    def error(self, message: str, where: Where = (), *, key: bool = False) -> None:
        self.report.error(message, where, key=key)

    def contact(self, value: Any, where: Where, *, support: bool) -> Contact | None:
        label_ = label(where)
        if not isinstance(value, dict):
            self.error(
                f"{label_}: expected a mapping like {{part: left-sole, on: floor}}, "
                f"found {describe(value)}",
                where,
            )
            return None
        allowed = ("part", "on") if support else ("part", "on", "frames")
        for key in value:
            if key not in allowed:
                self.error(
                    f"{label_}: unknown key {key!r}{suggest(key, allowed)}", (*where, key), key=True
                )
        for key in ("part", "on"):
            if key not in value:
                self.error(f"{label_}: missing required key {key!r}", where)
        parts = value.get("part")
        names = parts if isinstance(parts, list) and support else [parts]
        on = value.get("on")
        holders = B.holder_parts()
        ok = "part" in value and "on" in value
        for j, name in enumerate(names):
            at = (*where, "part", j) if isinstance(parts, list) else (*where, "part")
            valid = B.contact_parts() + (() if support else holders)
            if not isinstance(name, str) or name not in valid:
                hint = suggest(name, valid) if isinstance(name, str) else ""
                self.error(f"{label_}: unknown part {describe(name)}{hint}", at)
                ok = False
        targets = (*SURFACE_HEIGHT,) if support else (*SURFACES, *B.hold_targets())
        if "on" in value and (not isinstance(on, str) or on not in targets):
            hint = suggest(on, targets) if isinstance(on, str) else ""
            extra = (
                " (the support stands on floor, mat, chair, step or bed)"
                if support and on == "wall"
                else ""
            )
            self.error(f"{label_}: on: unknown place {describe(on)}{hint}{extra}", (*where, "on"))
            ok = False
        if ok and isinstance(on, str) and on in B.hold_targets() and names[0] not in holders:
            self.error(
                f"{label_}: only a hand or an ankle can hold {on}; {names[0]} rests on a surface",
                (*where, "part"),
            )
            ok = False
        if (
            ok
            and isinstance(on, str)
            and on in SURFACES
            and names[0] in holders
            and names[0].endswith("ankle")
        ):
            self.error(
                f"{label_}: an ankle rests on a part of the body; use a sole, heel, ball or toes",
                (*where, "part"),
            )
            ok = False
        chosen = (
            self._frame_set(value.get("frames"), (*where, "frames")) if "frames" in value else None
        )
        if not ok or not isinstance(on, str):
            return None
        return Contact(tuple(str(name) for name in names), on, chosen)

    def _frame_set(self, value: Any, where: Where) -> frozenset[int] | None:
        frames = self.frames
        if not isinstance(value, list) or not value:
            self.error(
                f"{label(where)}: expected a list of frame numbers (from 1) or 'start'", where
            )
            return None
        chosen: set[int] = set()
        for j, item in enumerate(value):
            if item == "start":
                chosen.add(START)
            elif isinstance(item, int) and not isinstance(item, bool) and 1 <= item <= frames:
                chosen.add(item - 1)
            else:
                self.error(
                    f"{label(where)}: expected 'start' or a frame from 1 to {frames}, "
                    f"found {describe(item)}",
                    (*where, j),
                )
        return frozenset(chosen)
