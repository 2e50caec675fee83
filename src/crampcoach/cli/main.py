"""The ``crampcoach`` command: the desktop app when run bare, or one of the subcommands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from crampcoach import __version__
from crampcoach.cli import diary, export, figures, install, reminders, routines, share
from crampcoach.cli.common import EXIT_OK, Parser


def build_parser() -> argparse.ArgumentParser:
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
    reminders.add_parsers(sub)
    diary.add_parsers(sub)
    share.add_parsers(sub)
    export.add_parsers(sub)
    figures.add_parsers(sub)
    install.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return routines.cmd_gui(args)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # e.g. piped into head
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
