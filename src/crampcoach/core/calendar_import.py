"""Importing a calendar file as a calendar source, re-reading a watched one, and how a
calendar source is described in ``workout list``.

Importing the same calendar again (the same file, or a file sharing at least half its
UIDs, as a fresh download of the same calendar does) replaces it, keeping its id and its
settings unless new ones are given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

from crampcoach.core.calendar_expand import IcsError
from crampcoach.core.calendar_plan import SOON, CalendarPlan, same_as
from crampcoach.core.calendar_store import (
    CalendarMeta,
    CalendarStore,
    calendar_text,
    index,
    problem_lines,
    read_ics,
)
from crampcoach.core.calendar_text import ENCODING, census
from crampcoach.core.schedule import CalendarSource
from crampcoach.core.schedule_store import Schedule


@dataclass
class ImportReport:
    source: CalendarSource
    meta: CalendarMeta
    replaced: CalendarSource | None = None
    why: str = ""  # why it counts as the same calendar
    soon: int = 0  # occurrences in the next 30 days that get reminders
    next: tuple[dt.datetime, str] | None = None
    problems: list[str] = field(default_factory=list)  # one line each, naming the event
    duplicates: list[str] = field(default_factory=list)  # workouts the schedule already has

    def lines(self) -> list[str]:
        """What ``workout import`` prints."""
        meta, source = self.meta, self.source
        lines = [describe(source, meta, self.next)]
        if self.replaced is not None:
            lines.append(f"replaced {self.replaced.id} ({self.why})")
        lines.append(
            f"imported {_n(meta.events, 'event')} ({_n(meta.series, 'series', 'series')}); "
            f"{_n(self.soon, 'occurrence')} in the next 30 days get reminders"
            + (f" (filter {source.filter!r})" if source.filter else "")
        )
        reminders = sum(r.startswith("reminder") for r in meta.rules)
        damaged = sum(": skipped damaged event " in p for p in self.problems)
        skipped = [
            _n(meta.all_day, "all-day event") if meta.all_day else "",
            f"{meta.cancelled} cancelled" if meta.cancelled else "",
            _n(reminders, "CrampCoach reminder") if reminders else "",
            f"{damaged} damaged (each named in a warning)" if damaged else "",
        ]
        if any(skipped):
            lines.append("skipped " + ", ".join(s for s in skipped if s))
        if self.duplicates:
            lines.append(
                f"{_n(len(self.duplicates), 'event')} already in your schedule as "
                f"{', '.join(self.duplicates)}: not doubled"
            )
        if meta.live == 0:
            lines.append("nothing ahead: every event in this calendar is over")
        return lines


def _n(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def describe(
    source: CalendarSource, meta: CalendarMeta | None, coming: tuple[dt.datetime, str] | None
) -> str:
    """A calendar source as one entry of ``workout list``."""
    held = f"{_n(meta.events, 'event')}, {meta.series} recurring" if meta else "not read yet"
    when = f"next {coming[0]:%a %Y-%m-%d %H:%M} {coming[1]}" if coming else "nothing ahead"
    pre = "off" if source.pre is None else f"{source.pre} min before ({source.pre_routine})"
    post = "off" if source.post is None else f"{source.post} min after ({source.post_routine})"
    extra = (f"; only {source.filter!r}" if source.filter else "") + (
        "; watched" if source.watch else ""
    )
    return (
        f"{source.id}  {source.name} (calendar {source.source}): {held}; {when}; "
        f"pre {pre}; post {post}{extra}"
    )


def summary_json(
    source: CalendarSource, meta: CalendarMeta | None, coming: tuple[dt.datetime, str] | None
) -> dict[str, object]:
    """A calendar source as one item of ``workout list --json``."""
    return {
        "type": "calendar",
        **source.model_dump(mode="json"),
        "events": meta.events if meta else None,
        "series": meta.series if meta else None,
        "all_day": meta.all_day if meta else None,
        "cancelled": meta.cancelled if meta else None,
        "imported": meta.imported.isoformat() if meta else None,
        "next": {"starts": coming[0].isoformat(), "title": coming[1]} if coming else None,
    }


def next_workout(
    store: CalendarStore,
    schedule: Schedule,
    source: CalendarSource,
    now: dt.datetime,
    zone: ZoneInfo,
) -> tuple[dt.datetime, str] | None:
    plan = CalendarPlan(source, partial(store.load, source.id), same_as(schedule.workouts))
    return plan.next_workout(now, zone)


def describe_all(
    store: CalendarStore, schedule: Schedule, now: dt.datetime, zone: ZoneInfo
) -> dict[str, str]:
    """Each calendar source's ``workout list`` line, by id."""
    return {
        c.id: describe(c, store.meta(c.id), next_workout(store, schedule, c, now, zone))
        for c in schedule.calendars
    }


