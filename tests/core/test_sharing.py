"""Sharing a routine as one .yaml file: import (validated, with a choice on an id clash) and
export (the file as written), both without losing a comment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from crampcoach.core import atomic
from crampcoach.core.library import Library, load_library
from crampcoach.core.loader import load_routine_file
from crampcoach.core.sharing import (
    Clash,
    InvalidRoutine,
    ShareError,
    TargetExists,
    apply_import,
    export_routine,
    import_routine,
    prepare_import,
    renamed,
)
from tests.fakes import BUILTIN_ROUTINES

CALVES = """\
# Shared by Ana: my calves after a long run.
format: 1
id: calves   # keep it short
title: Calves after a run
summary: Two calf stretches.
defaults: {prepare: 8}  # time to get to the wall
steps:
  # the wall one first
  - type: stretch
    name: Wall calf stretch
    duration: 30
    sides: both
"""


def library(user: Path) -> Library:
    return load_library(BUILTIN_ROUTINES, user)


@pytest.fixture
def user(tmp_path: Path) -> Path:
    return tmp_path / "user" / "routines"


def shared(tmp_path: Path, text: str = CALVES, name: str = "calves.yaml") -> Path:
    path = tmp_path / "inbox" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_is_copied_as_written(tmp_path: Path, user: Path) -> None:
    source = shared(tmp_path)
    done = import_routine(source, user, library(user))
    assert (done.status, done.routine_id, done.path) == ("added", "calves", user / "calves.yaml")
    assert (user / "calves.yaml").read_bytes() == source.read_bytes()  # comments and all
    entry = library(user).get("calves")
    assert entry is not None
    assert entry.origin == "user"
    assert done.message == f"imported calves (Calves after a run): {user / 'calves.yaml'}"


def test_an_invalid_file_is_refused_with_the_validators_lines(tmp_path: Path, user: Path) -> None:
    source = shared(tmp_path, CALVES.replace("    duration: 30", "    duraton: 30"))
    with pytest.raises(InvalidRoutine) as refused:
        import_routine(source, user, library(user), "keep-both")
    assert [d.format() for d in refused.value.errors] == [
        f"{source}:9:5: error: step 1 (Wall calf stretch): missing required key 'duration'",
        f"{source}:11:5: error: step 1 (Wall calf stretch): unknown key 'duraton' "
        "(did you mean 'duration'?)",
    ]
    assert not user.exists()


def test_not_yaml_at_all_is_refused(tmp_path: Path, user: Path) -> None:
    source = shared(tmp_path, "id: [unclosed\n")
    with pytest.raises(InvalidRoutine) as refused:
        import_routine(source, user, library(user))
    [error] = refused.value.errors
    assert error.line == 2
    assert "YAML syntax" in error.message


def test_warnings_do_not_stop_an_import(tmp_path: Path, user: Path) -> None:
    text = CALVES.replace(
        "    sides: both\n",
        "    sides: both\n    prepare: 1\n"
        "    say: A long line that cannot be said in one second.\n",
    )
    plan = prepare_import(shared(tmp_path, text), user, library(user))
    assert [d.severity.value for d in plan.warnings] == ["warning"]
    assert apply_import(plan).status == "added"


def _mine(user: Path) -> Path:
    """The person's own 'calves', different from the shared one."""
    user.mkdir(parents=True)
    mine = user / "my-calves.yaml"
    mine.write_text(CALVES.replace("Calves after a run", "My calves"), encoding="utf-8")
    return mine


def test_clash_with_your_routine_offers_all_three(tmp_path: Path, user: Path) -> None:
    mine = _mine(user)
    asked: list[Clash] = []

    def cancel(clash: Clash) -> str:
        asked.append(clash)
        return "cancel"

    done = import_routine(shared(tmp_path), user, library(user), cancel)  # type: ignore[arg-type]
    [clash] = asked
    assert clash.choices == ("replace", "keep-both", "cancel")
    assert (clash.existing.path, clash.new_id, clash.new_title) == (
        mine,
        "calves-2",
        "Calves after a run (2)",
    )
    assert done.status == "cancelled"
    assert sorted(p.name for p in user.iterdir()) == ["my-calves.yaml"]


def test_replace_writes_over_your_file_in_place(tmp_path: Path, user: Path) -> None:
    mine = _mine(user)
    source = shared(tmp_path)
    done = import_routine(source, user, library(user), "replace")
    assert (done.status, done.path) == ("replaced", mine)
    assert mine.read_bytes() == source.read_bytes()
    assert sorted(p.name for p in user.iterdir()) == ["my-calves.yaml"]
    entry = library(user).get("calves")
    assert entry is not None
    assert entry.routine.title == "Calves after a run"


