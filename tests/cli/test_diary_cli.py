"""The diary CLI contract: log cramp, history, stats, export."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest

from crampcoach.core.history_store import HistoryStore, SessionRecord
from crampcoach.core.safety import LONG_CRAMP, NEW_MEDICATION, RED_FLAGS
from tests.fakes import run_main


def history_file(home: Path) -> Path:
    return home / "data" / "crampcoach" / "history.sqlite3"


def test_log_cramp_takes_every_documented_option(tmp_path: Path) -> None:
    result = run_main(
        tmp_path,
        "log",
        "cramp",
        "--muscle",
        "calf",
        "--side",
        "left",
        "--severity",
        "6",
        "--minutes",
        "3",
        "--at",
        "2026-11-20T03:10:00+01:00",
        "--during-sleep",
        "--note",
        "woke me",
        "--trigger",
        "hard-workout",
        "--trigger",
        "little-to-drink",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"
    assert result.stderr == ""
    [item] = json.loads(run_main(tmp_path, "history", "--json").stdout)
    assert item == {
        "type": "cramp",
        "id": 1,
        "at": "2026-11-20T02:10:00Z",
        "muscle": "calf",
        "side": "left",
        "severity": 6,
        "minutes": 3.0,
        "during_sleep": True,
        "notes": "woke me",
        "triggers": ["hard-workout", "little-to-drink"],
        "swelling": False,
        "redness": False,
        "weakness": False,
        "warmth": False,
    }


@pytest.mark.parametrize("sign", ["--swelling", "--warmth", "--redness", "--weakness"])
def test_a_red_flag_sign_says_to_see_a_health_professional(tmp_path: Path, sign: str) -> None:
    result = run_main(tmp_path, "log", "cramp", "--muscle", "foot", "--severity", "3", sign)
    assert result.returncode == 0
    assert "health professional" in result.stderr
    assert sign.strip("-") in result.stderr
    assert RED_FLAGS in result.stderr, "the one wording, with its urgency"


def test_a_red_flag_is_noted_whatever_date_the_cramp_is_logged_for(tmp_path: Path) -> None:
    long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(weeks=6)).isoformat()
    result = run_main(
        tmp_path, "log", "cramp", "--muscle", "calf", "--severity", "5", "--swelling",
        "--at", long_ago,
    )  # fmt: skip
    assert result.returncode == 0
    assert result.stderr == (
        f"crampcoach: note: You noted swelling with a cramp. {RED_FLAGS} "
        "CrampCoach gives general wellness guidance and cannot tell what is causing it.\n"
    )
    stats = json.loads(run_main(tmp_path, "stats", "--json").stdout)
    assert stats["red_flags"] == [], "the Progress banner looks at two weeks only"


def test_a_long_cramp_gets_the_urgent_note(tmp_path: Path) -> None:
    result = run_main(
        tmp_path, "log", "cramp", "--muscle", "calf", "--severity", "8", "--minutes", "12"
    )
    assert result.returncode == 0
    assert result.stderr == f"crampcoach: note: This cramp lasted 12 minutes. {LONG_CRAMP}\n"
    quiet = run_main(
        tmp_path, "log", "cramp", "--muscle", "calf", "--severity", "8", "--minutes", "10"
    )
    assert quiet.stderr == ""


def test_a_new_medication_trigger_says_to_ask_the_prescriber(tmp_path: Path) -> None:
    result = run_main(
        tmp_path, "log", "cramp", "--muscle", "calf", "--severity", "4",
        "--trigger", "new-medication",
    )  # fmt: skip
    assert result.returncode == 0
    assert result.stderr == f"crampcoach: note: {NEW_MEDICATION}\n"


def test_warmth_is_kept_in_the_history_and_the_export(tmp_path: Path) -> None:
    run_main(tmp_path, "log", "cramp", "--muscle", "calf", "--severity", "4", "--warmth")
    [item] = json.loads(run_main(tmp_path, "history", "--json").stdout)
    assert (item["warmth"], item["swelling"]) == (True, False)
    assert "with warmth" in run_main(tmp_path, "history").stdout
    run_main(tmp_path, "export", str(tmp_path / "out"))
    with (tmp_path / "out" / "crampcoach-cramps.csv").open(encoding="utf-8-sig") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["warmth"] == "yes"
    assert list(row)[-2:] == ["notes", "warmth"], "older columns keep their places"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--muscle", "elbow", "--severity", "3"], "argument --muscle: invalid choice: 'elbow'"),
        (
            ["--muscle", "calf", "--severity", "11"],
            "argument --severity: a whole number from 0 to 10, not '11'",
        ),
        (["--muscle", "calf"], "the following arguments are required: --severity"),
        (
            ["--muscle", "calf", "--severity", "2", "--at", "yesterday"],
            "argument --at: not an ISO date-time: 'yesterday'",
        ),
        (
            ["--muscle", "calf", "--severity", "2", "--minutes", "-1"],
            "argument --minutes: minutes from 0 to 1440, not '-1'",
        ),
    ],
)
def test_log_cramp_rejects_bad_values_in_one_line(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = run_main(tmp_path, "log", "cramp", *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not history_file(tmp_path).exists()


def test_history_lists_sessions_and_cramps_in_time_order(tmp_path: Path) -> None:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    with HistoryStore(history_file(tmp_path)) as store:
        store.start_session(
            SessionRecord(
                "box-breathing",
                "Box breathing",
                now - dt.timedelta(days=3),
                status="completed",
                active_seconds=240,
                steps_total=1,
            )
        )
    run_main(
        tmp_path,
        "log",
        "cramp",
        "--muscle",
        "hamstring",
        "--severity",
        "4",
        "--at",
        (now - dt.timedelta(days=5)).isoformat(),
    )
    run_main(tmp_path, "log", "cramp", "--muscle", "calf", "--severity", "7")
    items = json.loads(run_main(tmp_path, "history", "--json").stdout)
    assert [i["type"] for i in items] == ["cramp", "session", "cramp"]
    session = items[1]
    assert session["routine"] == "box-breathing"
    assert session["status"] == "completed"
    assert session["active_seconds"] == 240
    since = (now - dt.timedelta(days=4)).date().isoformat()
    items = json.loads(run_main(tmp_path, "history", "--since", since, "--json").stdout)
    assert [i["type"] for i in items] == ["session", "cramp"]
    text = run_main(tmp_path, "history").stdout.splitlines()
    assert len(text) == 3
    assert "Box breathing  completed  4.0 min" in text[1]
    assert "hamstring  severity 4/10" in text[0]
    bad = run_main(tmp_path, "history", "--since", "last week")
    assert bad.returncode == 2
    assert "not an ISO date-time: 'last week'" in bad.stderr


def test_stats_json_has_the_weekly_fields_streak_and_nights(tmp_path: Path) -> None:
    now = dt.datetime.now(dt.UTC)
    with HistoryStore(history_file(tmp_path)) as store:
        store.start_session(
            SessionRecord(
                "bedtime-calf-hamstring",
                "Bedtime",
                now - dt.timedelta(hours=1),
                tags=("bedtime",),
                status="completed",
                active_seconds=300,
            )
        )
    run_main(tmp_path, "log", "cramp", "--muscle", "calf", "--severity", "8", "--during-sleep")
    result = run_main(tmp_path, "stats", "--weeks", "4", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["weeks"]) == 4
    assert set(data["weeks"][-1]) == {
        "week_start",
        "sessions",
        "minutes",
        "bedtime_nights",
        "cramps",
        "mean_severity",
        "cramp_nights",
    }
    assert sum(w["sessions"] for w in data["weeks"]) == 1
    assert sum(w["cramps"] for w in data["weeks"]) == 1
    assert data["weeks"][-1]["mean_severity"] in (8.0, None)
    assert data["streak_days"] == 1
    assert set(data["nights"]) == {"with_bedtime_routine", "without_bedtime_routine"}
    assert data["red_flags"] == []
    assert "week of" in run_main(tmp_path, "stats").stdout
    assert run_main(tmp_path, "stats", "--weeks", "0").returncode == 2


def test_export_writes_two_csv_files(tmp_path: Path) -> None:
    run_main(tmp_path, "log", "cramp", "--muscle", "calf", "--severity", "5", "--note", "=1+1")
    out = tmp_path / "out"
    result = run_main(tmp_path, "export", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader((out / "crampcoach-cramps.csv").read_text("utf-8-sig").splitlines()))
    assert rows[0]["muscle"] == "calf"
    assert rows[0]["notes"] == "'=1+1"
    assert (out / "crampcoach-sessions.csv").exists()


def test_a_history_from_a_newer_version_is_an_error_not_a_loss(tmp_path: Path) -> None:
    import sqlite3

    path = history_file(tmp_path)
    path.parent.mkdir(parents=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 42")
    db.close()
    result = run_main(tmp_path, "history")
    assert result.returncode == 1
    assert f"{path}: written by a newer CrampCoach" in result.stderr
