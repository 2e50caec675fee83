"""The workout and remind command-line contract."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.fakes import run_main


def cc(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_main(tmp_path, *args, TZ="Europe/Berlin")


def test_add_list_next_remove(tmp_path: Path) -> None:
    assert (
        cc(
            tmp_path,
            "workout",
            "add",
            "--days",
            "mon,wed,fri",
            "--at",
            "18:00",
            "--duration",
            "60",
            "--name",
            "Running",
        ).stdout
        == "w1\n"
    )
    assert (
        cc(
            tmp_path,
            "workout",
            "add",
            "--date",
            "2027-04-02",
            "--at",
            "07:30",
            "--duration",
            "45",
            "--pre",
            "off",
        ).stdout
        == "w2\n"
    )
    assert (
        cc(tmp_path, "remind", "add", "--at", "22:30", "--routine", "bedtime-calf-hamstring").stdout
        == "r1\n"
    )
    assert (
        cc(
            tmp_path,
            "remind",
            "add",
            "--every",
            "2h",
            "--between",
            "09:00-21:00",
            "--message",
            "Drink a glass of water",
        ).stdout
        == "r2\n"
    )
    workouts = json.loads(cc(tmp_path, "workout", "list", "--json").stdout)
    assert [w["id"] for w in workouts] == ["w1", "w2"]
    assert workouts[1]["pre"] is None
    reminders = json.loads(cc(tmp_path, "remind", "list", "--json").stdout)
    assert [r["id"] for r in reminders] == ["r1", "r2"]

    result = cc(tmp_path, "remind", "next", "--count", "8", "--from", "2027-03-26T16:00", "--json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert len(items) == 8
    for item in items:
        workout = item["kind"] in {"pre-workout", "post-workout"}
        # workout reminders gained "starts" (issue 14); nothing else changed
        assert set(item) == {"at", "kind", "routine", "message", "source"} | (
            {"starts"} if workout else set()
        )
        assert item["kind"] in {"pre-workout", "post-workout", "daily", "interval", "once"}
    assert items[0] == {
        "at": "2027-03-26T17:00:00+01:00",
        "kind": "interval",
        "routine": None,
        "message": "Drink a glass of water",
        "source": "r2",
    }
    assert {
        "at": "2027-03-26T17:50:00+01:00",
        "kind": "pre-workout",
        "routine": "pre-workout-leg-warmup",
        "message": "Running in 10 min: warm up first",
        "source": "w1",
        "starts": "2027-03-26T18:00:00+01:00",
    } in items
    assert [i["at"] for i in items] == sorted(i["at"] for i in items)

    assert cc(tmp_path, "workout", "remove", "w1").returncode == 0
    assert cc(tmp_path, "remind", "remove", "r2").returncode == 0
    assert [w["id"] for w in json.loads(cc(tmp_path, "workout", "list", "--json").stdout)] == ["w2"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["workout", "add", "--days", "mox", "--at", "18:00", "--duration", "60"],
            "argument --days: unknown day 'mox'",
        ),
        (
            ["workout", "add", "--days", "mon", "--at", "25:00", "--duration", "60"],
            "argument --at: not a time of day (HH:MM, 24-hour): '25:00'",
        ),
        (
            ["workout", "add", "--days", "mon", "--at", "18:00", "--duration", "0"],
            "argument --duration: minutes (1-1440), not '0'",
        ),
        (
            [
                "workout",
                "add",
                "--days",
                "mon",
                "--at",
                "18:00",
                "--duration",
                "60",
                "--pre",
                "soon",
            ],
            "argument --pre: minutes (0-1440) or 'off', not 'soon'",
        ),
        (
            ["workout", "add", "--at", "18:00", "--duration", "60"],
            "give either --days (weekly) or --date (one-off)",
        ),
        (
            [
                "workout",
                "add",
                "--days",
                "mon",
                "--at",
                "18:00",
                "--duration",
                "60",
                "--pre-routine",
                "nope",
            ],
            "argument --pre-routine: no routine with id 'nope'",
        ),
        (
            ["remind", "add", "--every", "2x", "--between", "09:00-21:00", "--message", "m"],
            "argument --every: an interval like 2h, 90m or 45min, not '2x'",
        ),
        (
            ["remind", "add", "--every", "2h", "--between", "21:00-09:00", "--message", "m"],
            "argument --between: the window must end after it starts: '21:00-09:00'",
        ),
        (["remind", "add", "--at", "22:30"], "argument --routine (or --message) is required"),
        (["remind", "next", "--from", "yesterday"], "argument --from: not an ISO date-time"),
        (["workout", "remove", "w9"], "no workout with id 'w9'"),
    ],
)
def test_bad_arguments_get_one_line_and_exit_2(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = cc(tmp_path, *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]


def test_import_and_export(tmp_path: Path) -> None:
    ics = tmp_path / "plan.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\n"
        "UID:a\r\nSUMMARY:Run\r\nDTSTART;TZID=Europe/Berlin:20270104T180000\r\n"
        "DURATION:PT1H\r\nRRULE:FREQ=WEEKLY;BYDAY=MO\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    result = cc(tmp_path, "workout", "import", str(ics))
    assert result.returncode == 0, result.stderr
    # a calendar source now (issue 14): one entry with its events and next occurrence
    assert result.stdout.startswith(f"c1  plan (calendar {ics}): 1 event, 1 recurring; next Mon")
    out = tmp_path / "out.ics"
    result = cc(tmp_path, "remind", "export", str(out))
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == f"c1 not exported: it is a calendar already ({ics})"
    bad = tmp_path / "bad.ics"
    bad.write_text("nope")
    result = cc(tmp_path, "workout", "import", str(bad))
    assert result.returncode == 1
    assert f"{bad}: not an iCalendar file" in result.stderr


def test_remind_next_lists_a_snoozed_reminder_with_source_snooze(tmp_path: Path) -> None:
    import datetime as dt

    from crampcoach.core.atomic import write_atomic
    from crampcoach.core.reminder_engine import ReminderState, Snooze, state_path
    from crampcoach.core.schedule import Firing
    from tests.fakes import user_env

    berlin = dt.timezone(dt.timedelta(hours=2))
    cc(tmp_path, "remind", "add", "--at", "22:30", "--routine", "bedtime-calf-hamstring")
    firing = Firing(
        at=dt.datetime(2030, 6, 1, 22, 30, tzinfo=berlin),
        kind="daily",
        routine="bedtime-calf-hamstring",
        message="Time for your routine",
        source="r1",
    )
    until = dt.datetime(2030, 6, 1, 22, 40, tzinfo=berlin)
    state = ReminderState(snoozes=[Snooze(firing=firing, until=until)])
    with pytest.MonkeyPatch.context() as patch:
        for key, value in user_env(tmp_path).items():
            patch.setenv(key, value)
        write_atomic(state_path(), state.model_dump_json().encode())
    result = cc(tmp_path, "remind", "next", "--from", "2030-06-01T22:35+02:00", "--json")
    items = json.loads(result.stdout)
    assert items[0]["source"] == "snooze"
    assert items[0]["at"].startswith("2030-06-01T22:40")
    assert items[0]["routine"] == "bedtime-calf-hamstring"
    assert items[1]["source"] == "r1"  # the next evening's
