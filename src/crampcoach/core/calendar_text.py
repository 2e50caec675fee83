"""A calendar file's text, cut into its events without interpreting what they mean.

Two jobs, both before icalendar parses anything (parsing a 5,000-event file takes seconds):
- count what is in the file (events, series, all-day, cancelled) and collect its UIDs;
- leave out of the *live index* the events that are wholly in the past: every DTSTART,
  DTEND and RECURRENCE-ID date readable and before the cut-off; no RDATE, EXRULE, RANGE or
  DURATION; and any RRULE ending with an UNTIL that, with two days to spare and the
  event's own length added, is before the cut-off too (a COUNT is left to the library).
  Everything else is kept and left to recurring-ical-events to expand. An event is only
  dropped together with every other part (override) that shares its UID, so a series is
  never split.

The text is kept as it is, byte for byte (lines split on LF only, undecodable bytes
round-trip), so the live index is the user's own calendar with some past events left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

ENCODING = "utf-8"
ERRORS = "surrogateescape"  # any byte survives decode/encode
_DATE = re.compile(r"(\d{8})")
_PINNING = {"RDATE", "EXRULE", "DURATION"}  # may reach beyond its own dates
_UNTIL = re.compile(r"(?:^|;)UNTIL=(\d{8})")
_DATED = {"DTSTART", "DTEND", "RECURRENCE-ID"}
# What recurring-ical-events and the planner read of an event; the rest is left out of the
# live index (the copy keeps everything).
_PLANNED = {
    *_PINNING,
    "RRULE",
    *_DATED,
    "UID",
    "EXDATE",
    "SEQUENCE",
    "STATUS",
    "SUMMARY",
    "X-CRAMPCOACH-PRE",
    "X-CRAMPCOACH-POST",
    "X-CRAMPCOACH-PRE-ROUTINE",
    "X-CRAMPCOACH-POST-ROUTINE",
    "X-CRAMPCOACH-RULE",
}


@dataclass
class Block:
    """One VEVENT: its lines in the file, and what a glance at them tells."""

    first: int  # index of its BEGIN line
    last: int  # index of its END line
    uid: str | None = None
    summary: str = ""
    recurs: bool = False
    all_day: bool = False
    cancelled: bool = False
    pinned: bool = False  # something only the library can judge (a rule, a RANGE, ...)
    latest: str | None = None  # latest YYYYMMDD among its dates; None: none readable
    starts: str = ""  # DTSTART's and DTEND's dates, for the length of the event
    ends: str = ""
    untils: list[str] = field(default_factory=list)  # each RRULE's UNTIL date
    rule: str = ""  # X-CRAMPCOACH-RULE: what CrampCoach's own export says this event is

    def past(self, cutoff: str) -> bool:
        return not self.pinned and self.latest is not None and self.latest < cutoff

    def finish(self) -> None:
        """Count a rule's UNTIL among the event's dates: its last occurrence starts by that
        date (a day later in a zone east of UTC) and lasts as long as the first."""
        if not self.untils:
            return
        try:
            length = _day(self.ends or self.starts) - _day(self.starts)
            last = max(_day(u) for u in self.untils) + max(length, dt.timedelta(0))
        except ValueError:
            self.pinned = True
            return
        until = f"{last + dt.timedelta(days=2):%Y%m%d}"
        self.latest = max(self.latest or until, until)


def _day(text: str) -> dt.date:
    return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))


@dataclass
class CalendarText:
    lines: list[str]  # physical lines with their line ends
    blocks: list[Block] = field(default_factory=list)
    is_calendar: bool = False
    begin: int = 0  # the BEGIN:VCALENDAR line
    unplanned: set[int] = field(default_factory=set)  # event lines planning never reads
    name: str = ""  # X-WR-CALNAME

    @property
    def groups(self) -> list[list[Block]]:
        """Blocks as recurring-ical-events groups them: by UID; one without a UID alone."""
        by_uid: dict[str, list[Block]] = {}
        groups: list[list[Block]] = []
        for block in self.blocks:
            if block.uid is None:
                groups.append([block])
            elif block.uid in by_uid:
                by_uid[block.uid].append(block)
            else:
                by_uid[block.uid] = [block]
                groups.append(by_uid[block.uid])
        return groups

    def alone(self, block: Block) -> bytes:
        """One event as a calendar of its own."""
        lines = self.lines[block.first : block.last + 1]
        text = "BEGIN:VCALENDAR\r\n" + "".join(lines).rstrip("\r\n") + "\r\nEND:VCALENDAR\r\n"
        return text.encode(ENCODING, ERRORS)

    def without(
        self, dropped: list[Block], header: Sequence[str] = (), lean: bool = False
    ) -> bytes:
        """The file's text with ``dropped`` events left out and ``header`` properties added
        to the calendar; ``lean``: also without what planning never reads (descriptions,
        attendees, alarms, ...), which is most of what takes icalendar time to parse."""
        skip = {n for block in dropped for n in range(block.first, block.last + 1)}
        if lean:
            skip |= self.unplanned
        kept: list[str] = []
        for n, line in enumerate(self.lines):
            if n not in skip:
                kept.append(line)
            if n == self.begin:
                kept += [f"{h}\r\n" for h in header]
        return "".join(kept).encode(ENCODING, ERRORS)


def cutoff_date(moment: dt.datetime) -> str:
    """YYYYMMDD three days before ``moment``: an event whose dates all lie before it is
    over by ``moment`` minus two days in any time zone (offsets stay within 14 hours)."""
    return f"{(moment.astimezone(dt.UTC) - dt.timedelta(days=3)).date():%Y%m%d}"


def _logical(lines: list[str]) -> Iterator[tuple[int, int, str]]:
    """Unfolded content lines with the range of physical lines they came from."""
    start, parts = -1, list[str]()
    for n, line in enumerate(lines):
        text = line.rstrip("\r\n")
        if text[:1] in (" ", "\t") and parts:
            parts.append(text[1:])
            continue
        if parts:
            yield start, n, "".join(parts)
        start, parts = n, [text]
    if parts:
        yield start, len(lines), "".join(parts)


def _split(line: str) -> tuple[str, str, str]:
    """(NAME, parameters, value) of a content line; the value starts at the first colon
    outside double quotes."""
    colon = line.find(":")
    quote = line.find('"', 0, colon if colon >= 0 else len(line))
    if quote >= 0:  # a quoted parameter may hold a colon: walk it
        quoted = False
        for n, char in enumerate(line):
            if char == '"':
                quoted = not quoted
            elif char == ":" and not quoted:
                colon = n
                break
        else:
            colon = -1
    if colon < 0:
        return line.strip().upper(), "", ""
    name, _, params = line[:colon].partition(";")
    return name.strip().upper(), params.upper(), line[colon + 1 :]


def _unescape(value: str) -> str:
    """A TEXT value as icalendar reads it; bytes that are not UTF-8 become U+FFFD."""
    text = re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)
    return text.encode(ENCODING, ERRORS).decode(ENCODING, "replace")


def scan(data: bytes) -> CalendarText:
    text = data.decode(ENCODING, ERRORS).removeprefix("\ufeff")
    result = CalendarText(re.split(r"(?<=\n)", text))
    if result.lines and result.lines[-1] == "":
        result.lines.pop()
    depth = 0  # 1 inside VCALENDAR, 2 inside one of its components, ...
    block: Block | None = None
    for n, after, line in _logical(result.lines):
        name, params, value = _split(line)
        nested = depth > 2 or name == "BEGIN"  # an alarm inside the event
        unread = name not in _PLANNED and name != "END"
        if name == "STATUS":  # only a cancellation changes the plan
            unread = value.strip().upper() != "CANCELLED"
        if block is not None and (nested or unread):
            result.unplanned.update(range(n, after))
        if name == "BEGIN":
            depth += 1
            kind = value.strip().upper()
            if depth == 1 and kind == "VCALENDAR" and not result.is_calendar:
                result.is_calendar, result.begin = True, n
            if depth == 2 and kind == "VEVENT":
                block = Block(first=n, last=n)
            continue
        if name == "END":
            if depth == 2 and block is not None:
                block.last = n
                block.finish()
                result.blocks.append(block)
                block = None
            depth = max(0, depth - 1)
            continue
        if depth == 1 and name == "X-WR-CALNAME":
            result.name = _unescape(value).strip()
        if block is None or depth != 2:
            continue  # calendar properties, time zones, or an alarm inside an event
        _look_at(block, name, params, value)
    return result


def _look_at(block: Block, name: str, params: str, value: str) -> None:
    if name == "X-CRAMPCOACH-RULE":
        block.rule = value.strip()
    elif name == "UID":
        block.uid = _unescape(value)
    elif name == "SUMMARY":
        block.summary = _unescape(value)
    elif name == "STATUS":
        block.cancelled = value.strip().upper() == "CANCELLED"
    elif name in _PINNING:
        block.pinned = True
        block.recurs = block.recurs or name != "DURATION"
    elif name == "RRULE":
        block.recurs = True
        until = _UNTIL.search(value.strip().upper())
        if until is None or "COUNT=" in value.upper():
            block.pinned = True  # no end, or one only the library can find
        else:
            block.untils.append(until[1])
    if name == "DTSTART":
        block.all_day = "VALUE=DATE" in params.replace("VALUE=DATE-TIME", "") or (
            len(value.strip()) == 8
        )
    if name == "RECURRENCE-ID" and "RANGE" in params:
        block.pinned = True
    if name in _DATED:
        match = _DATE.match(value.strip())
        if match is None:
            block.pinned = True  # unreadable here: the library decides (and may refuse it)
        else:
            block.latest = max(block.latest or match[1], match[1])
            if name == "DTSTART":
                block.starts = match[1]
            elif name == "DTEND":
                block.ends = match[1]


@dataclass
class Census:
    """What a calendar holds, counted from its text."""

    events: int = 0  # events as the calendar app shows them: one per UID
    series: int = 0  # of which recur
    all_day: int = 0
    cancelled: int = 0  # event parts marked STATUS:CANCELLED (whole events or occurrences)
    uids: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # CrampCoach's export: "workout w1:..."


def census(text: CalendarText) -> Census:
    result = Census()
    for group in text.groups:
        result.events += 1
        result.series += any(b.recurs for b in group)
        result.all_day += all(b.all_day for b in group)
        result.cancelled += sum(b.cancelled for b in group)
        if group[0].uid is not None:
            result.uids.append(group[0].uid)
        result.rules += [b.rule for b in group if b.rule]
    return result


def past_groups(text: CalendarText, cutoff: str) -> list[Block]:
    """Blocks of the events (whole UID groups) that are over before ``cutoff``."""
    return [b for g in text.groups if all(b.past(cutoff) for b in g) for b in g]
