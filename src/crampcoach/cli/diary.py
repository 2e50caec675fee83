"""``crampcoach log cramp``, ``history``, ``stats`` and ``export``: the diary from a terminal."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from crampcoach.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    error,
    iso_arg,
    library,
    warning,
)
from crampcoach.core.clock import local_zone
from crampcoach.core.csv_export import export_csv
from crampcoach.core.diary import (
    MUSCLES,
    SIDES,
    SIGNS,
    TRIGGERS,
    Cramp,
    frequent_note,
    logged_notes,
    red_flags,
    warning_signs,
)
from crampcoach.core.history_store import HistoryError, HistoryStore, SessionRecord, open_history
from crampcoach.core.insights import CAVEAT, insights


def severity_arg(text: str) -> int:
    if not text.strip().isdigit() or not 0 <= int(text) <= 10:
        raise argparse.ArgumentTypeError(f"a whole number from 0 to 10, not {text!r}")
    return int(text)


def minutes_arg(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of minutes: {text!r}") from None
    if not 0 <= value <= 24 * 60:
        raise argparse.ArgumentTypeError(f"minutes from 0 to 1440, not {text!r}")
    return value


def since_arg(text: str) -> dt.datetime:
    """A date (from local midnight) or an ISO date-time."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        return iso_arg(text)
    return dt.datetime.combine(day, dt.time(), tzinfo=local_zone())


