"""Routine data written back as YAML: clean and commented for a new file, and for a file
somebody wrote by hand, changed in place so that their comments and layout survive.

ruamel.yaml's round-trip mode keeps comments, key order and quoting; PyYAML (which the
loader uses for its line numbers) drops them, so only this module writes routine files.
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

TOP_ORDER = (
    "format",
    "id",
    "title",
    "summary",
    "description",
    "tags",
    "muscles",
    "source",
    "defaults",
    "pronounce",
    "steps",
)
STEP_ORDER = (
    "type",
    "name",
    "figure",
    "say",
    "duration",
    "reps",
    "tempo",
    "count",
    "inhale",
    "hold",
    "exhale",
    "hold_out",
    "cycles",
    "tense",
    "relax",
    "sides",
    "prepare",
    "switch",
    "countdown",
    "cues",
    "image",
)
HEADER = (
    "{title}\n"
    "A CrampCoach routine (format 1), made with the routine builder.\n"
    "Check it with: crampcoach validate FILE; every key: crampcoach schema."
)


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments, order and quotes are kept
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # long lines stay as written (a hand-wrapped text is re-wrapped less)
    yaml.preserve_quotes = True
    return yaml


def _ordered(data: dict[str, Any], order: tuple[str, ...]) -> CommentedMap:
    keys = sorted(data, key=lambda k: (order.index(k) if k in order else len(order), k))
    out = CommentedMap()
    for key in keys:
        out[key] = _plain(data[key], key)
    return out


def _plain(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        order = STEP_ORDER if key == "step" else ("at", "say") if key == "cue" else TOP_ORDER
        return _ordered(value, order)
    if isinstance(value, list):
        item = {"steps": "step", "cues": "cue"}.get(key, "")
        return CommentedSeq(_plain(v, item) for v in value)
    return value


def dump_new(raw: dict[str, Any]) -> str:
    """A fresh file: keys in the format's order, a header and a comment naming each step."""
    doc = _ordered(raw, TOP_ORDER)
    doc.yaml_set_start_comment(HEADER.format(title=raw.get("title", "Untitled routine")))
    steps = doc.get("steps")
    if isinstance(steps, CommentedSeq):
        for i, step in enumerate(steps):
            name = step.get("name") or str(step.get("say", ""))[:40] or step.get("type", "")
            steps.yaml_set_comment_before_after_key(i, before=f"{i + 1}. {name}", indent=2)
    return _dump(doc)


def _dump(doc: Any) -> str:
    out = io.StringIO()
    _yaml().dump(doc, out)
    return out.getvalue()


def merge_into(original: str, raw: dict[str, Any]) -> tuple[str, list[str]]:
    """``original`` (a file's text) changed to hold ``raw``, keeping what can be kept of
    its comments and layout; and the comments that did not survive (ask before saving)."""
    doc = _yaml().load(original)
    if not isinstance(doc, CommentedMap):
        return dump_new(raw), comments(original)
    _update_map(doc, raw, TOP_ORDER)
    text = _dump(doc)
    kept = set(comments(text))
    return text, [c for c in comments(original) if c not in kept]


def _update_map(target: CommentedMap, new: dict[str, Any], order: tuple[str, ...]) -> None:
    for key in [k for k in target if k not in new]:
        del target[key]
    for key, value in new.items():
        old = target.get(key)
        if isinstance(old, CommentedMap) and isinstance(value, dict):
            if key != "pronounce" and old.get("type", "") != value.get("type", ""):
                target[key] = _plain(value, key)
            else:
                _update_map(old, value, STEP_ORDER)
        elif isinstance(old, CommentedSeq) and isinstance(value, list):
            _update_seq(old, value, key)
        elif key not in target:
            position = _insert_at(target, key, order)
            target.insert(position, key, _plain(value, key))
        elif not _same(old, value):
            target[key] = _plain(value, key)


def _insert_at(target: CommentedMap, key: str, order: tuple[str, ...]) -> int:
    """Where a new key goes: after the last key that comes before it in the format."""
    rank = order.index(key) if key in order else len(order)
    position = 0
    for i, existing in enumerate(target):
        if existing in order and order.index(existing) < rank:
            position = i + 1
    return position


def _update_seq(target: CommentedSeq, new: list[Any], key: str) -> None:
    item = {"steps": "step", "cues": "cue"}.get(key, "")
    while len(target) > len(new):
        del target[len(target) - 1]
    for i, value in enumerate(new):
        if i >= len(target):
            target.append(_plain(value, item))
            continue
        old = target[i]
        same_kind = isinstance(old, CommentedMap) and isinstance(value, dict)
        if same_kind and old.get("type") == value.get("type"):
            _update_map(old, value, STEP_ORDER if item == "step" else ("at", "say"))
        elif not _same(old, value):
            target[i] = _plain(value, item)


def _same(old: Any, new: Any) -> bool:
    """Equal, and of the same kind: a folded text (a str) stays as it was folded, but
    1 and 1.0 or true and 1 are different values in a file."""
    if isinstance(old, str) and isinstance(new, str):
        return str(old) == new
    return bool(old == new) and type(old) is type(new)


def comments(text: str) -> list[str]:
    """The comments of a YAML text (what follows a ``#`` outside quotes), stripped."""
    found: list[str] = []
    for line in text.splitlines():
        quote = ""
        for i, char in enumerate(line):
            if quote:
                if char == quote:
                    quote = ""
            elif char in "'\"" and (i == 0 or line[i - 1] in " :[{,-"):
                quote = char
            elif char == "#" and (i == 0 or line[i - 1] in " \t"):
                comment = line[i + 1 :].strip()
                if comment:
                    found.append(comment)
                break
    return found