def test_keep_both_renames_the_copy_and_keeps_every_comment(tmp_path: Path, user: Path) -> None:
    mine = _mine(user)
    before = mine.read_bytes()
    done = import_routine(shared(tmp_path), user, library(user), "keep-both")
    assert (done.status, done.routine_id, done.original_id) == ("kept-both", "calves-2", "calves")
    assert done.path == user / "calves-2.yaml"
    assert done.path.read_text(encoding="utf-8") == CALVES.replace(
        "id: calves   #", "id: calves-2   #"
    ).replace("title: Calves after a run", 'title: "Calves after a run (2)"')
    assert mine.read_bytes() == before
    both = library(user)
    assert [d.format() for d in both.diagnostics if d.is_error or "replaces" in d.message] == []
    assert {"calves", "calves-2"} <= set(both.entries)
    # the same file once more: its kept copy is in the library already, no third copy
    again = import_routine(shared(tmp_path), user, both, "keep-both")
    assert (again.status, again.path) == ("unchanged", user / "calves-2.yaml")
    # a different routine under the same id: the next free number
    changed = CALVES.replace("title: Calves after a run", "title: Calves, slower")
    third = import_routine(shared(tmp_path, changed, "slower.yaml"), user, both, "keep-both")
    assert (third.routine_id, third.title) == ("calves-3", "Calves, slower (3)")


def test_a_builtin_cannot_be_replaced_only_kept_beside(tmp_path: Path, user: Path) -> None:
    text = (BUILTIN_ROUTINES / "box-breathing.yaml").read_text(encoding="utf-8")
    source = shared(tmp_path, text.replace("title: Box breathing", "title: Box, slower"))
    plan = prepare_import(source, user, library(user))
    assert plan.clash is not None
    assert plan.clash.builtin
    assert plan.clash.choices == ("keep-both", "cancel")
    with pytest.raises(ShareError, match="cannot be replaced"):
        apply_import(plan, "replace")
    assert apply_import(plan, "cancel").status == "cancelled"
    assert not user.exists()
    done = apply_import(plan, "keep-both")
    assert (done.routine_id, done.title) == ("box-breathing-2", "Box, slower (2)")
    kept = library(user)
    builtin = kept.get("box-breathing")
    assert builtin is not None
    assert builtin.origin == "builtin"


def test_the_same_file_again_is_already_there(tmp_path: Path, user: Path) -> None:
    source = shared(tmp_path)
    import_routine(source, user, library(user))
    plan = prepare_import(source, user, library(user))
    assert plan.clash is None
    done = apply_import(plan)
    assert (done.status, done.path) == ("unchanged", user / "calves.yaml")
    builtin = prepare_import(BUILTIN_ROUTINES / "box-breathing.yaml", user, library(user))
    assert apply_import(builtin).status == "unchanged"  # an exported built-in, untouched


def test_a_free_file_name_is_found(tmp_path: Path, user: Path) -> None:
    user.mkdir(parents=True)
    (user / "calves.yaml").write_text("not a routine: [", encoding="utf-8")  # someone else's
    done = import_routine(shared(tmp_path), user, library(user))
    assert done.path == user / "calves (2).yaml"
    assert (user / "calves.yaml").read_text(encoding="utf-8") == "not a routine: ["


@pytest.mark.parametrize(
    ("title_line", "title"),
    [
        ("title: 'Calves: after a run'", "Calves: after a run"),
        ('title: "Calves \\"after\\" a run"', 'Calves "after" a run'),
        ("title: >-\n  Calves after\n  a run\n\n# a comment after\n", "Calves after a run"),
        ("title: |-\n  Calves\n", "Calves"),
    ],
)
def test_renaming_handles_every_way_of_writing_a_title(title_line: str, title: str) -> None:
    from crampcoach.core.sharing import _routine_of

    text = CALVES.replace("title: Calves after a run", title_line)
    routine = _routine_of(text.encode())
    assert routine is not None
    assert routine.title == title
    result = renamed(text.encode(), routine, "calves-2", f"{title} (2)").decode()
    again = _routine_of(result.encode())
    assert again is not None
    assert (again.id, again.title) == ("calves-2", f"{title} (2)")
    assert again.steps == routine.steps
    for comment in ("# Shared by Ana", "# keep it short", "# the wall one first"):
        assert comment in result
    if "a comment after" in text:
        assert "# a comment after" in result


