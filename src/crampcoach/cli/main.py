"""The ``crampcoach`` command: the desktop app when run bare, or one of the subcommands."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from crampcoach import __version__

if TYPE_CHECKING:
    import argparse


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Every command; or, for ``play`` (a session to start at once), only the routine
    commands: the others' modules take a fifth of a second to import."""
    # Here, not at the top: the bare ``crampcoach`` (the app) needs none of them.
    from crampcoach.cli import routines
    from crampcoach.cli.common import Parser

    parser = Parser(
        prog="crampcoach",
        description="Guided stretching, breathing and relaxation against leg cramps.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--hidden",
        action="store_true",
        help="start in the tray without opening the window (used at login)",
    )
    parser.add_argument(
        "--trace",
        type=Path,
        metavar="FILE",
        help="write JSON lines: window shown, library ready, the longest stall (at exit)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    routines.add_parsers(sub)
    if command == "play":
        return parser
    from crampcoach.cli import diary, export, figures, install, reminders, share

    reminders.add_parsers(sub)
    diary.add_parsers(sub)
    share.add_parsers(sub)
    export.add_parsers(sub)
    figures.add_parsers(sub)
    install.add_parsers(sub)
    return parser


def app_only(argv: Sequence[str]) -> tuple[bool, Path | None] | None:
    """``--hidden`` and ``--trace FILE`` alone: the app, started without importing every
    command (a third of start-up). Anything else goes to the full parser."""
    hidden, trace, rest = False, None, list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--hidden":
            hidden = True
        elif arg == "--trace" and rest and rest[0] and not rest[0].startswith("-"):
            trace = Path(rest.pop(0))
        elif arg.startswith("--trace=") and len(arg) > len("--trace="):
            trace = Path(arg.split("=", 1)[1])
        else:
            return None
    return hidden, trace


def main(argv: Sequence[str] | None = None) -> int:
    args_given = list(sys.argv[1:] if argv is None else argv)
    app = app_only(args_given)
    if app is not None:
        from crampcoach.desktop import main as desktop

        return desktop.run(hidden=app[0], trace=app[1])
    from crampcoach.cli.common import EXIT_OK

    parser = build_parser(args_given[0] if args_given else None)
    args = parser.parse_args(argv)
    if args.command is None:
        from crampcoach.cli.routines import cmd_gui

        return cmd_gui(args)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # e.g. piped into head
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
