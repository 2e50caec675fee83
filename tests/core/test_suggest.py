""" "What should I do now?": every rule, and which wins, on a fake clock in a real zone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from crampcoach.core.calendar_plan import CalendarPlan
from crampcoach.core.diary import Cramp, Muscle
from crampcoach.core.history_store import SessionRecord
from crampcoach.core.library import Library, load_library
from crampcoach.core.resources import builtin_routines_dir
from crampcoach.core.schedule import Workout
from crampcoach.core.schedule_store import Schedule
from crampcoach.core.suggest import Suggestion, suggest
from crampcoach.core.workout_times import PlannedWorkout, planned_workouts

ZONE = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library(builtin_routines_dir(), None)


def at(hour: int, minute: int = 0, day: int = 2) -> dt.datetime:
    """A Wednesday in June 2027 (2 June), Berlin time."""
    return dt.datetime(2027, 6, day, hour, minute, tzinfo=ZONE)


def played(
    routine_id: str, started: dt.datetime, library: Library, **extra: object
) -> SessionRecord:
    entry = library.get(routine_id)
    assert entry is not None
    values: dict[str, object] = {"status": "completed", "duration": 300.0, "position": 300.0}
    values.update(extra)
    return SessionRecord(
        routine_id,
        entry.routine.title,
        started.astimezone(dt.UTC),  # the store keeps UTC
        tuple(entry.routine.tags),
        **values,  # type: ignore[arg-type]
    )


def cramp(when: dt.datetime, muscle: Muscle = "calf", *, sleep: bool = False) -> Cramp:
    return Cramp(at=when.astimezone(dt.UTC), muscle=muscle, severity=6, during_sleep=sleep)


def workout(starts: dt.datetime, minutes: int = 60, name: str = "Running") -> PlannedWorkout:
    return PlannedWorkout(name, starts, starts + dt.timedelta(minutes=minutes))


def ask(library: Library, now: dt.datetime, **inputs: object) -> Suggestion:
    result = suggest(now, entries=library.sorted_entries(), **inputs)  # type: ignore[arg-type]
    assert result is not None
    return result


# -- 1. a cramp in the last hour -------------------------------------------------------------
def test_a_recent_cramp_gets_the_relief_guide_for_its_muscle(library: Library) -> None:
    now = at(14, 30)
    result = ask(library, now, cramps=[cramp(at(14, 10), "hamstring")])
    assert (result.routine_id, result.rule) == ("hamstring-cramp-relief", "cramp")
    assert (
        result.why == "You logged a hamstring cramp 20 minutes ago: a gentle stretch can ease it."
    )
    assert ask(library, now, cramps=[cramp(at(14, 29), "foot")]).routine_id == "foot-cramp-relief"
    # "other": a relief guide all the same
    assert ask(library, now, cramps=[cramp(at(14, 0), "other")]).rule == "cramp"


def test_an_older_or_relieved_cramp_is_no_longer_a_reason(library: Library) -> None:
    now = at(14, 30)
    assert ask(library, now, cramps=[cramp(at(13, 20))]).rule != "cramp"  # 70 minutes ago
    relieved = [played("calf-cramp-relief", at(14, 12), library)]
    result = ask(library, now, cramps=[cramp(at(14, 10))], sessions=relieved)
    assert result.rule != "cramp"
    # a relief guide stopped at once does not count as played
    stopped = [played("calf-cramp-relief", at(14, 12), library, status="stopped", position=20.0)]
    assert ask(library, now, cramps=[cramp(at(14, 10))], sessions=stopped).rule == "cramp"
    # a relief guide played this morning does not settle a new cramp
    morning = [played("calf-cramp-relief", at(8), library)]
    result = ask(library, now, cramps=[cramp(at(14, 10))], sessions=morning)
    assert result.routine_id == "calf-cramp-relief"


def test_a_cramp_in_a_muscle_to_rest_gets_breathing_instead(library: Library) -> None:
    result = ask(library, at(14, 30), cramps=[cramp(at(14, 25))], avoid=["calves"])
    assert result.rule == "cramp"
    assert "breathing" in library.get(result.routine_id).routine.tags  # type: ignore[union-attr]
    assert result.why.startswith("You logged a calf cramp 5 minutes ago, and your calves are")


# -- 2 and 3. around a workout ---------------------------------------------------------------
def test_a_workout_within_two_hours_gets_its_warm_up(library: Library) -> None:
    now = at(16, 45)
    result = ask(library, now, workouts=[workout(at(18))])
    assert (result.routine_id, result.rule) == ("pre-workout-leg-warmup", "pre-workout")
    assert result.why == "Running starts at 18:00, in 1 hour 15 minutes: warm up first."
    assert ask(library, at(15, 59), workouts=[workout(at(18))]).rule != "pre-workout"
    warmed = [played("pre-workout-leg-warmup", at(16, 30), library)]
    assert ask(library, now, workouts=[workout(at(18))], sessions=warmed).rule != "pre-workout"


def test_a_workout_that_ended_within_three_hours_gets_its_cool_down(library: Library) -> None:
    done = workout(at(17), minutes=90)  # ends 18:30
    result = ask(library, at(19, 15), workouts=[done])
    assert (result.routine_id, result.rule) == ("post-workout-leg-cooldown", "post-workout")
    assert result.why == "Running ended at 18:30: cool down with slow stretches."
    assert ask(library, at(18, 0), workouts=[done]).rule != "post-workout"  # still going
    assert ask(library, at(21, 31), workouts=[done]).rule != "post-workout"
    cooled = [played("post-workout-leg-cooldown", at(18, 35), library)]
    assert ask(library, at(19, 15), workouts=[done], sessions=cooled).rule != "post-workout"


def test_a_workouts_own_routines_come_first(library: Library) -> None:
    mine = PlannedWorkout("Gym", at(18), at(19), "box-breathing", "resonance-breathing")
    assert ask(library, at(17), workouts=[mine]).routine_id == "box-breathing"
    assert ask(library, at(19, 30), workouts=[mine]).routine_id == "resonance-breathing"


# -- 4. bedtime ------------------------------------------------------------------------------
def test_evening_without_a_bedtime_routine_gets_one(library: Library) -> None:
    result = ask(library, at(21, 30))
    assert result.rule == "bedtime"
    assert result.why == "It's evening and you haven't done a bedtime routine yet."
    assert ask(library, at(19, 59)).rule != "bedtime"
    assert ask(library, at(1, 30, day=3)).rule == "bedtime"  # after midnight, before bed
    done = [played("breathing-4-7-8", at(20, 15), library)]  # tagged bedtime too
    assert ask(library, at(21, 30), sessions=done).rule != "bedtime"
    # last night's bedtime routine (before noon's turn of the night) does not count
    last_night = [played("bedtime-calf-hamstring", at(23, day=1), library)]
    assert ask(library, at(21, 30), sessions=last_night).rule == "bedtime"


def test_night_cramps_this_week_put_the_bedtime_stretch_first(library: Library) -> None:
    nights = [cramp(at(3, day=1), sleep=True), cramp(at(23, day=1))]  # slept, or late
    result = ask(library, at(21, 30), cramps=nights)
    assert result.rule == "bedtime"
    assert library.get(result.routine_id).routine.kind == "stretch"  # type: ignore[union-attr]
    assert result.why == (
        "It's evening and you logged 2 cramps at night this week: stretch before bed."
    )
    old = [cramp(at(3, day=2) - dt.timedelta(days=8), sleep=True)]
    assert "haven't done" in ask(library, at(21, 30), cramps=old).why


# -- 5. otherwise ----------------------------------------------------------------------------
def test_otherwise_a_favourite_not_done_today_then_breathing(library: Library) -> None:
    result = ask(library, at(11), favourites=["pmr-lower-body"])
    assert (result.routine_id, result.rule) == ("pmr-lower-body", "calm")
    assert result.why == "Nothing is due right now: a favourite of yours."
    done = [played("pmr-lower-body", at(9), library)]
    result = ask(library, at(11), favourites=["pmr-lower-body"], sessions=done)
    assert result.rule == "calm"
    assert "breathing" in library.get(result.routine_id).routine.tags  # type: ignore[union-attr]
    # a favourite done yesterday is fine again today
    yesterday = [played("pmr-lower-body", at(9, day=1), library)]
    assert ask(library, at(11), favourites=["pmr-lower-body"], sessions=yesterday).routine_id == (
        "pmr-lower-body"
    )


def test_what_was_done_today_comes_back_only_when_nothing_else_fits(library: Library) -> None:
    everything = [played(e.id, at(8), library) for e in library.sorted_entries()]
    result = ask(library, at(11), sessions=everything)
    assert result.rule == "calm"  # all done: the first choice again, rather than nothing
    calm_done = [
        played(e.id, at(8), library)
        for e in library.sorted_entries()
        if {"breathing", "relaxation"} & set(e.routine.tags)
    ]
    result = ask(library, at(11), sessions=calm_done)
    assert result.rule == "any"
    assert "cramp-relief" not in library.get(result.routine_id).routine.tags  # type: ignore[union-attr]
    assert suggest(at(11), entries=[]) is None


# -- priorities and muscles to rest ----------------------------------------------------------
def test_a_cramp_comes_before_a_workout_and_a_warm_up_before_a_cool_down(
    library: Library,
) -> None:
    now = at(18, 30)
    ended = workout(at(17), minutes=60)
    coming = workout(at(20), name="Football")
    assert ask(library, now, workouts=[ended, coming]).rule == "pre-workout"
    both = ask(library, now, workouts=[ended, coming], cramps=[cramp(at(18, 20))])
    assert both.rule == "cramp"
    assert ask(library, now, workouts=[ended]).rule == "post-workout"
    # a warm-up due in the evening beats bedtime
    assert ask(library, at(20, 30), workouts=[workout(at(21))]).rule == "pre-workout"


def test_a_routine_that_works_a_muscle_to_rest_ranks_lower_and_says_so(
    library: Library,
) -> None:
    result = ask(library, at(21, 30), avoid=["calves", "hamstrings"])
    assert result.rule == "bedtime"
    assert not library.get(result.routine_id).routine.muscles  # type: ignore[union-attr]
    # when every candidate of the rule works it, the sentence says so
    result = ask(library, at(17), workouts=[workout(at(18))], avoid=["calves"])
    assert result.routine_id == "pre-workout-leg-warmup"
    assert result.why.endswith(
        "It works your calves, which you asked to rest: those steps are skipped."
    )
    gently = ask(library, at(17), workouts=[workout(at(18))], avoid=["calves"], skip_avoided=False)
    assert gently.why.endswith("which you asked to rest: go gently.")


def test_now_must_carry_its_zone(library: Library) -> None:
    with pytest.raises(ValueError, match="aware"):
        suggest(dt.datetime(2027, 6, 2, 12), entries=library.sorted_entries())


# -- the day's workouts from the schedule ----------------------------------------------------
def test_planned_workouts_come_from_weekly_and_one_off_workouts() -> None:
    schedule = Schedule(
        workouts=[
            Workout(id="w1", name="Running", days=["wed"], at="18:00", duration=60),
            Workout(
                id="w2",
                name="Swim",
                date=dt.date(2027, 6, 2),
                at="07:30",
                duration=45,
                pre_routine="box-breathing",
            ),
            Workout(id="w3", name="Yoga", days=["thu"], at="09:00", duration=60),
        ]
    )
    day = planned_workouts(schedule, [], at(0), at(0, day=3), ZONE)
    assert [(w.name, w.starts, w.ends) for w in day] == [
        ("Swim", at(7, 30), at(8, 15)),
        ("Running", at(18), at(19)),
    ]
    assert day[0].pre_routine == "box-breathing"
    # a workout that began before the window but ends inside it is still there
    late = planned_workouts(schedule, [], at(18, 30), at(23), ZONE)
    assert [w.name for w in late] == ["Running"]


def test_planned_workouts_across_a_dst_change_last_their_real_minutes() -> None:
    schedule = Schedule(
        workouts=[Workout(id="w1", name="Night shift", days=["sat"], at="23:30", duration=180)]
    )
    start = dt.datetime(2027, 10, 30, 12, tzinfo=ZONE)  # clocks go back at 03:00 on the 31st
    (shift,) = planned_workouts(schedule, [], start, start + dt.timedelta(days=1), ZONE)
    assert shift.ends - shift.starts == dt.timedelta(hours=3)
    assert (shift.ends.astimezone(dt.UTC) - shift.starts.astimezone(dt.UTC)) == dt.timedelta(
        hours=3
    )


def test_planned_workouts_include_calendar_occurrences(tmp_path: Path) -> None:
    from crampcoach.core.calendar_expand import Expander
    from crampcoach.core.schedule import CalendarSource

    ics = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
        b"BEGIN:VEVENT\r\nUID:a@t\r\nDTSTAMP:20270101T000000Z\r\nSUMMARY:Spin class\r\n"
        b"DTSTART;TZID=Europe/Berlin:20270602T180000\r\n"
        b"DTEND;TZID=Europe/Berlin:20270602T190000\r\n"
        b"RRULE:FREQ=WEEKLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    source = CalendarSource(id="c1", source=str(tmp_path / "x.ics"), post_routine="box-breathing")
    plan = CalendarPlan(source, lambda _first, _last: Expander(ics, "x.ics"))
    (spin,) = planned_workouts(Schedule(), [plan], at(12), at(23), ZONE)
    assert (spin.name, spin.starts, spin.ends) == ("Spin class", at(18), at(19))
    assert spin.post_routine == "box-breathing"
