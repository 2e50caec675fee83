"""Fuzz calendar import and planning: mutated calendars (ours and recurring-ical-events')
import with one-line warnings for what is damaged, or are refused in one line naming the
file; planning them never raises.

CI replays half as many fixed cases as the routine fuzz; ``scripts/fuzz.sh`` explores
fresh ones (``CRAMPCOACH_FUZZ_EXAMPLES`` sets the count).
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crampcoach.core.calendar_expand import IcsError
from crampcoach.core.calendar_import import apply, import_calendar
from crampcoach.core.calendar_store import CalendarStore
from crampcoach.core.schedule import next_firings
from crampcoach.core.schedule_store import Schedule
from tests.core.calendar_oracle import CALENDARS

EXAMPLES = int(os.environ.get("CRAMPCOACH_FUZZ_EXAMPLES", "300")) // 2
SEEDS = [p.read_bytes() for p in sorted(CALENDARS.glob("*.ics"))] + [
    p.read_bytes() for p in sorted((CALENDARS / "ric").glob("*.ics"))
]
PIECES = [
    b":", b";", b"\r\n", b"Z", b"T", b'"', b"\x00", b"\xff", b",",
    b"BEGIN:VEVENT\r\n", b"END:VEVENT\r\n", b"UID:dup\r\n", b"RRULE:FREQ=DAILY\r\n",
    b"RRULE:FREQ=WEEKLY;UNTIL=20270101\r\n", b"RRULE:FREQ=MONTHLY;COUNT=-3\r\n",
    b"RECURRENCE-ID:20270105T090000Z\r\n", b"RECURRENCE-ID;RANGE=THISANDFUTURE:20270105\r\n",
    b"RDATE;VALUE=PERIOD:20270101T000000Z/PT1H\r\n", b"DTSTART;VALUE=DATE:20270101\r\n",
    b"DTEND:20200101T000000Z\r\n", b"X-WR-TIMEZONE:Nowhere/Land\r\n", b"STATUS:CANCELLED\r\n",
    b"EXDATE:20270108\r\n", b"DTSTART;TZID=Not A Zone:20270101T100000\r\n",
]  # fmt: skip
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize="CRAMPCOACH_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ZONE = ZoneInfo("Pacific/Auckland")
NOW = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.integers(0, 3))
        if kind == 0:
            data[at : at + 1] = bytes([draw(st.integers(0, 255))])
        elif kind == 1:
            del data[at : at + draw(st.integers(1, 60))]
        elif kind == 2:
            data[at:at] = draw(st.sampled_from(PIECES))
        else:
            lines = bytes(data).split(b"\r\n")
            lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(lines)))
            data = bytearray(b"\r\n".join(lines))
    return bytes(data)


@FUZZ
@given(data=mutated())
def test_a_mutated_calendar_imports_or_is_refused_in_one_line(
    data: bytes, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "mutated.ics"
    path.write_bytes(data)
    schedule = Schedule()
    try:
        report = import_calendar(CalendarStore(folder / "calendars"), path, schedule, NOW, ZONE)
    except IcsError as exc:
        refusal = str(exc)
    else:
        refusal = ""
    if refusal:
        assert refusal.startswith(f"{path}: ")
        assert "\n" not in refusal
        return
    assert all("\n" not in p and p.startswith(f"{path}: ") for p in report.problems)
    apply(schedule, report)
    store = CalendarStore(folder / "calendars")
    next_firings([], [], NOW, ZONE, 100, store.plans(schedule))
    next_firings([], [], NOW - dt.timedelta(days=3000), ZONE, 20, store.plans(schedule))
    assert all("\n" not in line for line in store.news(schedule))
