"""``crampcoach workout import``, and calendar sources in ``workout list``/``remove`` and
``remind next``."""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path
from typing import Any

from crampcoach.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    error,
    library,
    minutes_or_off,
    usage_error,
    warning,
)
from crampcoach.core.calendar_expand import IcsError
from crampcoach.core.calendar_import import (
    apply,
    describe,
    import_calendar,
    next_workout,
    refresh_watched,
    summary_json,
)
from crampcoach.core.calendar_store import CalendarStore
from crampcoach.core.clock import local_zone
from crampcoach.core.schedule_store import Schedule, load_schedule, save_schedule


def filter_arg(text: str) -> str | None:
    """A regular expression matched against event titles (case-insensitive); '' = none."""
    if not text.strip():
        return None
    try:
        re.compile(text)
    except re.error as exc:
        raise argparse.ArgumentTypeError(f"not a valid filter ({exc}): {text!r}") from None
    return text


def up_to_date(schedule: Schedule, store: CalendarStore) -> None:
    """Re-read watched calendars whose files changed (``tell`` says what went wrong)."""
    if any(c.watch for c in schedule.calendars):
        zone = local_zone()
        if refresh_watched(store, schedule, dt.datetime.now(zone), zone):
            save_schedule(schedule)


def tell(schedule: Schedule, store: CalendarStore) -> None:
    for message in store.news(schedule):
        warning(message)


def calendar_entries(schedule: Schedule, store: CalendarStore, as_json: bool) -> list[Any]:
    zone = local_zone()
    now = dt.datetime.now(zone)
    entries: list[Any] = []
    for source in schedule.calendars:
        meta = store.meta(source.id)
        coming = next_workout(store, schedule, source, now, zone)
        entries.append(
            summary_json(source, meta, coming) if as_json else describe(source, meta, coming)
        )
    return entries


_NOT_GIVEN: Any = object()  # an option left out keeps the replaced calendar's setting


def load_schedule_or_warn() -> Schedule:
    loaded = load_schedule()
    if loaded.notice:
        warning(loaded.notice)
    return loaded.schedule


def cmd_workout_import(args: argparse.Namespace) -> int:
    for option, routine in (
        ("--pre-routine", args.pre_routine),
        ("--post-routine", args.post_routine),
    ):
        if routine and library().get(routine) is None:
            return usage_error(f"argument {option}: no routine with id {routine!r}")
    schedule = load_schedule_or_warn()
    store = CalendarStore()
    zone = local_zone()
    given = {
        "filter": args.filter,
        "pre": args.pre,
        "post": args.post,
        "pre_routine": args.pre_routine or _NOT_GIVEN,
        "post_routine": args.post_routine or _NOT_GIVEN,
        "watch": True if args.watch else _NOT_GIVEN,
    }
    settings = {key: value for key, value in given.items() if value is not _NOT_GIVEN}
    try:
        report = import_calendar(store, args.file, schedule, dt.datetime.now(zone), zone, settings)
    except IcsError as exc:
        error(str(exc))
        return EXIT_INVALID
    except OSError as exc:
        error(f"{store.folder}: cannot save the calendar: {exc.strerror or exc}")
        return EXIT_INVALID
    apply(schedule, report)
    save_schedule(schedule)
    for line in report.lines():
        print(line)
    for problem in report.problems:
        warning(problem)
    return EXIT_OK


def add_import_parser(wsub: argparse._SubParsersAction[Any]) -> None:
    p = wsub.add_parser(
        "import",
        help="import a calendar (.ics): its timed events are your workouts",
        description="Keeps a copy of the calendar; every timed event gets a warm-up reminder "
        "before and a cool-down reminder after. Importing the same calendar again replaces "
        "it; options left out keep its settings.",
    )
    p.add_argument("file", type=Path, metavar="FILE.ics")
    p.add_argument(
        "--filter",
        type=filter_arg,
        default=_NOT_GIVEN,
        metavar="TEXT",
        help="only events whose title matches, e.g. 'run|gym|training' (a regular expression)",
    )
    p.add_argument(
        "--watch", action="store_true", help="re-read the file when it changes (a synced calendar)"
    )
    p.add_argument("--pre", type=minutes_or_off, default=_NOT_GIVEN, help="minutes before, or off")
    p.add_argument("--post", type=minutes_or_off, default=_NOT_GIVEN, help="minutes after, or off")
    p.add_argument("--pre-routine", metavar="ID", help="routine before (default: warm-up)")
    p.add_argument("--post-routine", metavar="ID", help="routine after (default: cool-down)")
    p.set_defaults(func=cmd_workout_import)
