"""The sharing contract: ``crampcoach import FILE [--on-clash ...]`` and ``crampcoach export
ROUTINE FILE [--force]`` (``export FOLDER`` still writes the diary's CSV files)."""

from __future__ import annotations

import json
from pathlib import Path

from crampcoach.core.loader import load_routine_file
from tests.core.test_sharing import CALVES
from tests.fakes import BUILTIN_ROUTINES, run_main


def routines(home: Path) -> Path:
    return home / "data" / "crampcoach" / "routines"


def inbox(home: Path, text: str = CALVES, name: str = "calves.yaml") -> Path:
    path = home / "inbox" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def listed(home: Path) -> dict[str, dict[str, object]]:
    result = run_main(home, "list", "--json")
    assert result.returncode == 0, result.stderr
    return {item["id"]: item for item in json.loads(result.stdout)}


def test_import_adds_it_and_says_so_in_one_line(tmp_path: Path) -> None:
    source = inbox(tmp_path)
    result = run_main(tmp_path, "import", str(source))
    target = routines(tmp_path) / "calves.yaml"
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"imported calves (Calves after a run): {target}\n"
    assert target.read_bytes() == source.read_bytes()
    assert listed(tmp_path)["calves"]["origin"] == "user"


def test_an_invalid_file_exits_1_with_the_validators_lines(tmp_path: Path) -> None:
    source = inbox(tmp_path, CALVES.replace("duration: 30", "duraton: 30"))
    result = run_main(tmp_path, "import", str(source))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{source}:9:5: error: step 1 (Wall calf stretch): missing required key 'duration'",
        f"{source}:11:5: error: step 1 (Wall calf stretch): unknown key 'duraton' "
        "(did you mean 'duration'?)",
        f"crampcoach: error: {source}: not a valid routine file, so it was not imported",
    ]
    assert not routines(tmp_path).exists()


def test_warnings_are_printed_and_do_not_stop_it(tmp_path: Path) -> None:
    text = CALVES.replace("    sides: both\n", "    sides: both\n    prepare: 1\n")
    result = run_main(tmp_path, "import", str(inbox(tmp_path, text)))
    assert result.returncode == 0
    assert ": warning: step 1 (Wall calf stretch):" in result.stderr
    assert result.stdout.startswith("imported calves")


def test_a_clash_cancels_by_default_and_says_how_to_choose(tmp_path: Path) -> None:
    run_main(tmp_path, "import", str(inbox(tmp_path)))
    changed = inbox(tmp_path, CALVES.replace("Two calf", "Three calf"), "new.yaml")
    result = run_main(tmp_path, "import", str(changed))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"crampcoach: error: {changed}: not imported: the id 'calves' is taken by your routine "
        "'Calves after a run'; run again with --on-clash replace, or --on-clash keep-both "
        "(imports it as 'calves-2', 'Calves after a run (2)')\n"
    )
    result = run_main(tmp_path, "import", str(changed), "--on-clash", "cancel")
    assert (result.returncode, result.stdout) == (1, "")
    assert "(--on-clash cancel)" in result.stderr
    assert sorted(p.name for p in routines(tmp_path).iterdir()) == ["calves.yaml"]


def test_replace_and_keep_both(tmp_path: Path) -> None:
    run_main(tmp_path, "import", str(inbox(tmp_path)))
    changed = inbox(tmp_path, CALVES.replace("Two calf", "Three calf"), "new.yaml")
    result = run_main(tmp_path, "import", str(changed), "--on-clash", "replace")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("replaced calves (Calves after a run) with the imported file")
    assert listed(tmp_path)["calves"]["summary"] == "Three calf stretches."
    again = inbox(tmp_path, CALVES.replace("Two calf", "Four calf"), "newer.yaml")
    result = run_main(tmp_path, "import", str(again), "--on-clash", "keep-both")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(
        "imported calves as calves-2 (Calves after a run (2)), beside the one you had"
    )
    items = listed(tmp_path)
    assert (items["calves"]["summary"], items["calves-2"]["summary"]) == (
        "Three calf stretches.",
        "Four calf stretches.",
    )


