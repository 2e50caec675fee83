"""``crampcoach workout ...`` and ``crampcoach remind ...``: manage the reminder rules."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from crampcoach.cli import calendars
from crampcoach.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    iso_arg,
    library,
    minutes_or_off,
    usage_error,
    warning,
)
from crampcoach.core.calendar_store import CalendarStore
from crampcoach.core.clock import local_zone
from crampcoach.core.reminder_engine import read_state, snoozed
from crampcoach.core.schedule import (
    WEEKDAYS,
    Reminder,
    Workout,
    describe_reminder,
    describe_workout,
    next_firings,
    parse_clock,
)
from crampcoach.core.schedule_store import Schedule, load_schedule, save_schedule


# -- argument types (each error names the bad value) ------------------------------------
def days_arg(text: str) -> list[str]:
    days = [d.strip().lower()[:3] for d in text.split(",") if d.strip()]
    for day, given in zip(days, text.split(","), strict=False):
        if day not in WEEKDAYS:
            raise argparse.ArgumentTypeError(
                f"unknown day {given.strip()!r} (use {','.join(WEEKDAYS)})"
            )
    if not days:
        raise argparse.ArgumentTypeError("give at least one day, e.g. mon,wed,fri")
    return sorted(set(days), key=WEEKDAYS.index)


def clock_arg(text: str) -> str:
    try:
        parse_clock(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def date_arg(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def duration_arg(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 24 * 60:
        raise argparse.ArgumentTypeError(f"minutes (1-1440), not {text!r}")
    return int(text)


def every_arg(text: str) -> int:
    match = re.fullmatch(r"(\d+)\s*(h|m|min)?", text.strip().lower())
    if not match:
        raise argparse.ArgumentTypeError(f"an interval like 2h, 90m or 45min, not {text!r}")
    minutes = int(match[1]) * (60 if match[2] == "h" else 1)
    if not 5 <= minutes <= 24 * 60:
        raise argparse.ArgumentTypeError(f"between 5 minutes and 24 hours, not {text!r}")
    return minutes


def window_arg(text: str) -> tuple[str, str]:
    parts = text.split("-")
    if len(parts) != 2:
        raise argparse.ArgumentTypeError(f"a window like 09:00-21:00, not {text!r}")
    start, end = (clock_arg(p.strip()) for p in parts)
    if parse_clock(end) <= parse_clock(start):
        raise argparse.ArgumentTypeError(f"the window must end after it starts: {text!r}")
    return start, end


def count_arg(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 10_000:
        raise argparse.ArgumentTypeError(f"a count from 1 to 10000, not {text!r}")
    return int(text)


# -- commands ---------------------------------------------------------------------------------
def _routine_known(routine_id: str) -> bool:
    return library().get(routine_id) is not None


def _load() -> Schedule:
    loaded = load_schedule()
    if loaded.notice:
        warning(loaded.notice)
    return loaded.schedule


def cmd_workout_add(args: argparse.Namespace) -> int:
    if bool(args.days) == bool(args.date):
        return usage_error("give either --days (weekly) or --date (one-off)")
    for option, routine in (
        ("--pre-routine", args.pre_routine),
        ("--post-routine", args.post_routine),
    ):
        if routine and not _routine_known(routine):
            return usage_error(f"argument {option}: no routine with id {routine!r}")
    schedule = _load()
    fields = {
        "id": schedule.next_id("w"),
        "days": args.days or [],
        "date": args.date,
        "at": args.at,
        "duration": args.duration,
        "pre": args.pre,
        "post": args.post,
    }
    for key in ("name", "pre_routine", "post_routine"):
        if getattr(args, key):
            fields[key] = getattr(args, key)
    workout = Workout.model_validate(fields)
    schedule.workouts.append(workout)
    save_schedule(schedule)
    print(workout.id)
    return EXIT_OK


def cmd_remind_add(args: argparse.Namespace) -> int:
    if (args.at is None) == (args.every is None):
        return usage_error("give either --at TIME or --every INTERVAL --between WINDOW")
    if args.every is not None and args.between is None:
        return usage_error("argument --between is required with --every (e.g. 09:00-21:00)")
    if args.at is not None and args.routine is None and not args.message:
        return usage_error("argument --routine (or --message) is required with --at")
    if args.every is not None and not args.message:
        return usage_error("argument --message is required with --every")
    if args.routine and not _routine_known(args.routine):
        return usage_error(f"argument --routine: no routine with id {args.routine!r}")
    schedule = _load()
    try:
        reminder = Reminder(
            id=schedule.next_id("r"),
            at=args.at,
            days=args.days or [],
            routine=args.routine,
            message=args.message or "",
            every=args.every,
            between=args.between,
        )
    except (ValidationError, ValueError) as exc:
        return usage_error(str(exc).splitlines()[0])
    schedule.reminders.append(reminder)
    save_schedule(schedule)
    print(reminder.id)
    return EXIT_OK


def _lister(
    rules: Callable[[Schedule], Sequence[Workout | Reminder]], describe: Callable[[Any], str]
) -> Callable[[argparse.Namespace], int]:
    def command(args: argparse.Namespace) -> int:
        items = rules(_load())
        if args.json:
            print(json.dumps([r.model_dump(mode="json") for r in items], indent=2))
        else:
            for rule in items:
                print(describe(rule))
        return EXIT_OK

    return command


cmd_remind_list = _lister(lambda s: s.reminders, describe_reminder)


def cmd_workout_list(args: argparse.Namespace) -> int:
    """Workouts, then each imported calendar as one entry (event count, next occurrence)."""
    schedule = _load()
    store = CalendarStore()
    calendars.up_to_date(schedule, store)
    entries = calendars.calendar_entries(schedule, store, args.json)
    if args.json:
        items = [w.model_dump(mode="json") for w in schedule.workouts] + entries
        print(json.dumps(items, indent=2, ensure_ascii=False))
    else:
        for line in [describe_workout(w) for w in schedule.workouts] + entries:
            print(line)
    calendars.tell(schedule, store)
    return EXIT_OK


def _remove(kind: str, ids: Callable[[Schedule], set[str]]) -> Callable[[argparse.Namespace], int]:
    def command(args: argparse.Namespace) -> int:
        schedule = _load()
        if args.id not in ids(schedule):
            return usage_error(f"no {kind} with id {args.id!r}")
        gone = [c.id for c in schedule.calendars if c.id == args.id]
        schedule.remove(args.id)
        save_schedule(schedule)
        for source_id in gone:  # its copy goes only once the schedule no longer names it
            CalendarStore().forget(source_id)
        return EXIT_OK

    return command


def cmd_remind_next(args: argparse.Namespace) -> int:
    schedule = _load()
    store = CalendarStore()
    calendars.up_to_date(schedule, store)
    zone = local_zone()
    start = args.start or dt.datetime.now(zone)
    firings = next_firings(
        schedule.workouts, schedule.reminders, start, zone, args.count, store.plans(schedule)
    )
    # snoozed reminders come back too: listed with source "snooze"
    firings = sorted([*firings, *snoozed(read_state(), zone, start)], key=lambda f: f.at)
    firings = firings[: args.count]
    calendars.tell(schedule, store)
    if args.json:
        print(json.dumps([f.to_json() for f in firings], indent=2, ensure_ascii=False))
    else:
        for f in firings:
            routine = f"  [{f.routine}]" if f.routine else ""
            print(f"{f.at:%a %Y-%m-%d %H:%M %Z}  {f.kind:<12}  {f.message}{routine}")
    return EXIT_OK


def cmd_remind_export(args: argparse.Namespace) -> int:
    from crampcoach.core.atomic import write_atomic
    from crampcoach.core.icalendar_io import export_calendar

    schedule = _load()
    zone = local_zone()
    data = export_calendar(
        schedule.workouts, schedule.reminders, zone, dt.datetime.now(zone).date()
    )
    try:
        write_atomic(args.file, data)
    except OSError as exc:
        print(
            f"crampcoach: error: {args.file}: cannot write: {exc.strerror or exc}", file=sys.stderr
        )
        return EXIT_INVALID
    count = len(schedule.workouts) + len(schedule.reminders)
    print(f"{args.file}: {count} rule(s) exported")
    for source in schedule.calendars:
        print(f"{source.id} not exported: it is a calendar already ({source.source})")
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    workout = sub.add_parser("workout", help="your training days: warm-up and cool-down reminders")
    wsub = workout.add_subparsers(dest="workout_command", metavar="ACTION", required=True)
    p = wsub.add_parser("add", help="add a weekly (--days) or one-off (--date) workout")
    p.add_argument("--days", type=days_arg, help="e.g. mon,wed,fri")
    p.add_argument("--date", type=date_arg, help="YYYY-MM-DD, for a one-off workout")
    p.add_argument("--at", type=clock_arg, required=True, help="start time, HH:MM")
    p.add_argument("--duration", type=duration_arg, required=True, help="minutes")
    p.add_argument("--pre", type=minutes_or_off, default=10, help="minutes before, or off")
    p.add_argument("--post", type=minutes_or_off, default=0, help="minutes after, or off")
    p.add_argument("--pre-routine", metavar="ID", help="routine before (default: warm-up)")
    p.add_argument("--post-routine", metavar="ID", help="routine after (default: cool-down)")
    p.add_argument("--name", metavar="TEXT", help="what the workout is called")
    p.set_defaults(func=cmd_workout_add)
    p = wsub.add_parser("list", help="list workouts")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_workout_list)
    calendars.add_import_parser(wsub)
    p = wsub.add_parser("remove", help="remove a workout or an imported calendar")
    p.add_argument("id", metavar="ID")
    p.set_defaults(
        func=_remove("workout", lambda s: {w.id for w in s.workouts} | {c.id for c in s.calendars})
    )

    remind = sub.add_parser("remind", help="daily and interval reminders, and what comes next")
    rsub = remind.add_subparsers(dest="remind_command", metavar="ACTION", required=True)
    p = rsub.add_parser("add", help="add a reminder at a time (--at) or every N (--every)")
    p.add_argument("--at", type=clock_arg, help="HH:MM")
    p.add_argument("--days", type=days_arg, help="e.g. mon,tue (default: every day)")
    p.add_argument("--routine", metavar="ID", help="the routine to offer")
    p.add_argument("--message", metavar="TEXT", help="what the reminder says")
    p.add_argument("--every", type=every_arg, help="interval, e.g. 2h or 90m")
    p.add_argument("--between", type=window_arg, help="window for --every, e.g. 09:00-21:00")
    p.set_defaults(func=cmd_remind_add)
    p = rsub.add_parser("list", help="list reminders")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_remind_list)
    p = rsub.add_parser("remove", help="remove a reminder")
    p.add_argument("id", metavar="ID")
    p.set_defaults(func=_remove("reminder", lambda s: {r.id for r in s.reminders}))
    p = rsub.add_parser("export", help="write workouts and reminders to an iCalendar file")
    p.add_argument("file", type=Path, metavar="FILE.ics")
    p.set_defaults(func=cmd_remind_export)
    p = rsub.add_parser("next", help="the next firings of all reminders, in time order")
    p.add_argument("--count", type=count_arg, default=10)
    p.add_argument("--from", dest="start", type=iso_arg, metavar="ISO-DATETIME")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_remind_next)
