"""The ``crampcoach`` command: routine tools now, the desktop app when run bare."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from crampcoach import __version__, history_cli, schedule_cli
from crampcoach.core import paths
from crampcoach.core.library import Library, load_library
from crampcoach.core.loader import load_routine_file, validate_paths
from crampcoach.core.routine import json_schema
from crampcoach.core.timeline import Timeline
from crampcoach.resources import builtin_routines_dir

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _library() -> Library:
    return load_library(builtin_routines_dir(), paths.user_routines_dir())


def _minutes(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 60}:{s % 60:02d}"


def cmd_validate(args: argparse.Namespace) -> int:
    results = validate_paths(args.paths)
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
    print(json.dumps(json_schema(), indent=2))
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    library = _library()
    for diagnostic in library.diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    entries = library.sorted_entries()
    if args.json:
        print(json.dumps([e.to_json() for e in entries], indent=2, ensure_ascii=False))
        return EXIT_OK
    width = max((len(e.id) for e in entries), default=2)
    for e in entries:
        user = "  (user)" if e.origin == "user" else ""
        print(
            f"{e.id:<{width}}  {e.routine.kind:<9}  {_minutes(e.timeline.duration):>6}  "
            f"{e.routine.title}{user}"
        )
    for failed in library.failed:
        print(f"{failed.path}: not loaded (see the errors above)", file=sys.stderr)
    return EXIT_OK


def resolve_timeline(ref: str) -> Timeline | None:
    """An id from the library, or a path to a routine file; prints why it fails."""
    candidate = Path(ref)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists() or "/" in ref:
        result = load_routine_file(candidate)
        for diagnostic in result.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        return result.timeline if result.ok else None
    library = _library()
    entry = library.get(ref)
    if entry is None:
        known = ", ".join(sorted(library.entries)) or "none"
        print(f"crampcoach: error: no routine with id {ref!r} (known: {known})", file=sys.stderr)
        return None
    return entry.timeline


def cmd_timeline(args: argparse.Namespace) -> int:
    timeline = resolve_timeline(args.routine)
    if timeline is None:
        return EXIT_INVALID
    if args.json:
        print(json.dumps(timeline.to_json(), indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"{timeline.title} ({timeline.routine_id}), {_minutes(timeline.duration)}")
    for cue in timeline.cues:
        side = f" [{cue.side}]" if cue.side else ""
        print(f"{_minutes(cue.t):>6}  {cue.t:8.2f}  {cue.kind:<9}{side}  {cue.text}")
    return EXIT_OK


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.1 <= value <= 100:
        raise argparse.ArgumentTypeError(f"must be between 0.1 and 100, not {text}")
    return value


def cmd_play(args: argparse.Namespace) -> int:
    from crampcoach import gui

    ref = args.routine
    if Path(ref).suffix in (".yaml", ".yml") or "/" in ref or Path(ref).exists():
        result = load_routine_file(ref)
        for diagnostic in result.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        if not result.ok:
            return EXIT_INVALID
        ref = str(Path(ref).resolve())
    elif _library().get(ref) is None:
        print(
            f"crampcoach: error: no routine with id {ref!r} (see 'crampcoach list')",
            file=sys.stderr,
        )
        return EXIT_INVALID
    options = gui.PlayOptions(
        ref,
        voice=not args.no_voice,
        speed=args.speed,
        exit_when_done=args.exit_when_done,
        trace=args.trace,
    )
    return gui.run(options)


def cmd_gui(args: argparse.Namespace) -> int:
    from crampcoach import gui

    return gui.run(hidden=bool(getattr(args, "hidden", False)))


class _Parser(argparse.ArgumentParser):
    """Bad arguments: one line naming the bad value, exit 2 (no usage dump)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="crampcoach",
        description="Guided stretching, breathing and relaxation against leg cramps.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--hidden",
        action="store_true",
        help="start in the tray without opening the window (used at login)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("validate", help="check routine files and explain every problem")
    p.add_argument("paths", nargs="+", metavar="PATH", help="routine files (.yaml)")
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

    schedule_cli.add_parsers(sub)
    history_cli.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return cmd_gui(args)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # e.g. piped into head
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