def test_a_builtin_clash_offers_keep_both_only(tmp_path: Path) -> None:
    text = (BUILTIN_ROUTINES / "box-breathing.yaml").read_text(encoding="utf-8")
    source = inbox(tmp_path, text.replace("title: Box breathing", "title: Slow box"), "box.yaml")
    for args in ([], ["--on-clash", "replace"]):
        result = run_main(tmp_path, "import", str(source), *args)
        assert result.returncode == 1
        assert result.stderr == (
            f"crampcoach: error: {source}: not imported: the id 'box-breathing' is taken by "
            "CrampCoach's own routine 'Box breathing'; it cannot be replaced; run again with "
            "--on-clash keep-both (imports it as 'box-breathing-2', 'Slow box (2)')\n"
        )
    result = run_main(tmp_path, "import", str(source), "--on-clash", "keep-both")
    assert result.returncode == 0, result.stderr
    items = listed(tmp_path)
    assert (items["box-breathing"]["origin"], items["box-breathing-2"]["title"]) == (
        "builtin",
        "Slow box (2)",
    )


def test_bad_arguments_exit_2(tmp_path: Path) -> None:
    result = run_main(tmp_path, "import", "x.yaml", "--on-clash", "merge")
    assert result.returncode == 2
    assert "invalid choice: 'merge'" in result.stderr
    result = run_main(tmp_path, "export", "box-breathing")  # a routine, with nowhere to go
    assert result.returncode == 2
    assert "say where to write it" in result.stderr
    assert not (Path.cwd() / "box-breathing").exists()
    result = run_main(tmp_path, "export", str(tmp_path / "csv"), "--force")
    assert result.returncode == 2


def test_export_writes_the_routine_file_and_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "box.yaml"
    result = run_main(tmp_path, "export", "box-breathing", str(target))
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"exported box-breathing (Box breathing) to {target}\n"
    assert target.read_bytes() == (BUILTIN_ROUTINES / "box-breathing.yaml").read_bytes()
    target.write_text("mine", encoding="utf-8")
    result = run_main(tmp_path, "export", "box-breathing", str(target))
    assert result.returncode == 1
    assert result.stderr == (
        f"crampcoach: error: {target} exists; choose another name, or --force to overwrite it\n"
    )
    assert target.read_text(encoding="utf-8") == "mine"
    result = run_main(tmp_path, "export", "box-breathing", str(target), "--force")
    assert result.returncode == 0
    assert load_routine_file(target).ok
    result = run_main(tmp_path, "export", "no-such-routine", str(tmp_path / "x.yaml"))
    assert result.returncode == 1
    assert "no routine with id 'no-such-routine'" in result.stderr


def test_export_then_import_round_trip_gives_the_same_model(tmp_path: Path) -> None:
    mine, friend = tmp_path / "me", tmp_path / "friend"
    run_main(mine, "import", str(inbox(mine)))
    shared = tmp_path / "for-a-friend.yaml"
    assert run_main(mine, "export", "calves", str(shared)).returncode == 0
    assert shared.read_text(encoding="utf-8") == CALVES  # every comment kept
    assert run_main(friend, "import", str(shared)).returncode == 0
    ours, theirs = (load_routine_file(routines(h) / "calves.yaml") for h in (mine, friend))
    assert ours.routine is not None
    assert ours.routine == theirs.routine
    for ref in ("calves", str(routines(friend) / "calves.yaml")):
        timeline = run_main(friend, "timeline", ref, "--json")
        assert json.loads(timeline.stdout)["id"] == "calves"


def test_export_folder_still_writes_the_csv_files(tmp_path: Path) -> None:
    out = tmp_path / "csv"
    result = run_main(tmp_path, "export", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "crampcoach-cramps.csv",
        "crampcoach-sessions.csv",
    ]
