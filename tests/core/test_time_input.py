"""Times typed the way people type them (the Reminders page's time fields)."""

from __future__ import annotations

import datetime as dt

import pytest

from crampcoach.core.time_input import parse_time_of_day


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("08:21", dt.time(8, 21)),  # typed into a field showing 18:00, this became 18:21
        ("8:21", dt.time(8, 21)),
        ("0821", dt.time(8, 21)),
        ("8.21", dt.time(8, 21)),
        ("20h21", dt.time(20, 21)),
        ("8", dt.time(8, 0)),
        ("8:21 pm", dt.time(20, 21)),
        ("12:05 am", dt.time(0, 5)),
        (" 23:59 ", dt.time(23, 59)),
    ],
)
def test_common_forms(typed: str, expected: dt.time) -> None:
    assert parse_time_of_day(typed) == expected


@pytest.mark.parametrize("typed", ["", "25:00", "8:61", "13 pm", "noonish", "8:5"])
def test_nonsense_says_what_is_accepted(typed: str) -> None:
    with pytest.raises(ValueError, match="not a time of day"):
        parse_time_of_day(typed)