def weeks_arg(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 520:
        raise argparse.ArgumentTypeError(f"a number of weeks from 1 to 520, not {text!r}")
    return int(text)


def _open() -> HistoryStore | None:
    try:
        store, notice = open_history()
    except (HistoryError, OSError) as exc:
        error(str(exc))
        return None
    if notice:
        warning(notice)
    return store


def _now() -> dt.datetime:
    return dt.datetime.now(local_zone())


def cmd_log_cramp(args: argparse.Namespace) -> int:
    try:
        cramp = Cramp(
            at=args.at or _now(),
            muscle=args.muscle,
            side=args.side,
            severity=args.severity,
            minutes=args.minutes,
            during_sleep=args.during_sleep,
            notes=args.note or "",
            triggers=tuple(args.trigger or ()),
            swelling=args.swelling,
            redness=args.redness,
            weakness=args.weakness,
            warmth=args.warmth,
        )
    except ValidationError as exc:
        problem = exc.errors()[0]
        error(f"{problem['loc'][0]}: {problem['msg']}")
        return EXIT_USAGE
    store = _open()
    if store is None:
        return EXIT_INVALID
    with store:
        try:
            saved = store.add_cramp(cramp)
            recent = store.cramps(since=_now() - dt.timedelta(days=15))
        except Exception as exc:  # sqlite3 errors: disk full, read-only
            print(
                f"crampcoach: error: {store.path}: could not save the cramp ({exc})",
                file=sys.stderr,
            )
            return EXIT_INVALID
    print(saved.id)
    # About this cramp whatever its date; then whether cramps come on most days lately.
    notes = logged_notes(saved)
    frequent = frequent_note(recent, _now())
    for message in [*notes, *([frequent] if frequent else [])]:
        print(f"crampcoach: note: {message}", file=sys.stderr)
    return EXIT_OK


def _when(moment: dt.datetime) -> str:
    return moment.astimezone(local_zone()).strftime("%Y-%m-%d %H:%M")


def _describe_session(s: SessionRecord) -> str:
    return f"{_when(s.started)}  session  {s.title}  {s.status}  {s.minutes:.1f} min"


def _describe_cramp(c: Cramp) -> str:
    parts = [f"{c.muscle}" + (f" ({c.side})" if c.side else ""), f"severity {c.severity}/10"]
    if c.minutes is not None:
        parts.append(f"{c.minutes:g} min")
    if c.during_sleep:
        parts.append("during sleep")
    signs = warning_signs(c)
    if signs:
        parts.append("with " + ", ".join(signs))
    if c.notes:
        parts.append(repr(c.notes))
    return f"{_when(c.at)}  cramp    " + "  ".join(parts)


def cmd_history(args: argparse.Namespace) -> int:
    store = _open()
    if store is None:
        return EXIT_INVALID
    with store:
        items: list[tuple[dt.datetime, SessionRecord | Cramp]] = [
            (s.started, s) for s in store.sessions(args.since)
        ]
        items += [(c.at, c) for c in store.cramps(args.since)]
    items.sort(key=lambda pair: pair[0])
    if args.json:
        print(json.dumps([item.to_json() for _, item in items], indent=2, ensure_ascii=False))
        return EXIT_OK
    for _, item in items:
        print(_describe_session(item) if isinstance(item, SessionRecord) else _describe_cramp(item))
    if not items:
        print("Nothing recorded yet.", file=sys.stderr)
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    store = _open()
    if store is None:
        return EXIT_INVALID
    now, zone = _now(), local_zone()
    since = now - dt.timedelta(weeks=args.weeks + 1)
    with store:
        sessions, cramps = store.sessions(since), store.cramps(since)
    result = insights(sessions, cramps, now, args.weeks, zone)
    flags = red_flags(cramps, now)
    if args.json:
        print(json.dumps({**result.to_json(), "red_flags": flags}, indent=2, ensure_ascii=False))
        return EXIT_OK
    print("week of      sessions  minutes  bedtime nights  cramps  mean severity  cramp nights")
    for w in result.weeks:
        severity = "-" if w.mean_severity is None else f"{w.mean_severity:.1f}"
        print(
            f"{w.week_start}  {w.sessions:>8}  {w.minutes:>7.0f}  {w.bedtime_nights:>14}  "
            f"{w.cramps:>6}  {severity:>13}  {w.cramp_nights:>12}"
        )
    print(f"\nStretching streak: {result.streak} day(s)")
    for label, group in (
        ("with the bedtime routine", result.with_bedtime),
        ("without it", result.without_bedtime),
    ):
        rate = "-" if group.rate is None else f"{group.rate:.0%}"
        print(f"Nights {label}: {group.nights}, with a cramp: {group.cramp_nights} ({rate})")
    print(CAVEAT)
    for message in flags:
        print(f"\nNote: {message}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    if args.file is not None:  # export ROUTINE FILE: a routine to share (cli/share.py)
        from crampcoach.cli.share import cmd_export_routine

        return cmd_export_routine(args.folder, args.file, force=args.force)
    if args.force:
        error("--force goes with 'export ROUTINE FILE'")
        return EXIT_USAGE
    if _names_a_routine(args.folder):
        error(
            f"{args.folder!r} is a routine: say where to write it, as in "
            f"'crampcoach export {args.folder} FILE.yaml'"
        )
        return EXIT_USAGE
    folder = Path(args.folder)
    store = _open()
    if store is None:
        return EXIT_INVALID
    with store:
        sessions, cramps = store.sessions(), store.cramps()
    try:
        written = export_csv(folder, sessions, cramps, local_zone())
    except OSError as exc:
        error(f"{folder}: cannot write ({exc.strerror})")
        return EXIT_INVALID
    for path in written:
        print(path)
    return EXIT_OK


def _names_a_routine(folder: str) -> bool:
    """``export calf-cramp-relief`` with no FILE: surely not a folder for the diary's CSV."""
    if Path(folder).exists():
        return False
    if Path(folder).suffix.lower() in (".yaml", ".yml"):
        return True
    return library().get(folder) is not None


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    log = sub.add_parser("log", help="log something in the diary")
    what = log.add_subparsers(dest="what", metavar="WHAT", required=True)
    p = what.add_parser("cramp", help="log a cramp (severity on the 0-10 scale of the trials)")
    p.add_argument("--muscle", required=True, choices=MUSCLES)
    p.add_argument("--side", choices=SIDES)
    p.add_argument("--severity", required=True, type=severity_arg, metavar="0-10")
    p.add_argument("--minutes", type=minutes_arg, metavar="N", help="how long it lasted")
    p.add_argument("--at", type=iso_arg, metavar="ISO", help="when (default: now)")
    p.add_argument("--during-sleep", action="store_true", help="it woke you up")
    p.add_argument("--note", metavar="TEXT")
    p.add_argument(
        "--trigger",
        action="append",
        choices=tuple(TRIGGERS),
        help="a possible trigger (repeat for more)",
    )
    for sign in SIGNS:
        where = "the leg felt warm" if sign == "warmth" else f"the muscle showed {sign}"
        p.add_argument(f"--{sign}", action="store_true", help=f"{where} (a red-flag sign)")
    p.set_defaults(func=cmd_log_cramp)

    p = sub.add_parser("history", help="sessions played and cramps logged")
    p.add_argument("--since", type=since_arg, metavar="DATE", help="from this date (YYYY-MM-DD)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("stats", help="weekly stretching against cramps, and the streak")
    p.add_argument("--weeks", type=weeks_arg, default=8, metavar="N", help="weeks shown (8)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser(
        "export",
        help="write the history and the diary as CSV files into FOLDER, or a routine "
        "as a .yaml file to share (ROUTINE FILE)",
        usage="%(prog)s FOLDER | %(prog)s ROUTINE FILE [--force]",
    )
    p.add_argument("folder", metavar="FOLDER | ROUTINE", help="a folder, or a routine id or file")
    p.add_argument("file", nargs="?", type=Path, metavar="FILE", help="the .yaml file to write")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p.set_defaults(func=cmd_export)
