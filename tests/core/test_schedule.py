"""Reminder rules on real time-zone data: DST gaps and repeats, weeks in milliseconds."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from crampcoach.core.schedule import Reminder, Workout, next_firings, resolve_wall_time

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def local(zone: ZoneInfo, *args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=zone)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("zone", "spring"), [(BERLIN, dt.date(2027, 3, 28)), (NEW_YORK, dt.date(2027, 3, 14))]
)
def test_a_daily_reminder_keeps_its_wall_time_across_dst(zone: ZoneInfo, spring: dt.date) -> None:
    daily = Reminder(id="r1", at="07:00", routine="bedtime-calf-hamstring")
    start = local(zone, spring.year, spring.month, spring.day - 3, 12, 0)
    firings = next_firings([], [daily], start, zone, 7)
    assert [f.at.hour for f in firings] == [7] * 7
    assert [f.at.date() for f in firings] == [
        start.date() + dt.timedelta(days=n + 1) for n in range(7)
    ]
    offsets = {f.at.utcoffset() for f in firings}
    assert len(offsets) == 2, "the UTC offset changes, the wall time does not"


def test_a_time_that_does_not_exist_fires_at_the_first_valid_moment_after_it() -> None:
    assert (
        resolve_wall_time(dt.datetime(2027, 3, 28, 2, 30), BERLIN).isoformat()
        == "2027-03-28T03:00:00+02:00"
    )
    assert (
        resolve_wall_time(dt.datetime(2027, 3, 14, 2, 15), NEW_YORK).isoformat()
        == "2027-03-14T03:00:00-04:00"
    )
    daily = Reminder(id="r1", at="02:30", message="Stretch")
    firings = next_firings([], [daily], local(BERLIN, 2027, 3, 27, 12, 0), BERLIN, 2)
    assert [f.at.isoformat() for f in firings] == [
        "2027-03-28T03:00:00+02:00",
        "2027-03-29T02:30:00+02:00",
    ]


def test_an_ambiguous_time_fires_once_at_its_first_occurrence() -> None:
    daily = Reminder(id="r1", at="02:30", message="Stretch")
    firings = next_firings([], [daily], local(BERLIN, 2027, 10, 30, 12, 0), BERLIN, 3)
    assert [f.at.isoformat() for f in firings] == [
        "2027-10-31T02:30:00+02:00",
        "2027-11-01T02:30:00+01:00",
        "2027-11-02T02:30:00+01:00",
    ]


@pytest.mark.parametrize("day", [dt.date(2027, 3, 28), dt.date(2027, 10, 31)])
def test_interval_reminders_on_dst_days_never_double_fire(day: dt.date) -> None:
    water = Reminder(id="r2", every=30, between=("01:00", "05:00"), message="Drink water")
    start = local(BERLIN, day.year, day.month, day.day, 0, 0)
    firings = [f for f in next_firings([], [water], start, BERLIN, 40) if f.at.date() == day]
    instants = [f.at.astimezone(dt.UTC) for f in firings]
    assert instants == sorted(set(instants)), "strictly increasing: nothing fires twice"
    assert all(dt.time(1) <= f.at.time() <= dt.time(5) for f in firings)


def test_workout_reminders_are_real_minutes_before_and_after() -> None:
    gym = Workout(id="w1", name="Gym", days=["sun"], at="02:30", duration=60, pre=10, post=5)
    firings = next_firings([gym], [], local(BERLIN, 2027, 3, 27, 12, 0), BERLIN, 4)
    # 02:30 does not exist on 28 March: the workout starts at 03:00 CEST (01:00 UTC)
    assert [(f.kind, f.at.isoformat()) for f in firings] == [
        ("pre-workout", "2027-03-28T01:50:00+01:00"),
        ("post-workout", "2027-03-28T04:05:00+02:00"),
        ("pre-workout", "2027-04-04T02:20:00+02:00"),
        ("post-workout", "2027-04-04T03:35:00+02:00"),
    ]
    assert firings[0].routine == "pre-workout-leg-warmup"
    assert firings[1].routine == "post-workout-leg-cooldown"


def test_pre_and_post_can_be_turned_off_and_one_off_workouts_fire_once() -> None:
    race = Workout(id="w2", date=dt.date(2027, 4, 2), at="07:30", duration=45, pre=None, post=0)
    firings = next_firings([race], [], local(NEW_YORK, 2027, 4, 1, 0, 0), NEW_YORK, 10)
    assert [(f.kind, f.at.isoformat()) for f in firings] == [
        ("post-workout", "2027-04-02T08:15:00-04:00")
    ]


def test_a_week_of_everything_merged_in_time_order_in_milliseconds() -> None:
    rules_w = [Workout(id="w1", days=["mon", "wed", "fri"], at="18:00", duration=60)]
    rules_r = [
        Reminder(id="r1", at="22:30", routine="bedtime-calf-hamstring"),
        Reminder(id="r2", every=120, between=("09:00", "21:00"), message="Water"),
        Reminder(id="r3", at="07:00", days=["sat", "sun"], message="Stretch"),
    ]
    start = local(NEW_YORK, 2027, 11, 4, 0, 0)  # the week of the November change
    firings = next_firings(rules_w, rules_r, start, NEW_YORK, 1000)
    week = [f for f in firings if f.at < start + dt.timedelta(days=7)]
    kinds = [f.kind for f in week]
    assert kinds.count("pre-workout") == kinds.count("post-workout") == 3
    assert kinds.count("daily") == 7 + 2
    assert kinds.count("interval") == 7 * 7
    instants = [f.at.astimezone(dt.UTC) for f in firings]
    assert instants == sorted(instants)
    assert firings[0].at >= start


def test_from_is_inclusive_and_count_is_respected() -> None:
    daily = Reminder(id="r1", at="07:00", message="Hi")
    start = local(BERLIN, 2027, 6, 1, 7, 0)
    firings = next_firings([], [daily], start, BERLIN, 3)
    assert len(firings) == 3
    assert firings[0].at == start


def test_bad_rules_are_refused() -> None:
    with pytest.raises(ValueError, match="either days"):
        Workout(id="w", at="18:00", duration=60)
    with pytest.raises(ValueError, match="HH:MM"):
        Workout(id="w", days=["mon"], at="25:00", duration=60)
    with pytest.raises(ValueError, match="either a time"):
        Reminder(id="r", message="x")
    with pytest.raises(ValueError, match="end after it starts"):
        Reminder(id="r", every=60, between=("21:00", "09:00"), message="x")


def test_a_workout_in_progress_still_gets_its_cool_down_reminder() -> None:
    gym = Workout(id="w1", days=["sun"], at="02:30", duration=60, post=0)
    # 28 March 2027: the workout starts at 03:00 CEST (02:30 does not exist); ask at 03:10
    firings = next_firings([gym], [], local(BERLIN, 2027, 3, 28, 3, 10), BERLIN, 1)
    assert [(f.kind, f.at.isoformat()) for f in firings] == [
        ("post-workout", "2027-03-28T04:00:00+02:00")
    ]
    long_run = Workout(id="w2", days=["sat"], at="08:00", duration=180, pre=10, post=15)
    firings = next_firings([long_run], [], local(BERLIN, 2027, 6, 5, 10, 0), BERLIN, 1)
    assert [(f.kind, f.at.isoformat()) for f in firings] == [
        ("post-workout", "2027-06-05T11:15:00+02:00")
    ]
