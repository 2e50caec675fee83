"""``crampcoach validate``, ``schema``, ``list``, ``timeline`` and ``play``: routines from a
terminal, and the desktop app."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from crampcoach.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    error,
    library,
    minutes_text,
    print_diagnostics,
    resolve_routine,
    settings,
)
from crampcoach.core.resolve import looks_like_path
from crampcoach.core.speaking import DEFAULT_WPM


def cmd_validate(args: argparse.Namespace) -> int:
    from crampcoach.core.loader import validate_paths

    if not args.speech:
        results = validate_paths(args.paths, wpm=args.rate)
    else:
        from crampcoach.desktop.session.speech_lengths import SpeechMeter, SpeechUnavailable

        try:
            with SpeechMeter(settings().voice, args.rate) as meter:
                results = validate_paths(args.paths, wpm=args.rate, measure=meter.seconds)
        except SpeechUnavailable as exc:
            error(f"cannot measure speech: {exc}")
            return EXIT_INVALID
    errors = warnings = 0
    for result in results:
        for diagnostic in result.diagnostics:
            print(diagnostic.format())
            errors += diagnostic.is_error
            warnings += not diagnostic.is_error
    valid = sum(r.ok for r in results)
    print(
        f"{valid} of {len(results)} file(s) valid; {errors} error(s), {warnings} warning(s)",
        file=sys.stderr,
    )
    return EXIT_INVALID if errors else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from crampcoach.core.routine import json_schema

    print(json.dumps(json_schema(), indent=2))
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    user_settings = settings()
    routines = library(user_settings)
    starred = set(user_settings.favourites)
    print_diagnostics(routines.diagnostics)
    entries = routines.sorted_entries()
    if args.json:
        items = [{**e.to_json(), "favourite": e.id in starred} for e in entries]
        print(json.dumps(items, indent=2, ensure_ascii=False))
        return EXIT_OK
    width = max((len(e.id) for e in entries), default=2)
    for e in entries:
        user = "  (user)" if e.origin == "user" else ""
        star = "  ★" if e.id in starred else ""
        print(
            f"{e.id:<{width}}  {e.routine.kind:<9}  {minutes_text(e.duration):>6}  "
            f"{e.routine.title}{user}{star}"
        )
    for failed in routines.failed:
        print(f"{failed.path}: not loaded (see the errors above)", file=sys.stderr)
    return EXIT_OK


def cmd_timeline(args: argparse.Namespace) -> int:
    entry = resolve_routine(args.routine).entry
    if entry is None:
        return EXIT_INVALID
    timeline = entry.timeline
    if args.json:
        print(json.dumps(timeline.to_json(), indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"{timeline.title} ({timeline.routine_id}), {minutes_text(timeline.duration)}")
    for cue in timeline.cues:
        side = f" [{cue.side}]" if cue.side else ""
        print(f"{minutes_text(cue.t):>6}  {cue.t:8.2f}  {cue.kind:<9}{side}  {cue.text}")
    return EXIT_OK


def rate_arg(text: str) -> int:
    if not text.strip().isdigit() or not 80 <= int(text) <= 400:
        raise argparse.ArgumentTypeError(f"words a minute from 80 to 400, not {text!r}")
    return int(text)


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.1 <= value <= 100:
        raise argparse.ArgumentTypeError(f"must be between 0.1 and 100, not {text}")
    return value


def cmd_play(args: argparse.Namespace) -> int:
    from crampcoach.desktop.session.audio import open_early

    open_early()  # a new sound stream takes a while to start: meanwhile the app is built
    from crampcoach.desktop import main as app
    from crampcoach.desktop.session.launcher import PlayOptions

    entry = resolve_routine(args.routine).entry
    if entry is None:
        return EXIT_INVALID
    ref = str(entry.path) if looks_like_path(args.routine) else entry.id
    options = PlayOptions(
        ref,
        voice=not args.no_voice,
        speed=args.speed,
        exit_when_done=args.exit_when_done,
        trace=args.trace,
    )
    return app.run(options)


def cmd_gui(args: argparse.Namespace) -> int:
    from crampcoach.desktop import main as app

    return app.run(hidden=bool(getattr(args, "hidden", False)), trace=getattr(args, "trace", None))


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("validate", help="check routine files and explain every problem")
    p.add_argument("paths", nargs="+", metavar="PATH", help="routine files (.yaml)")
    p.add_argument(
        "--speech",
        action="store_true",
        help="time every spoken line with the real speech engine (your voice setting) "
        "instead of estimating it",
    )
    p.add_argument(
        "--rate",
        type=rate_arg,
        default=DEFAULT_WPM,
        metavar="WPM",
        help=f"speaking rate in words a minute (80-400; default {DEFAULT_WPM})",
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("schema", help="print the JSON Schema of the routine file format")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("list", help="list the built-in and user routines")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("play", help="open the player on a routine and start at once")
    p.add_argument("routine", metavar="ROUTINE", help="a routine id or a routine file path")
    p.add_argument("--no-voice", action="store_true", help="captions and sounds only")
    p.add_argument(
        "--speed",
        type=_speed,
        default=1.0,
        metavar="X",
        help="preview at X times real speed (0.1-100)",
    )
    p.add_argument("--exit-when-done", action="store_true", help="quit after the last cue")
    p.add_argument(
        "--trace",
        type=Path,
        metavar="FILE",
        help="write one JSON line per cue and narrator line, for timing checks",
    )
    p.set_defaults(func=cmd_play)

    p = sub.add_parser("timeline", help="show a routine expanded into timed cues")
    p.add_argument("routine", metavar="ROUTINE", help="a routine id or a routine file path")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_timeline)
