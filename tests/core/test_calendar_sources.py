"""Calendar sources: a copy in the data folder, re-imports that replace, filters, damaged
events, the live index and watched files."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from crampcoach.core.calendar_expand import IcsError
from crampcoach.core.calendar_import import apply, import_calendar, refresh_watched
from crampcoach.core.calendar_store import CalendarStore
from crampcoach.core.schedule import CalendarSource, next_firings
from crampcoach.core.schedule_store import Schedule
from tests.core.calendar_oracle import CALENDARS

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2027, 1, 1, 12, tzinfo=dt.UTC)


def imported(path: Path, schedule: Schedule, **settings: object) -> CalendarSource:
    report = import_calendar(CalendarStore(), path, schedule, NOW, LONDON, settings)
    apply(schedule, report)
    return report.source


def messages(schedule: Schedule, store: CalendarStore) -> list[str]:
    return [f.message for f in next_firings([], [], NOW, LONDON, 500, store.plans(schedule))]


def test_import_keeps_a_copy_and_counts(tmp_path: Path) -> None:
    schedule = Schedule()
    store = CalendarStore()
    report = import_calendar(store, CALENDARS / "allday.ics", schedule, NOW, LONDON)
    apply(schedule, report)
    assert report.source.id == "c1"
    assert store.path("c1", "ics").read_bytes() == (CALENDARS / "allday.ics").read_bytes()
    meta = report.meta
    assert (meta.events, meta.series, meta.all_day, meta.cancelled) == (3, 2, 2, 0)
    assert report.soon == 3  # hill repeats in the next 30 days; not the all-day outing
    assert report.lines()[1:] == [
        "imported 3 events (2 series); 3 occurrences in the next 30 days get reminders",
        "skipped 2 all-day events",
    ]
    assert report.lines()[0].startswith("c1  allday (calendar ")
    assert "next Wed 2027-01-06 17:00 Hill repeats" in report.lines()[0]


def test_reimporting_replaces_by_file_or_by_uids(tmp_path: Path) -> None:
    schedule = Schedule()
    first = imported(CALENDARS / "moved.ics", schedule, pre=15)
    again = imported(CALENDARS / "moved.ics", schedule)
    assert (again.id, again.pre) == (first.id, 15)  # same file: replaced, settings kept
    download = tmp_path / "moved (1).ics"
    download.write_bytes((CALENDARS / "moved.ics").read_bytes())
    report = import_calendar(CalendarStore(), download, schedule, NOW, LONDON, {"post": 5})
    assert report.replaced is not None
    assert report.why == "the same calendar: 1 of its events' UIDs"
    apply(schedule, report)
    assert [(c.id, c.pre, c.post) for c in schedule.calendars] == [("c1", 15, 5)]
    other = imported(CALENDARS / "count.ics", schedule)
    assert other.id == "c2"
    firings = next_firings([], [], NOW, LONDON, 500, CalendarStore().plans(schedule))
    assert len({(f.at, f.message) for f in firings}) == len(firings) == 70  # nothing doubled


def test_filter_keeps_matching_titles() -> None:
    schedule = Schedule()
    imported(CALENDARS / "rdate.ics", schedule, filter="row|climb")
    titles = {m.split(" in ")[0].split(" done")[0] for m in messages(schedule, CalendarStore())}
    assert titles == {"Rowing", "Climbing"}
    with pytest.raises(ValueError, match="not a valid filter"):
        CalendarSource(id="c9", source="x", filter="(")


def test_damaged_events_are_named_and_the_rest_imports() -> None:
    schedule = Schedule()
    report = import_calendar(CalendarStore(), CALENDARS / "damaged.ics", schedule, NOW, LONDON)
    apply(schedule, report)
    assert len(report.problems) == 3
    assert all(
        p.startswith(f"{CALENDARS / 'damaged.ics'}: skipped damaged event ")
        for p in report.problems
    )
    joined = "\n".join(report.problems)
    assert "'Strength' (UID bad-rule): RRULE" in joined
    assert "'Mobility' (UID no-start): no DTSTART" in joined
    assert "'Sprints' (UID bad-start): DTSTART" in joined
    store = CalendarStore()
    titles = {m.split(" in ")[0].split(" done")[0] for m in messages(schedule, store)}
    assert titles == {"Tempo run", "Long ride"}
    assert store.news(schedule) == []  # the live index left them out: said once, at import


def test_an_event_the_library_cannot_even_group_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "two-uids.ics"
    good = (CALENDARS / "count.ics").read_bytes()
    path.write_bytes(
        good.replace(
            b"END:VCALENDAR",
            b"BEGIN:VEVENT\r\nUID:x\r\nUID:y\r\nSUMMARY:Twice named\r\n"
            b"DTSTART:20270105T090000Z\r\nEND:VEVENT\r\nEND:VCALENDAR",
        )
    )
    schedule = Schedule()
    report = import_calendar(CalendarStore(), path, schedule, NOW, LONDON)
    apply(schedule, report)
    [problem] = report.problems
    assert problem.startswith(f"{path}: skipped damaged event 'Twice named' (UID x): ")
    assert len(messages(schedule, CalendarStore())) == 20  # the Kettlebells all come


def test_an_event_icalendar_cannot_read_is_set_aside(tmp_path: Path) -> None:
    path = tmp_path / "odd-parameter.ics"
    path.write_bytes(
        (CALENDARS / "rdate.ics")
        .read_bytes()
        .replace(b"RDATE;VALUE=PERIOD:", b"RDATE;VALUE=PER,OD:")  # icalendar raises on it
    )
    schedule = Schedule()
    report = import_calendar(CalendarStore(), path, schedule, NOW, LONDON)
    apply(schedule, report)
    [problem] = report.problems
    assert problem.startswith(f"{path}: skipped damaged event 'Climbing' (UID rdate-period): ")
    titles = {m.split(" in ")[0].split(" done")[0] for m in messages(schedule, CalendarStore())}
    assert titles == {"Physio", "Rowing"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"hello", "not an iCalendar file"),
        (b"", "not an iCalendar file"),
        (b"\x00\xff\xfe garbage", "not an iCalendar file"),
        (b"BEGIN:VCALENDAR\r\nCALSCALE:ETHIOPIC\r\nEND:VCALENDAR\r\n", "Gregorian"),
    ],
)
def test_not_a_calendar_is_refused_in_one_line(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "notes.ics"
    path.write_bytes(data)
    with pytest.raises(IcsError, match=message) as caught:
        import_calendar(CalendarStore(), path, Schedule(), NOW, LONDON)
    assert str(caught.value).startswith(f"{path}: ")
    assert "\n" not in str(caught.value)
    with pytest.raises(IcsError, match="cannot read the file"):
        import_calendar(CalendarStore(), tmp_path / "missing.ics", Schedule(), NOW, LONDON)


def test_an_x_wr_timezone_that_names_no_zone_is_said_and_survived(tmp_path: Path) -> None:
    path = tmp_path / "odd.ics"
    path.write_bytes(
        (CALENDARS / "floating.ics").read_bytes().replace(b"America/Chicago", b"Mars/Olympus")
    )
    schedule = Schedule()
    report = import_calendar(CalendarStore(), path, schedule, NOW, LONDON)
    apply(schedule, report)
    assert report.problems == [
        f"{path}: X-WR-TIMEZONE 'Mars/Olympus' is not a time zone; times without a zone "
        "are read in yours"
    ]
    firings = next_firings([], [], NOW, LONDON, 1, CalendarStore().plans(schedule))
    assert firings[0].starts == dt.datetime(2027, 1, 4, 17, 30, tzinfo=LONDON)


def test_finished_calendar_says_nothing_is_ahead() -> None:
    report = import_calendar(CalendarStore(), CALENDARS / "finished.ics", Schedule(), NOW, LONDON)
    assert report.lines()[-1] == "nothing ahead: every event in this calendar is over"
    assert "nothing ahead;" in report.lines()[0]


def test_live_index_rebuilt_from_the_copy_and_a_lost_copy_is_reported() -> None:
    schedule = Schedule()
    source = imported(CALENDARS / "count.ics", schedule)
    store = CalendarStore()
    store.path(source.id, "live.ics").write_text("garbage")
    assert len(messages(schedule, store)) == 20
    assert b"BEGIN:VEVENT" in store.path(source.id, "live.ics").read_bytes()
    for kind in ("live.ics", "ics"):
        store.path(source.id, kind).unlink()  # type: ignore[arg-type]
    fresh = CalendarStore()
    assert messages(schedule, fresh) == []
    [news] = fresh.news(schedule)
    assert "cannot read this calendar's copy" in news
    assert fresh.news(schedule) == []  # said once


def test_planning_before_the_import_rebuilds_the_index_for_that_time() -> None:
    schedule = Schedule()
    imported(CALENDARS / "finished.ics", schedule)  # everything was over at import
    store = CalendarStore()
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    firings = next_firings([], [], start, LONDON, 5, store.plans(schedule))
    assert firings[0].message == "Couch to 5k in 10 min: warm up first"
    assert firings[0].at == dt.datetime(2020, 1, 6, 6, 50, tzinfo=dt.UTC)


def test_a_watched_file_is_read_again_when_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "synced.ics"
    path.write_bytes((CALENDARS / "count.ics").read_bytes())
    schedule = Schedule()
    imported(path, schedule, watch=True, pre=20)
    store = CalendarStore()
    assert refresh_watched(store, schedule, NOW, LONDON) == []  # unchanged
    path.write_bytes(path.read_bytes().replace(b"Kettlebells", b"Kettlebell flow"))
    os.utime(path, ns=(1, 2))
    [report] = refresh_watched(store, schedule, NOW, LONDON)
    assert (report.source.id, report.source.pre, report.why) == ("c1", 20, "the file changed")
    assert messages(schedule, store)[0] == "Kettlebell flow in 20 min: warm up first"
    path.write_bytes(b"BEGIN:VCALEND")  # a sync tool half-way through writing
    os.utime(path, ns=(3, 4))
    assert refresh_watched(store, schedule, NOW, LONDON) == []
    assert messages(schedule, store)[0] == "Kettlebell flow in 20 min: warm up first"
    path.unlink()
    assert refresh_watched(store, schedule, NOW, LONDON) == []
    news = store.news(schedule)
    assert [n.split(": ", 1)[0] for n in news] == [str(path), str(path)]
    assert news[0].endswith("; using the last copy")
    assert "cannot read it (No such file or directory); using the last copy" in news[1]


def test_forget_removes_the_files() -> None:
    schedule = Schedule()
    source = imported(CALENDARS / "count.ics", schedule)
    store = CalendarStore()
    store.forget(source.id)
    assert list(store.folder.iterdir()) == []


def test_calendar_firings_carry_their_start_and_source() -> None:
    schedule = Schedule()
    imported(CALENDARS / "count.ics", schedule, pre=None, post=5, post_routine="box-breathing")
    [firing] = next_firings([], [], NOW, LONDON, 1, CalendarStore().plans(schedule))
    assert firing.to_json() == {
        "at": "2027-01-03T22:20:00+00:00",
        "kind": "post-workout",
        "routine": "box-breathing",
        "message": "Kettlebells done: time to cool down",
        "source": "c1",
        "starts": "2027-01-03T21:30:00+00:00",
        "calendar": "c1",
    }
