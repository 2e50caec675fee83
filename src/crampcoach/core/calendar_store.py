"""Imported calendars in the data folder, loaded for planning.

For each calendar source (listed in schedule.json) ``calendars/`` holds:
- ``ID.ics``: a byte-for-byte copy of the file as imported;
- ``ID.json``: where it came from, its UIDs and what it holds (counts, damaged events);
- ``ID.live.ics``: the *live index*: the copy without the events that are over, and the
  span of time it answers for. Planning reads only this. It is rebuilt from the copy when
  it is missing, damaged, or asked about a time outside its span.
All three are written atomically, the live index last: the app reloads when it changes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from crampcoach.core import paths
from crampcoach.core.atomic import read_json_object, write_atomic
from crampcoach.core.calendar_expand import LIVE_FROM, LIVE_UNTIL, Expander, IcsError, parse
from crampcoach.core.calendar_plan import CalendarPlan, same_as
from crampcoach.core.calendar_text import Block, CalendarText, cutoff_date, past_groups, scan
from crampcoach.core.schedule_store import Schedule

CALENDARS_DIR = "calendars"
MAX_ICS_BYTES = 64 * 1024 * 1024
LIVE_BEFORE = dt.timedelta(days=2)  # the live index answers from its moment minus this
LIVE_AFTER = dt.timedelta(days=3660)  # ... to its moment plus this
_FIRST_LOOK = dt.timedelta(days=32)  # most live series show up this soon
Kind = Literal["ics", "json", "live.ics"]


class CalendarMeta(BaseModel):
    """What an import found (``ID.json``)."""

    model_config = ConfigDict(defer_build=True)

    version: Literal[1] = 1
    source: str
    source_mtime_ns: int | None = None
    source_size: int | None = None
    imported: dt.datetime
    events: int = 0  # one per UID, as a calendar app counts them
    series: int = 0  # of which recur
    all_day: int = 0
    cancelled: int = 0
    live: int = 0  # events with occurrences from the import on
    uids: list[str] = []
    rules: list[str] = []  # CrampCoach's own export: "workout w1:FINGERPRINT", "reminder r1"
    problems: list[str] = []  # damaged events skipped, one line each


@dataclass
class Indexed:
    live: bytes  # the live index's text
    expander: Expander  # answers as the live index does, inside its span
    live_events: int


def read_ics(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IcsError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    if len(data) > MAX_ICS_BYTES:
        raise IcsError(f"{path}: the file is larger than {MAX_ICS_BYTES // (1024 * 1024)} MiB")
    return data


def calendar_text(data: bytes, origin: str) -> CalendarText:
    text = scan(data)
    if not text.is_calendar:
        parse(data, origin)  # says what is wrong, if icalendar can tell
        raise IcsError(f"{origin}: not an iCalendar file (no VCALENDAR)")
    return text


def index(text: CalendarText, origin: str, moment: dt.datetime) -> Indexed:
    """The live index for planning from ``moment`` on (and two days back)."""
    past = past_groups(text, cutoff_date(moment))
    unreadable: dict[int, str] = {}
    try:
        expander = Expander(text.without(past, lean=True), origin)
    except IcsError:  # icalendar could not read it all: find the events it cannot read
        unreadable = _unreadable(text, past)
        if not unreadable:
            raise
        past += [text.blocks[n] for n in unreadable]
        expander = Expander(text.without(past, lean=True), origin)
    for n, why in unreadable.items():
        block = text.blocks[n]
        where = f"UID {block.uid}" if block.uid is not None else f"line {block.first + 1}"
        expander.problems[f"unreadable {n}"] = f"{block.summary or '(no title)'!r} ({where}): {why}"
    gone = {id(b) for b in past}
    candidates = [b for b in text.blocks if id(b) not in gone]
    first, until = moment - LIVE_BEFORE, moment + LIVE_AFTER
    expander.live_from, expander.live_until = first, until
    drop = list(past)
    if len(candidates) == len(expander.keys):
        live = expander.live([(first, first + _FIRST_LOOK), (first + _FIRST_LOOK, until)])
        drop += [b for b, key in zip(candidates, expander.keys, strict=True) if key not in live]
    else:  # the text and what icalendar read do not line up: keep every candidate
        live = set(expander.keys) - set(expander.problems)
    header = [f"{LIVE_FROM}:{first.isoformat()}", f"{LIVE_UNTIL}:{until.isoformat()}"]
    return Indexed(text.without(drop, header, lean=True), expander, len(live))


def _unreadable(text: CalendarText, past: list[Block]) -> dict[int, str]:
    """Events icalendar cannot read even alone, by position, with its reason."""
    skip = {id(b) for b in past}
    found = {}
    for n, block in enumerate(text.blocks):
        if id(block) not in skip:
            try:
                parse(text.alone(block), "")
            except IcsError as exc:
                found[n] = str(exc).removeprefix(": not an iCalendar file (").removesuffix(")")
    return found


def _covers(expander: Expander, first: dt.datetime, last: dt.datetime) -> bool:
    start, stop = expander.live_from, expander.live_until
    return start is not None and stop is not None and start <= first and last <= stop


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


class CalendarStore:
    """The calendars folder; keeps each live index loaded while its file is unchanged."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or paths.data_dir() / CALENDARS_DIR
        self._loaded: dict[str, tuple[tuple[int, int, int] | None, Expander]] = {}
        self._told: set[str] = set()
        self._news: list[str] = []

    def path(self, source_id: str, kind: Kind) -> Path:
        return self.folder / f"{source_id}.{kind}"

    def meta(self, source_id: str) -> CalendarMeta | None:
        try:
            data = read_json_object(self.path(source_id, "json"))
            return None if data is None else CalendarMeta.model_validate(data)
        except (OSError, ValueError, ValidationError):
            return None

    def save(self, source_id: str, copy: bytes, meta: CalendarMeta, indexed: Indexed) -> None:
        """Write a calendar's three files (the live index last) and keep it loaded."""
        write_atomic(self.path(source_id, "ics"), copy)
        write_atomic(self.path(source_id, "json"), (meta.model_dump_json(indent=1) + "\n").encode())
        live = self.path(source_id, "live.ics")
        write_atomic(live, indexed.live)
        self._loaded[source_id] = (_stat(live), indexed.expander)

    def adopt(self, other: CalendarStore) -> None:
        """Take over the live indexes another store (on another thread) has just loaded."""
        self._loaded.update(other._loaded)

    def forget(self, source_id: str) -> None:
        """Delete a removed calendar's files."""
        self._loaded.pop(source_id, None)
        kinds: tuple[Kind, ...] = ("ics", "json", "live.ics")
        for kind in kinds:
            with contextlib.suppress(OSError):
                self.path(source_id, kind).unlink()

    # -- planning ----------------------------------------------------------------------------
    def plans(self, schedule: Schedule) -> list[CalendarPlan]:
        same = same_as(schedule.workouts)
        return [CalendarPlan(s, partial(self.load, s.id), same) for s in schedule.calendars]

    def load(self, source_id: str, first: dt.datetime, last: dt.datetime) -> Expander | None:
        """The calendar's events, able to answer for [first, last]."""
        live = self.path(source_id, "live.ics")
        key = _stat(live)
        cached = self._loaded.get(source_id)
        if cached is not None and cached[0] == key and _covers(cached[1], first, last):
            return cached[1]
        expander: Expander | None = None
        if key is not None:
            with contextlib.suppress(OSError, IcsError):
                expander = Expander(live.read_bytes(), str(live))
        if expander is None or not _covers(expander, first, last):
            expander = self._rebuild(source_id, first)
            key = _stat(live)
        if expander is not None:
            self._loaded[source_id] = (key, expander)
        return expander

    def _rebuild(self, source_id: str, first: dt.datetime) -> Expander | None:
        copy = self.path(source_id, "ics")
        try:
            text = calendar_text(copy.read_bytes(), str(copy))
            indexed = index(text, str(copy), first + LIVE_BEFORE)
        except OSError as exc:
            self.tell(f"{copy}: cannot read this calendar's copy ({exc.strerror}); import it again")
            return None
        except IcsError as exc:
            self.tell(str(exc))
            return None
        with contextlib.suppress(OSError):  # only a cache: planning goes on without it
            write_atomic(self.path(source_id, "live.ics"), indexed.live)
        return indexed.expander

    # -- what to tell the user ------------------------------------------------------------
    def tell(self, message: str) -> None:
        if message not in self._told:
            self._told.add(message)
            self._news.append(message)

    def news(self, schedule: Schedule) -> list[str]:
        """Problems found since the last call, each once: damaged events met while planning
        and calendars that could not be read."""
        for source in schedule.calendars:
            cached = self._loaded.get(source.id)
            if cached is not None:
                for message in problem_lines(source.source, cached[1]):
                    self.tell(message)
        news, self._news = self._news, []
        return news


def problem_lines(origin: str, expander: Expander) -> list[str]:
    lines = [f"{origin}: {note}" for note in expander.notes]
    return lines + [f"{origin}: skipped damaged event {p}" for p in expander.problems.values()]
