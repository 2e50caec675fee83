"""``crampcoach install-desktop [--uninstall]``: CrampCoach in the desktop's menu."""

from __future__ import annotations

import argparse
import shutil
import subprocess
from typing import Any

from crampcoach.cli.common import EXIT_INVALID, EXIT_OK, error


def cmd_install_desktop(args: argparse.Namespace) -> int:
    from crampcoach.core import desktop_entry

    try:
        if args.uninstall:
            for path in desktop_entry.uninstall():
                print(f"removed {path}")
        else:
            installed = desktop_entry.install()
            print(f"installed {installed.entry}")
            print(f"installed {installed.icon}")
    except OSError as exc:
        error(f"{exc.filename or 'desktop entry'}: {exc.strerror or exc}")
        return EXIT_INVALID
    refresh = shutil.which("update-desktop-database")
    if refresh:  # menus that cache entries see the change at once
        home = desktop_entry.data_home() / "applications"
        subprocess.run([refresh, str(home)], check=False, capture_output=True)
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser(
        "install-desktop",
        help="add CrampCoach (with its icon) to the desktop's menu, under XDG_DATA_HOME",
    )
    p.add_argument("--uninstall", action="store_true", help="remove the entry and the icon")
    p.set_defaults(func=cmd_install_desktop)