def test_renaming_a_flow_mapping_and_refusing_what_it_cannot_do() -> None:
    from crampcoach.core.sharing import _routine_of

    flow = (
        "{format: 1, id: calves, title: Calves, summary: S,  # one line\n"
        " steps: [{type: rest, duration: 5}]}\n"
    )
    routine = _routine_of(flow.encode())
    assert routine is not None
    result = renamed(flow.encode(), routine, "calves-2", "Calves (2)").decode()
    assert result.startswith('{format: 1, id: calves-2, title: "Calves (2)", summary: S,  #')
    anchored = (
        "format: 1\nid: &name calves\ntitle: *name\nsummary: S\n"
        "steps: [{type: rest, duration: 5}]\n"
    )
    routine = _routine_of(anchored.encode())
    assert routine is not None
    with pytest.raises(ShareError, match="could not give the copy the id 'calves-2'"):
        renamed(anchored.encode(), routine, "calves-2", "calves (2)")


def test_a_long_id_and_title_stay_within_their_limits(tmp_path: Path, user: Path) -> None:
    long_id, long_title = "a" * 62 + "-b", "T" * 80
    text = CALVES.replace("id: calves", f"id: {long_id}").replace("Calves after a run", long_title)
    user.mkdir(parents=True)
    (user / "first.yaml").write_text(text, encoding="utf-8")
    done = import_routine(
        shared(tmp_path, text.replace("Two calf", "Other calf")), user, library(user), "keep-both"
    )
    assert done.routine_id == "a" * 62 + "-2"
    assert done.title == "T" * 76 + " (2)"
    assert library(user).get(done.routine_id) is not None


def test_a_routine_with_pictures_gets_a_folder_of_its_own(tmp_path: Path, user: Path) -> None:
    text = CALVES.replace("    sides: both\n", "    sides: both\n    image: pics/calf.svg\n")
    source = shared(tmp_path, text)
    (source.parent / "pics").mkdir()
    (source.parent / "pics" / "calf.svg").write_text("<svg/>", encoding="utf-8")
    done = import_routine(source, user, library(user))
    assert done.path == user / "calves" / "calves.yaml"
    assert (user / "calves" / "pics" / "calf.svg").read_text(encoding="utf-8") == "<svg/>"
    assert load_routine_file(done.path).ok
    out = tmp_path / "out" / "calves.yaml"
    entry = library(user).get("calves")
    assert entry is not None
    assert export_routine(entry, out) == [out, tmp_path / "out" / "pics" / "calf.svg"]
    assert load_routine_file(out).ok


def test_a_failed_write_leaves_the_old_file_and_no_litter(
    tmp_path: Path, user: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = _mine(user)
    before = mine.read_bytes()

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full_disk)
    with pytest.raises(ShareError, match="No space left on device"):
        import_routine(shared(tmp_path), user, library(user), "replace")
    monkeypatch.undo()
    assert mine.read_bytes() == before
    assert sorted(os.listdir(user)) == ["my-calves.yaml"]  # no temporary file left


def test_export_writes_the_file_as_written(tmp_path: Path, user: Path) -> None:
    box = library(user).get("box-breathing")
    assert box is not None
    target = tmp_path / "share" / "box.yaml"
    assert export_routine(box, target) == [target]
    assert target.read_bytes() == (BUILTIN_ROUTINES / "box-breathing.yaml").read_bytes()
    assert export_routine(box, target) == [target]  # the same bytes: nothing to refuse
    target.write_text("something else", encoding="utf-8")
    with pytest.raises(TargetExists):
        export_routine(box, target)
    assert target.read_text(encoding="utf-8") == "something else"
    export_routine(box, target, overwrite=True)
    assert target.read_bytes() == (BUILTIN_ROUTINES / "box-breathing.yaml").read_bytes()
    with pytest.raises(ShareError, match=r"ends in \.yaml or \.yml"):
        export_routine(box, tmp_path / "box.txt")


def test_export_then_import_gives_the_same_routine(tmp_path: Path, user: Path) -> None:
    source = shared(tmp_path)
    import_routine(source, user, library(user))
    entry = library(user).get("calves")
    assert entry is not None
    out = tmp_path / "to-a-friend.yaml"
    export_routine(entry, out)
    assert out.read_text(encoding="utf-8") == CALVES
    friend = tmp_path / "friend" / "routines"
    done = import_routine(out, friend, library(friend))
    theirs = library(friend).get(done.routine_id)
    assert theirs is not None
    assert theirs.routine == entry.routine
