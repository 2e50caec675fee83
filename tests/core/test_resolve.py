"""One resolver for "a routine id or a routine file path" (the CLI and the app ask it)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from crampcoach.core.library import Library, load_library
from crampcoach.core.resolve import looks_like_path, resolve
from crampcoach.core.timing import Timing
from tests.fakes import BUILTIN_ROUTINES


def builtins() -> Library:
    return load_library(BUILTIN_ROUTINES, None)


@pytest.mark.parametrize(
    ("ref", "is_path"),
    [("box-breathing", False), ("mine.yaml", True), ("a/b", True), ("/abs/x", True)],
)
def test_what_counts_as_a_path(ref: str, is_path: bool) -> None:
    assert looks_like_path(ref) is is_path


def test_an_id_is_looked_up_only_when_it_is_not_a_file(write_routine: Callable[..., Path]) -> None:
    asked: list[int] = []

    def library() -> Library:
        asked.append(1)
        return builtins()

    assert resolve("box-breathing", library).entry is not None
    assert asked == [1]
    path = write_routine(
        "format: 1\nid: mine\ntitle: Mine\nsummary: S\nsteps:\n  - type: say\n    say: Hi.\n"
    )
    found = resolve(str(path), library)
    assert found.entry is not None
    assert found.entry.path == path.resolve()
    assert asked == [1], "a file plays without reading the whole library"


def test_failures_say_why(write_routine: Callable[..., Path]) -> None:
    missing = resolve("no-such-routine", builtins)
    assert missing.entry is None
    assert "no routine with id 'no-such-routine'" in missing.error
    assert "box-breathing" in missing.error  # the known ids are listed
    bad = resolve(str(write_routine("format: 1\nid: x\n")), builtins)
    assert bad.entry is None
    assert bad.diagnostics  # the file's own errors, with line and column


def test_a_file_is_timed_with_the_users_timing(write_routine: Callable[..., Path]) -> None:
    path = write_routine(
        "format: 1\nid: t\ntitle: T\nsummary: S\nsteps:\n"
        "  - type: stretch\n    name: Calf\n    duration: 10\n"
    )
    plain = resolve(str(path), builtins).entry
    slow = resolve(str(path), builtins, Timing(prepare=20)).entry
    assert plain is not None
    assert slow is not None
    assert slow.timeline.duration > plain.timeline.duration
