"""Weekly stats, streaks, night comparison, red flags and CSV, with real zoneinfo data."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from crampcoach.core import safety
from crampcoach.core.csv_export import cramps_csv, export_csv, sessions_csv
from crampcoach.core.diary import Cramp, logged_notes, red_flags
from crampcoach.core.history_store import SessionRecord
from crampcoach.core.insights import insights, night_of, streak, weekly

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


def session(
    started: dt.datetime, minutes: float = 5, *, bedtime: bool = True, status: str = "completed"
) -> SessionRecord:
    return SessionRecord(
        routine_id="bedtime-calf-hamstring" if bedtime else "pre-workout-leg-warmup",
        title="Bedtime" if bedtime else "Warm-up",
        started=started.astimezone(dt.UTC),
        tags=("bedtime",) if bedtime else ("pre-workout",),
        status=status,  # type: ignore[arg-type]
        active_seconds=minutes * 60,
    )


def cramp(when: dt.datetime, severity: int = 5, *, sleep: bool = True, **extra: object) -> Cramp:
    return Cramp(
        at=when.astimezone(dt.UTC), muscle="calf", severity=severity, during_sleep=sleep, **extra
    )  # type: ignore[arg-type]


def test_a_night_runs_noon_to_noon_in_local_time() -> None:
    assert night_of(at(10, 22, 30), BERLIN) == dt.date(2026, 3, 10)
    assert night_of(at(11, 3, 0), BERLIN) == dt.date(2026, 3, 10)
    assert night_of(at(11, 12, 0), BERLIN) == dt.date(2026, 3, 11)


def test_weeks_count_sessions_minutes_bedtime_nights_and_cramps() -> None:
    # Week of Mon 16 March and week of Mon 23 March 2026 (DST starts Sun 29 March).
    sessions = [
        session(at(16, 22)),
        session(at(17, 22, 30)),
        session(at(18, 7), 10, bedtime=False),
        session(at(18, 23), 0.5, status="stopped"),  # too short to count
        session(at(28, 23, 30)),
        session(at(29, 1, 30)),  # one night across the DST change
    ]
    cramps = [cramp(at(19, 3), 7), cramp(at(20, 4), 5), cramp(at(24, 15), 3, sleep=False)]
    now = at(29, 20)
    weeks = weekly(sessions, cramps, now, 3, BERLIN)
    assert [w.week_start for w in weeks] == [dt.date(2026, 3, d) for d in (9, 16, 23)]
    w16, w23 = weeks[1], weeks[2]
    assert (w16.sessions, w16.bedtime_nights, w16.cramps, w16.cramp_nights) == (3, 2, 2, 2)
    assert w16.minutes == pytest.approx(20.5)
    assert w16.mean_severity == 6.0
    assert (w23.sessions, w23.bedtime_nights, w23.cramps, w23.cramp_nights) == (2, 1, 1, 0)
    assert weeks[0].mean_severity is None
    assert weeks[0].cramps == 0


def test_the_streak_counts_days_in_a_row_and_survives_until_today_ends() -> None:
    sessions = [session(at(d, 22)) for d in (20, 21, 22, 23)] + [session(at(18, 22))]
    assert streak(sessions, at(24, 9), BERLIN) == 4  # not yet stretched today: still alive
    assert streak(sessions, at(23, 23), BERLIN) == 4
    assert streak(sessions, at(25, 9), BERLIN) == 0
    short = [session(at(24, 10), 0.2, status="stopped")]
    assert streak(sessions + short, at(24, 11), BERLIN) == 4


def test_nights_with_and_without_the_bedtime_routine_are_compared() -> None:
    # 1-14 March: bedtime routine on the 8 nights 1-8; sleep cramps on nights 2, 9, 10, 11.
    sessions = [session(at(d, 22)) for d in range(1, 9)]
    cramps = [cramp(at(d + 1, 3)) for d in (2, 9, 10, 11)] + [cramp(at(5, 14), sleep=False)]
    result = insights(sessions, cramps, at(15, 9), weeks=2, zone=BERLIN)
    assert (result.with_bedtime.nights, result.with_bedtime.cramp_nights) == (8, 1)
    assert (result.without_bedtime.nights, result.without_bedtime.cramp_nights) == (6, 3)
    assert result.with_bedtime.rate == pytest.approx(1 / 8)
    data = result.to_json()
    assert data["nights"]["without_bedtime_routine"] == {
        "nights": 6,
        "cramp_nights": 3,
        "rate": 0.5,
    }
    assert "not a clinical trial" in data["caveat"]
    assert insights([], [], at(15, 9), zone=BERLIN).with_bedtime.rate is None


def test_red_flags_for_signs_and_for_cramps_on_most_days() -> None:
    now = at(20, 12)
    assert red_flags([cramp(at(19, 3))], now) == []
    [message] = red_flags([cramp(at(19, 3), swelling=True, weakness=True)], now)
    assert "swelling and weakness" in message
    assert "health professional" in message
    assert red_flags([cramp(at(1, 3), redness=True)], now) == []  # older than two weeks
    seven = [cramp(at(d, 3)) for d in range(7, 14)]
    assert red_flags(seven, now) == []
    eight = [*seven, cramp(at(14, 3))]
    [message] = red_flags(eight, now)
    assert "8 of the last 14 days" in message


def test_the_red_flags_use_the_one_wording_and_include_warmth() -> None:
    now = at(20, 12)
    [message] = red_flags([cramp(at(19, 3), warmth=True)], now)
    assert message.startswith("You noted warmth with a cramp. ")
    assert safety.RED_FLAGS in message
    assert "today" in message


def test_a_logged_cramp_gets_its_notes_whatever_date_it_is_for() -> None:
    """The two-week window is the Progress banner's; logging always says what applies."""
    six_weeks_ago = at(20, 3) - dt.timedelta(weeks=6)
    assert logged_notes(cramp(six_weeks_ago)) == []
    for sign in ("swelling", "warmth", "redness", "weakness"):
        [note] = logged_notes(cramp(six_weeks_ago, **{sign: True}))
        assert sign in note
        assert safety.RED_FLAGS in note
    [note] = logged_notes(cramp(six_weeks_ago, minutes=12))
    assert note == f"This cramp lasted 12 minutes. {safety.LONG_CRAMP}"
    assert logged_notes(cramp(six_weeks_ago, minutes=10)) == [], "more than 10 minutes"
    [note] = logged_notes(cramp(six_weeks_ago, triggers=("new-medication",)))
    assert note == safety.NEW_MEDICATION
    assert "prescribed" in note
    assert len(logged_notes(cramp(six_weeks_ago, minutes=30, swelling=True))) == 2


