"""The file the window process writes for the tray agent: read back exactly, and anything
damaged read as nothing (the agent then has the window process plan again)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from crampcoach.core.agent_state import AgentState, decode, next_text, read_state

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_state_reads_back_as_written(tmp_path: Path) -> None:
    state = AgentState(
        next_wakeup=dt.datetime(2026, 3, 29, 2, 30, tzinfo=dt.UTC).astimezone(BERLIN),
        next_text="Next: Sun 04:30: Stretch",
        start_menu=(("Bedtime", (("bedtime-calf-hamstring", "Bedtime calf stretch"),)),),
        watch=("/home/x/.config/crampcoach/schedule.json",),
        has_rules=True,
    )
    path = tmp_path / "agent.json"
    path.write_bytes(state.encode())
    back = read_state(path)
    assert back == state
    assert back is not None
    assert back.next_wakeup == state.next_wakeup
    assert back.next_wakeup.utcoffset() == dt.timedelta(hours=2)  # summer time kept


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"{",
        b"[]",
        b'{"version": 2}',
        b'{"version": 1, "next_wakeup": "2026-11-30T22:00:00"}',  # no offset: ambiguous
        b'{"version": 1, "next_wakeup": 5}',
        b'{"version": 1, "start_menu": [{"label": "x"}]}',
        b'{"version": 1, "start_menu": [{"label": "x", "routines": [["only-id"]]}]}',
        b"\xff\xfe",
    ],
)
def test_a_damaged_state_reads_as_nothing(raw: bytes) -> None:
    assert decode(raw) is None


def test_a_missing_file_reads_as_nothing(tmp_path: Path) -> None:
    assert read_state(tmp_path / "none.json") is None


def test_the_next_line_says_pause_first_then_the_next_reminder() -> None:
    at = dt.datetime(2026, 11, 30, 21, 30, tzinfo=BERLIN)
    assert next_text(at, "Stretch", None) == "Next: Mon 21:30: Stretch"
    assert next_text(at, "Stretch", at) == "Reminders paused until Mon 21:30"
    assert next_text(None, "", None) == "No reminders set"


def test_a_pause_ends_after_its_hours_or_at_six_tomorrow() -> None:
    from crampcoach.core.agent_state import pause_end

    now = dt.datetime(2026, 3, 28, 22, 15, tzinfo=BERLIN)
    assert pause_end(now, 1) == now + dt.timedelta(hours=1)
    assert pause_end(now, None) == dt.datetime(2026, 3, 29, 6, 0, tzinfo=BERLIN)
