"""``crampcoach import FILE`` and ``crampcoach export ROUTINE FILE``: a routine shared as one
``.yaml`` file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from crampcoach.cli.common import (
    EXIT_INVALID,
    EXIT_OK,
    error,
    library,
    print_diagnostics,
    resolve_routine,
)
from crampcoach.core.sharing import (
    CHOICES,
    Clash,
    InvalidRoutine,
    ShareError,
    TargetExists,
    apply_import,
    export_routine,
    prepare_import,
)


def _describe(clash: Clash) -> str:
    existing = clash.existing
    whose = "CrampCoach's own routine" if clash.builtin else "your routine"
    return f"the id {existing.id!r} is taken by {whose} {existing.routine.title!r}"


def _how_to_choose(clash: Clash) -> str:
    keep = f"--on-clash keep-both (imports it as {clash.new_id!r}, {clash.new_title!r})"
    if clash.builtin:
        return f"it cannot be replaced; run again with {keep}"
    return f"run again with --on-clash replace, or {keep}"


def cmd_import(args: argparse.Namespace) -> int:
    from crampcoach.core import paths

    try:
        plan = prepare_import(args.file, paths.user_routines_dir(), library())
    except InvalidRoutine as exc:
        print_diagnostics(exc.diagnostics)
        error(str(exc))
        return EXIT_INVALID
    except ShareError as exc:
        error(str(exc))
        return EXIT_INVALID
    print_diagnostics(plan.warnings)  # as validate: a warning does not stop it
    clash, choice = plan.clash, args.on_clash
    if clash is not None:
        if choice is None or choice not in clash.choices:  # say how to choose
            error(f"{args.file}: not imported: {_describe(clash)}; {_how_to_choose(clash)}")
            return EXIT_INVALID
        if choice == "cancel":
            print(f"not imported: {_describe(clash)} (--on-clash cancel)", file=sys.stderr)
            return EXIT_INVALID
    try:
        done = apply_import(plan, choice or "cancel")
    except ShareError as exc:
        error(str(exc))
        return EXIT_INVALID
    print(done.message)
    return EXIT_OK


def cmd_export_routine(ref: str, target: Path, *, force: bool) -> int:
    """``crampcoach export ROUTINE FILE`` (the ``export`` command with two arguments)."""
    entry = resolve_routine(ref).entry
    if entry is None:
        return EXIT_INVALID
    try:
        written = export_routine(entry, target, overwrite=force)
    except TargetExists as exc:
        error(f"{exc.path} exists; choose another name, or --force to overwrite it")
        return EXIT_INVALID
    except ShareError as exc:
        error(str(exc))
        return EXIT_INVALID
    pictures = len(written) - 1
    extra = f" and {pictures} picture(s) beside it" if pictures > 0 else ""
    print(f"exported {entry.id} ({entry.routine.title}) to {target}{extra}")
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser(
        "import",
        help="check a shared routine file and add it to your routines",
        description="Validates FILE as 'crampcoach validate' does and copies it into your "
        "routines folder. When its id is taken, --on-clash says what to do.",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="a routine file (.yaml)")
    p.add_argument(
        "--on-clash",
        choices=CHOICES,
        metavar="|".join(CHOICES),
        help="when a routine with its id exists: replace yours, keep both (the new one gets "
        "a new id), or cancel (the default: nothing is imported and the command says how "
        "to choose). CrampCoach's own routines cannot be replaced.",
    )
    p.set_defaults(func=cmd_import)
