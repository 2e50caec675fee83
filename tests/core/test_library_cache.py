"""The library's cache: a library read from it is the library read from the files, and a
file that changed, went or looks beyond itself is read from the file again."""

from __future__ import annotations

import os
from pathlib import Path

from crampcoach.core.library import Card, Library, load_library
from crampcoach.core.timeline import build_timeline
from crampcoach.core.timing import Timing
from tests.fakes import BUILTIN_ROUTINES

BREATHE = """\
format: 1
id: {id}
title: {title}
summary: A short breath.
steps:
  - type: breathe
    name: Breathe
    inhale: 4
    exhale: 6
    duration: 5
"""  # the duration is shorter than one breath: a warning


def what_loads(library: Library) -> tuple[object, ...]:
    entries = sorted(
        (e.id, e.routine, e.path, e.origin, e.duration) for e in library.entries.values()
    )
    return (
        entries,
        [d.format() for d in library.diagnostics],
        [(f.path, [d.format() for d in f.diagnostics]) for f in library.failed],
    )


def user_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    (folder / "sub").mkdir(parents=True)
    (folder / "warned.yaml").write_text(BREATHE.format(id="warned", title="Warned"))
    (folder / "sub" / "again.yaml").write_text(BREATHE.format(id="warned", title="Again"))
    (folder / "box.yaml").write_text(BREATHE.format(id="box-breathing", title="My box"))
    (folder / "broken.yaml").write_text("format: 1\nid: broken\ntitle: [\n")
    return folder


def test_a_library_from_the_cache_is_the_library_from_the_files(tmp_path: Path) -> None:
    folder, cache = user_folder(tmp_path), tmp_path / "cache"
    fresh = load_library(BUILTIN_ROUTINES, folder)
    first = load_library(BUILTIN_ROUTINES, folder, cache_dir=cache)
    assert len(list((cache / "library").glob("*.jsonl"))) == 2  # one per folder
    second = load_library(BUILTIN_ROUTINES, folder, cache_dir=cache)
    assert what_loads(first) == what_loads(fresh)
    assert what_loads(second) == what_loads(fresh)
    assert any("shorter than one breath cycle" in d.format() for d in second.diagnostics)
    assert any("duplicate id 'warned'" in d.format() for d in second.diagnostics)
    for entry in second.entries.values():  # timelines are built when asked for
        assert entry.timeline == build_timeline(entry.routine)
        assert entry.timeline.duration == entry.duration


def test_a_routine_from_the_cache_is_made_when_first_asked_its_card_at_once(
    tmp_path: Path,
) -> None:
    """5,000 routines' models took a quarter of a second to make: a list needs only the
    cards, which the cache keeps."""
    folder, cache = user_folder(tmp_path), tmp_path / "cache"
    fresh = load_library(BUILTIN_ROUTINES, folder)
    load_library(BUILTIN_ROUTINES, folder, cache_dir=cache)
    cached = load_library(BUILTIN_ROUTINES, folder, cache_dir=cache)
    assert [e.to_json() for e in cached.sorted_entries()] == [
        e.to_json() for e in fresh.sorted_entries()
    ]
    assert [e.id for e in cached.with_tag("bedtime")] == [e.id for e in fresh.with_tag("bedtime")]
    builtins = [e for e in cached.entries.values() if e.origin == "builtin"]
    assert builtins
    unmade = [e for e in builtins if e._routine is None]  # a file with a picture is not
    assert len(unmade) > len(builtins) // 2  # kept (it is read afresh), the rest are
    for entry in cached.entries.values():
        assert entry.card == Card.of(entry.routine)
        assert entry.card == fresh.entries[entry.id].card


def test_cached_routines_keep_the_users_timing_apart_from_their_own(tmp_path: Path) -> None:
    """A routine's own defaults win over the user's timing; the cache must not make the
    defaults it did not set look set."""
    folder, cache, timing = user_folder(tmp_path), tmp_path / "cache", Timing(15, 12)
    load_library(BUILTIN_ROUTINES, folder, timing, cache_dir=cache)
    library = load_library(BUILTIN_ROUTINES, folder, timing, cache_dir=cache)
    for entry in library.entries.values():
        assert entry.timeline == build_timeline(entry.routine, timing)
        assert entry.duration == entry.timeline.duration


def test_a_file_changed_or_gone_is_read_again(tmp_path: Path) -> None:
    folder, cache = user_folder(tmp_path), tmp_path / "cache"
    load_library(None, folder, cache_dir=cache)
    again = folder / "sub" / "again.yaml"  # the first of the two 'warned': the one listed
    stat = again.stat()
    again.write_text(BREATHE.format(id="warned", title="Renamed"))
    os.utime(again, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the same time, not size
    (folder / "box.yaml").unlink()
    library = load_library(None, folder, cache_dir=cache)
    entry = library.get("warned")
    assert entry is not None
    assert entry.routine.title == "Renamed"
    assert library.get("box-breathing") is None
    assert all("box.yaml" not in p.read_text() for p in (cache / "library").glob("*.jsonl"))


def test_a_routine_with_a_picture_is_never_kept(tmp_path: Path) -> None:
    folder, cache = tmp_path / "routines", tmp_path / "cache"
    folder.mkdir()
    (folder / "pictured.yaml").write_text(
        "format: 1\nid: pictured\ntitle: Pictured\nsummary: S.\nsteps:\n"
        "  - type: stretch\n    name: Calf\n    duration: 20\n    image: calf.png\n"
    )
    first = load_library(None, folder, cache_dir=cache)
    assert any("calf.png" in d.format() for d in first.diagnostics)  # missing for now
    (folder / "calf.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert all("pictured" not in p.read_text() for p in (cache / "library").glob("*.jsonl"))
    second = load_library(None, folder, cache_dir=cache)
    assert not any("calf.png" in d.format() for d in second.diagnostics)


def test_a_damaged_cache_or_other_timing_is_read_anew(tmp_path: Path) -> None:
    folder, cache = user_folder(tmp_path), tmp_path / "cache"
    fresh = load_library(None, folder)
    load_library(None, folder, cache_dir=cache)
    (stored,) = (cache / "library").glob("*.jsonl")
    stored.write_text(stored.read_text()[:-200] + "\tnot json\n")
    assert what_loads(load_library(None, folder, cache_dir=cache)) == what_loads(fresh)
    slow = Timing(prepare=30)
    timed = load_library(None, folder, slow, cache_dir=cache)
    assert what_loads(timed) == what_loads(load_library(None, folder, slow))
    assert what_loads(load_library(None, folder, slow, cache_dir=cache)) == what_loads(timed)
