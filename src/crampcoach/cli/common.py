"""What every command shares: exit codes, the parser, messages, and argument types that
name the bad value."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from typing import NoReturn

from crampcoach.core.clock import local_zone
from crampcoach.core.diagnostics import Diagnostic
from crampcoach.core.library import Library
from crampcoach.core.resolve import Resolved, resolve
from crampcoach.core.settings import Settings, load_settings

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """Bad arguments: one line naming the bad value, exit 2 (no usage dump)."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def error(message: str) -> None:
    print(f"crampcoach: error: {message}", file=sys.stderr)


def warning(message: str) -> None:
    print(f"crampcoach: warning: {message}", file=sys.stderr)


def usage_error(message: str) -> int:
    error(message)
    return EXIT_USAGE


def print_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=sys.stderr)


def settings() -> Settings:
    """The user's settings; a damaged file is reported once and defaults are used."""
    loaded = load_settings()
    if loaded.notice:
        warning(loaded.notice)
    return loaded.settings


def library(user: Settings | None = None) -> Library:
    """Built-in and user routines, timed with the user's settings (as the app plays them)."""
    import gc

    from crampcoach.core import paths
    from crampcoach.core.library import load_library
    from crampcoach.core.resources import builtin_routines_dir

    timing = (user or settings()).timing
    loaded = load_library(
        builtin_routines_dir(), paths.user_routines_dir(), timing, cache_dir=paths.cache_dir()
    )
    # The library lives as long as the command: the collector need not walk it again and
    # again (a third of 'list --json' with 5,000 routines).
    gc.freeze()
    return loaded


def resolve_routine(ref: str) -> Resolved:
    """A routine id or file path; prints a file's diagnostics and, on failure, why."""
    user = settings()
    resolved = resolve(ref, lambda: library(user), user.timing)
    print_diagnostics(resolved.diagnostics)
    if resolved.entry is None and resolved.diagnostics == []:
        error(resolved.error)
    return resolved


def minutes_text(seconds: float) -> str:
    s = round(seconds)
    return f"{s // 60}:{s % 60:02d}"


def minutes_or_off(text: str) -> int | None:
    if text.lower() == "off":
        return None
    if not text.isdigit() or int(text) > 24 * 60:
        raise argparse.ArgumentTypeError(f"minutes (0-1440) or 'off', not {text!r}")
    return int(text)


def iso_arg(text: str) -> dt.datetime:
    """An ISO date-time; without an offset it is in the user's zone."""
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date-time: {text!r}") from None
    return moment.replace(tzinfo=local_zone()) if moment.tzinfo is None else moment
