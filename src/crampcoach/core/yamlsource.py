"""Read untrusted YAML into plain Python values while remembering where each came from.

Routine files are written by hand and shared, so they are untrusted input: only the
safe core schema is accepted, aliases may not expand into a bomb, nesting is bounded,
and every value keeps its line and column so that errors can point at it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_FILE_BYTES = 1024 * 1024
MAX_VALUES = 20_000
MAX_DEPTH = 50

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader with a memo for scalar tag resolution, the slowest step left.

    Resolving depends only on the text and on whether it was quoted, and routine files
    repeat the same few scalars (types, sides, numbers) over and over.
    """

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is ScalarNode and implicit is not None:
            return _resolve_scalar(value, tuple(implicit))
        return str(super().resolve(kind, value, implicit))


@functools.lru_cache(maxsize=4096)
def _resolve_scalar(value: str, implicit: tuple[bool, bool]) -> str:
    return str(yaml.resolver.Resolver().resolve(ScalarNode, value, implicit))  # type: ignore[no-untyped-call]


_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null")}
_STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP = (
    _TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")
)
_BOOLS = SafeConstructor.bool_values
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)\Z")
_DECIMAL_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?\Z")

Path_ = tuple[str | int, ...]


class Position(NamedTuple):
    """1-based line and column."""

    line: int
    column: int


@dataclass
class Located:
    """A parsed document plus where every key and value stood in the text.

    The tables hold the parser's nodes; positions are worked out only when asked for,
    which is rare (errors), so loading a valid file stays cheap.
    """

    value: Any
    values: dict[Path_, Node] = field(default_factory=dict)
    keys: dict[Path_, Node] = field(default_factory=dict)

    def position_of(self, path: Path_, *, key: bool = False) -> Position | None:
        node = (self.keys if key else self.values).get(path)
        return _pos(node) if node is not None else None

    def where(self, path: Path_, *, key: bool = False) -> Position:
        """Best position for ``path``: the key or value itself, else its nearest parent."""
        probe = tuple(path)
        while True:
            table = self.keys if key else self.values
            if probe in table:
                return _pos(table[probe])
            if key and probe in self.values:
                return _pos(self.values[probe])
            if not probe:
                return Position(1, 1)
            probe = probe[:-1]
            key = False


class YamlProblem(Exception):
    """The text is not acceptable YAML for us; carries a position when there is one."""

    def __init__(self, message: str, position: Position | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.position = position


def _pos(node: Node) -> Position:
    mark = node.start_mark
    return Position(mark.line + 1, mark.column + 1)


class _Builder:
    """Turns a composed node graph into Python values under size and depth budgets."""

    def __init__(self) -> None:
        self.located = Located(None)
        self._budget = MAX_VALUES
        self._scalars = SafeConstructor()

    def build(self, node: Node, path: Path_, depth: int) -> Any:
        self._budget -= 1
        if self._budget < 0:
            raise YamlProblem(
                f"the document expands to more than {MAX_VALUES} values "
                "(aliases repeated too often?); refusing to read it",
                _pos(node),
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels", _pos(node))
        self.located.values[path] = node
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != _TAG + "seq":
                raise YamlProblem(f"unsupported YAML tag {node.tag!r}", _pos(node))
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            if node.tag != _TAG + "map":
                raise YamlProblem(f"unsupported YAML tag {node.tag!r}", _pos(node))
            return self._mapping(node, path, depth)
        raise YamlProblem("unsupported YAML node", _pos(node))  # pragma: no cover

    def _scalar(self, node: ScalarNode) -> Any:
        tag, text = node.tag, node.value
        # Fast paths for the common plain forms; everything else goes through PyYAML's
        # own safe constructor so YAML 1.1 spellings (0x1F, 1_000, .inf) mean what they say.
        if tag in (_STR, _TIMESTAMP):  # dates are only text to us
            return text
        if tag == _INT and _DECIMAL.match(text):
            if len(text) > 60:
                raise YamlProblem(f"the number {text[:20]}... is far too large", _pos(node))
            return int(text)
        if tag == _FLOAT and _DECIMAL_FLOAT.match(text):
            return float(text)
        if tag == _BOOL:
            return _BOOLS[text.lower()]
        if tag == _NULL:
            return None
        if tag not in _PLAIN_TAGS:
            raise YamlProblem(f"unsupported YAML tag {tag!r}", _pos(node))
        try:
            return self._scalars.construct_object(node)
        except (ConstructorError, ValueError, OverflowError) as exc:
            raise YamlProblem(f"cannot read value {text[:40]!r}: {exc}", _pos(node)) from None

    def _mapping(self, node: MappingNode, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        merged: list[tuple[Node, Node]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                merged.extend(self._merge_sources(value_node))
                continue
            key = self._key(key_node)
            if key in result:
                raise YamlProblem(f"duplicate key {key!r}", _pos(key_node))
            self.located.keys[(*path, key)] = key_node
            result[key] = self.build(value_node, (*path, key), depth + 1)
        for key_node, value_node in merged:
            key = self._key(key_node)
            if key not in result:  # explicit keys win over merged ones
                self.located.keys[(*path, key)] = key_node
                result[key] = self.build(value_node, (*path, key), depth + 1)
        return result

    def _merge_sources(self, node: Node) -> list[tuple[Node, Node]]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        pairs: list[tuple[Node, Node]] = []
        for source in sources:
            if not isinstance(source, MappingNode):
                raise YamlProblem("a '<<' merge needs a mapping (or a list of them)", _pos(source))
            pairs.extend(source.value)
        return pairs

    def _key(self, node: Node) -> str:
        if not isinstance(node, ScalarNode):
            raise YamlProblem("a key must be plain text, not a list or mapping", _pos(node))
        self._budget -= 1
        return str(node.value)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) text, or a YamlProblem naming the first bad byte."""
    if b"\x00" in data:
        raise YamlProblem("this is a binary file, not a YAML text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x} cannot be decoded); "
            "save it as UTF-8",
            Position(line, column),
        ) from None


def parse(text: str) -> Located:
    """Parse one YAML document safely; raises YamlProblem on anything unacceptable."""
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        position = Position(mark.line + 1, mark.column + 1) if mark else None
        raise YamlProblem(f"YAML syntax: {problem}", position) from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids (control codes)
        before = text[: exc.position]
        line = before.count("\n") + 1
        column = exc.position - (before.rfind("\n") + 1) + 1
        raise YamlProblem(
            f"YAML syntax: character U+{exc.character:04X} is not allowed in YAML text"
            if isinstance(exc.character, int)
            else f"YAML syntax: {exc.reason}",
            Position(line, column),
        ) from None
    except yaml.YAMLError as exc:
        raise YamlProblem("YAML syntax: " + " ".join(str(exc).split())) from None
    except RecursionError:
        raise YamlProblem(f"nesting deeper than {MAX_DEPTH} levels") from None
    if len(nodes) > 1:
        raise YamlProblem(
            "the file holds more than one YAML document ('---'); put one routine per file",
            _pos(nodes[1]),
        )
    builder = _Builder()
    if nodes:
        builder.located.value = builder.build(nodes[0], (), 0)
    return builder.located
