"""``workout import`` as a calendar source: what it prints, ``workout list``/``remove``,
``remind next --json`` with ``starts`` and ``calendar``, filters, damage and watching."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.core.calendar_oracle import CALENDARS
from tests.fakes import run_main


def cc(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_main(home, *args, TZ="Europe/London")


def test_import_list_next_and_remove(tmp_path: Path) -> None:
    path = CALENDARS / "moved.ics"
    result = cc(
        tmp_path, "workout", "import", str(path), "--pre", "15", "--post-routine", "box-breathing"
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    first, counts = result.stdout.splitlines()
    assert first.startswith(f"c1  moved (calendar {path}): 1 event, 1 recurring; ")
    assert first.endswith(
        "; pre 15 min before (pre-workout-leg-warmup); post 0 min after (box-breathing)"
    )
    assert counts.startswith("imported 1 event (1 series); ")
    assert "; next Mon 2027-01-04 17:00 Gym; " in first
    assert cc(tmp_path, "workout", "list").stdout == first + "\n"
    [entry] = json.loads(cc(tmp_path, "workout", "list", "--json").stdout)
    assert {k: entry[k] for k in ("type", "id", "name", "source", "events", "series", "pre")} == {
        "type": "calendar",
        "id": "c1",
        "name": "moved",
        "source": str(path),
        "events": 1,
        "series": 1,
        "pre": 15,
    }
    result = cc(tmp_path, "remind", "next", "--from", "2027-01-11T00:00", "--count", "2", "--json")
    assert json.loads(result.stdout) == [
        {
            "at": "2027-01-12T05:45:00+00:00",
            "kind": "pre-workout",
            "routine": "pre-workout-leg-warmup",
            "message": "Gym moved to Tuesday morning in 15 min: warm up first",
            "source": "c1",
            "starts": "2027-01-12T06:00:00+00:00",
            "calendar": "c1",
        },
        {
            "at": "2027-01-12T07:00:00+00:00",
            "kind": "post-workout",
            "routine": "box-breathing",
            "message": "Gym moved to Tuesday morning done: time to cool down",
            "source": "c1",
            "starts": "2027-01-12T06:00:00+00:00",
            "calendar": "c1",
        },
    ]
    again = cc(tmp_path, "workout", "import", str(path))
    assert "replaced c1 (the same file)" in again.stdout.splitlines()
    assert len(json.loads(cc(tmp_path, "workout", "list", "--json").stdout)) == 1
    assert cc(tmp_path, "workout", "remove", "c1").returncode == 0
    assert cc(tmp_path, "workout", "list", "--json").stdout.strip() == "[]"
    assert list((tmp_path / "data" / "crampcoach" / "calendars").iterdir()) == []
    assert cc(tmp_path, "remind", "next", "--json").stdout.strip() == "[]"


def test_filter_counts_and_skips(tmp_path: Path) -> None:
    result = cc(
        tmp_path, "workout", "import", str(CALENDARS / "rdate.ics"), "--filter", "physio|climb"
    )
    assert result.returncode == 0, result.stderr
    assert "(filter 'physio|climb')" in result.stdout
    assert "; only 'physio|climb'" in result.stdout
    result = cc(tmp_path, "remind", "next", "--from", "2027-01-01T00:00", "--count", "50", "--json")
    titles = {i["message"].split(" in ")[0].split(" done")[0] for i in json.loads(result.stdout)}
    assert titles == {"Physio", "Climbing"}
    result = cc(tmp_path, "workout", "import", str(CALENDARS / "cancelled.ics"))
    assert "skipped 3 cancelled" in result.stdout


def test_bad_input_gets_one_line(tmp_path: Path) -> None:
    for args, code, message in (
        (["--filter", "(run"], 2, "argument --filter: not a valid filter"),
        (["--pre", "soon"], 2, "argument --pre: minutes (0-1440) or 'off', not 'soon'"),
        (["--pre-routine", "nope"], 2, "argument --pre-routine: no routine with id 'nope'"),
    ):
        result = cc(tmp_path, "workout", "import", str(CALENDARS / "count.ics"), *args)
        assert result.returncode == code
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert message in result.stderr
    missing = tmp_path / "missing.ics"
    result = cc(tmp_path, "workout", "import", str(missing))
    assert (result.returncode, result.stderr.strip()) == (
        1,
        f"crampcoach: error: {missing}: cannot read the file: No such file or directory",
    )


def test_damaged_events_warn_one_line_each_and_the_rest_imports(tmp_path: Path) -> None:
    path = CALENDARS / "damaged.ics"
    result = cc(tmp_path, "workout", "import", str(path))
    assert result.returncode == 0
    warnings = result.stderr.strip().splitlines()
    assert len(warnings) == 3
    assert all(
        w.startswith(f"crampcoach: warning: {path}: skipped damaged event '") for w in warnings
    )
    assert "Traceback" not in result.stderr
    assert "imported 5 events (2 series)" in result.stdout
    assert result.stdout.splitlines()[-1] == "skipped 3 damaged (each named in a warning)"
    result = cc(
        tmp_path, "remind", "next", "--from", "2027-01-01T00:00", "--count", "100", "--json"
    )
    assert len(json.loads(result.stdout)) == 14
    assert result.stderr == ""


def test_a_watched_calendar_is_read_again_when_it_changed(tmp_path: Path) -> None:
    path = tmp_path / "synced.ics"
    path.write_bytes((CALENDARS / "count.ics").read_bytes())
    assert cc(tmp_path, "workout", "import", str(path), "--watch").returncode == 0
    path.write_bytes(path.read_bytes().replace(b"Kettlebells", b"Kettlebell flow"))
    os.utime(path, ns=(1, 2))
    result = cc(tmp_path, "remind", "next", "--from", "2027-01-01T00:00", "--count", "1", "--json")
    assert json.loads(result.stdout)[0]["message"] == "Kettlebell flow in 10 min: warm up first"
    assert "; watched" in cc(tmp_path, "workout", "list").stdout