def test_a_cramp_needs_a_known_muscle_a_0_to_10_severity_and_a_time_zone() -> None:
    with pytest.raises(ValidationError):
        Cramp(at=at(1, 1), muscle="elbow", severity=3)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        Cramp(at=at(1, 1), muscle="calf", severity=11)
    with pytest.raises(ValidationError, match="time zone"):
        Cramp(at=dt.datetime(2026, 1, 1), muscle="calf", severity=3)
    assert Cramp(
        at=at(1, 1), muscle="calf", severity=3, triggers=("hard-workout", "hard-workout")
    ).triggers == ("hard-workout",)


def test_csv_is_local_time_excel_safe_and_written_atomically(tmp_path) -> None:  # type: ignore[no-untyped-def]
    sessions = [session(at(16, 22), 5.25)]
    cramps = [cramp(at(17, 3), 6, notes="=HYPERLINK(1)", triggers=("long-standing",), redness=True)]
    rows = list(csv.DictReader(io.StringIO(cramps_csv(cramps, BERLIN))))
    assert rows[0]["at"] == "2026-03-17T03:00+01:00"
    assert rows[0]["notes"] == "'=HYPERLINK(1)"
    assert rows[0]["redness"] == "yes"
    assert rows[0]["triggers"] == "long-standing"
    [row] = list(csv.DictReader(io.StringIO(sessions_csv(sessions, BERLIN))))
    assert row["minutes"] == "5.2" or row["minutes"] == "5.3"
    written = export_csv(tmp_path, sessions, cramps, BERLIN)
    assert [p.name for p in written] == ["crampcoach-sessions.csv", "crampcoach-cramps.csv"]
    assert written[1].read_bytes().startswith(b"\xef\xbb\xbfat,muscle")


def test_a_session_stopped_after_a_minute_keeps_no_streak_one_nearly_done_does() -> None:
    """A streak is of routines done: stopping a 4-minute routine after a minute is
    stretching time (it counts in the minutes) but not the day's routine."""
    done = [session(at(d, 22)) for d in (21, 22)]
    quit_early = SessionRecord(
        routine_id="bedtime-calf-hamstring",
        title="Bedtime",
        started=at(23, 22).astimezone(dt.UTC),
        tags=("bedtime",),
        status="stopped",
        active_seconds=70,
        position=70,
        duration=240,
    )
    assert streak([*done, quit_early], at(23, 23), BERLIN) == 2
    nearly = SessionRecord(
        routine_id="bedtime-calf-hamstring",
        title="Bedtime",
        started=at(23, 22).astimezone(dt.UTC),
        tags=("bedtime",),
        status="stopped",
        active_seconds=200,
        position=200,
        duration=240,
    )
    assert streak([*done, nearly], at(23, 23), BERLIN) == 3
