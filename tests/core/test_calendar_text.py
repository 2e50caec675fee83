"""A calendar's text: counted and cut into events without interpreting their meaning."""

from __future__ import annotations

import datetime as dt

from crampcoach.core.calendar_text import census, cutoff_date, past_groups, scan

CALENDAR = (
    "\ufeffBEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "X-WR-CALNAME:Club\\, training\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:a\\,1\r\n"
    "SUMMARY:Old run\r\n"
    "DESCRIPTION:a long\r\n"
    " folded description\r\n"
    "DTSTART;TZID=Europe/London:20200106T070000\r\n"
    "DTEND;TZID=Europe/London:20200106T073000\r\n"
    "BEGIN:VALARM\r\n"
    "TRIGGER:-PT15M\r\n"
    "DURATION:PT5M\r\n"
    "END:VALARM\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:a\\,1\r\n"
    "RECURRENCE-ID;TZID=Europe/London:20200106T070000\r\n"
    "SUMMARY:Moved into the future\r\n"
    "STATUS:CONFIRMED\r\n"
    "DTSTART;TZID=Europe/London:20300106T070000\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:b\r\n"
    "SUMMARY:Weekly\r\n"
    "DTSTART:20200106T070000Z\r\n"
    "RRULE:FREQ=WEEKLY\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:c\r\n"
    'DTSTART;X-NOTE="a:b";VALUE=DATE:20200101\r\n'
    "STATUS:CANCELLED\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "SUMMARY:No UID, long ago\r\n"
    "DTSTART:20190101T100000Z\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:d\r\n"
    "DTSTART:2019-01-01 10:00\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:ended\r\n"
    "DTSTART:20190101T100000Z\r\n"
    "DTEND:20190101T110000Z\r\n"
    "RRULE:FREQ=DAILY;UNTIL=20200301T000000Z\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:ends-too-close\r\n"
    "DTSTART:20190101T100000Z\r\n"
    "DTEND:20190103T110000Z\r\n"
    "RRULE:FREQ=WEEKLY;UNTIL=20261124T000000Z\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:counted\r\n"
    "DTSTART:20190101T100000Z\r\n"
    "RRULE:FREQ=WEEKLY;COUNT=3\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n"
).encode() + b"X-LATIN:\xe9\r\n"


def test_census_counts_events_as_a_calendar_app_does() -> None:
    text = scan(CALENDAR)
    assert text.is_calendar
    assert text.name == "Club, training"
    found = census(text)
    assert (found.events, found.series, found.all_day, found.cancelled) == (8, 4, 1, 1)
    assert found.uids == ["a,1", "b", "c", "d", "ended", "ends-too-close", "counted"]


def test_only_whole_events_that_are_over_are_left_out() -> None:
    text = scan(CALENDAR)
    past = past_groups(text, cutoff_date(dt.datetime(2026, 11, 30, tzinfo=dt.UTC)))
    # 'a,1' has a part moved to 2030, 'b' recurs for ever, 'd' has a date only the library
    # can read, the last 'ends-too-close' (24 Nov, two days long) is within the margin, and
    # where a COUNT ends is the library's to say
    assert {b.uid for b in past} == {"c", None, "ended"}
    assert cutoff_date(dt.datetime(2026, 11, 30, 1, tzinfo=dt.UTC)) == "20261127"


def test_the_text_round_trips_byte_for_byte_and_leans_for_planning() -> None:
    text = scan(CALENDAR)
    assert text.without([]) == CALENDAR.removeprefix("\ufeff".encode())
    lean = text.without(past_groups(text, "20261127"), ["X-TEST:1"], lean=True).decode(
        "utf-8", "surrogateescape"
    )
    assert lean.startswith("BEGIN:VCALENDAR\r\nX-TEST:1\r\nVERSION:2.0\r\n")
    assert "DESCRIPTION" not in lean
    assert "VALARM" not in lean
    assert "STATUS:CONFIRMED" not in lean
    assert lean.count("BEGIN:VEVENT") == lean.count("END:VEVENT") == 6
    assert "No UID" not in lean


def test_not_a_calendar() -> None:
    assert not scan(b"hello").is_calendar
    assert not scan(b"").is_calendar
    assert scan(b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:x\n").blocks == []  # cut off: no event