def same_calendar(
    store: CalendarStore, path: str, uids: list[str], schedule: Schedule
) -> tuple[CalendarSource | None, str]:
    """The calendar source a new import replaces, and why."""
    for source in schedule.calendars:
        if source.source == path:
            return source, "the same file"
    wanted = set(uids)
    for source in schedule.calendars:
        meta = store.meta(source.id)
        if meta and wanted and meta.uids:
            shared = len(wanted & set(meta.uids))
            if shared * 2 >= min(len(wanted), len(meta.uids)):
                return source, f"the same calendar: {shared} of its events' UIDs"
    return None, ""


def import_calendar(
    store: CalendarStore,
    path: Path,
    schedule: Schedule,
    now: dt.datetime,
    zone: ZoneInfo,
    settings: Mapping[str, object] | None = None,
    into: CalendarSource | None = None,
) -> ImportReport:
    """Copy ``path`` into the store as a calendar source (not yet in ``schedule``: see
    ``apply``). ``settings`` override the replaced source's, or the defaults."""
    where = str(path.absolute())
    if where != where.encode(ENCODING, "replace").decode(ENCODING):  # undecodable bytes
        raise IcsError(f"{where!r}: the file's name is not UTF-8 text; rename it to import it")
    data = read_ics(path)
    text = calendar_text(data, str(path))
    found = census(text)
    indexed = index(text, str(path), now)
    replaced, why = (
        (into, "the file changed") if into else same_calendar(store, where, found.uids, schedule)
    )
    fields = {
        **(replaced.model_dump() if replaced else {}),
        **(settings or {}),
        "id": replaced.id if replaced else schedule.next_id("c"),
        "source": where,
        "name": text.name or path.stem,
    }
    source = CalendarSource.model_validate(fields)
    stat = path.stat()
    problems = problem_lines(str(path), indexed.expander)
    meta = CalendarMeta(
        source=where,
        source_mtime_ns=stat.st_mtime_ns,
        source_size=stat.st_size,
        imported=now,
        events=found.events,
        series=found.series,
        all_day=found.all_day,
        cancelled=found.cancelled,
        live=indexed.live_events,
        uids=found.uids,
        rules=found.rules,
        problems=problems,
    )
    store.save(source.id, data, meta, indexed)
    same = same_as(schedule.workouts)
    plan = CalendarPlan(source, lambda *_: indexed.expander, same)
    return ImportReport(
        source,
        meta,
        replaced,
        why,
        soon=sum(1 for _ in plan.occurrences(now, now + SOON)),
        next=plan.next_workout(now, zone),
        problems=problems,
        duplicates=sorted(
            {r.split()[1].split(":")[0] for r in found.rules if r.removeprefix("workout ") in same}
        ),
    )


def apply(schedule: Schedule, report: ImportReport) -> None:
    """Put the imported source into the schedule (in the replaced one's place)."""
    ids = [c.id for c in schedule.calendars]
    if report.source.id in ids:
        schedule.calendars[ids.index(report.source.id)] = report.source
    else:
        schedule.calendars.append(report.source)


def refresh_watched(
    store: CalendarStore, schedule: Schedule, now: dt.datetime, zone: ZoneInfo
) -> list[ImportReport]:
    """Re-read every watched calendar whose file changed since it was read (the schedule
    is updated in place). A file that is gone or broken leaves the last copy in use."""
    reports = []
    for source in list(schedule.calendars):
        if not source.watch:
            continue
        meta = store.meta(source.id)
        try:
            stat = Path(source.source).stat()
        except OSError as exc:
            store.tell(f"{source.source}: cannot read it ({exc.strerror}); using the last copy")
            continue
        if meta is not None and (meta.source_mtime_ns, meta.source_size) == (
            stat.st_mtime_ns,
            stat.st_size,
        ):
            continue
        try:
            report = import_calendar(store, Path(source.source), schedule, now, zone, into=source)
        except (IcsError, OSError) as exc:
            store.tell(f"{exc}; using the last copy")
            continue
        apply(schedule, report)
        reports.append(report)
        for problem in report.problems:
            store.tell(problem)
    return reports
