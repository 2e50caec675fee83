"""CrampCoach in the desktop's menu and at login: ``.desktop`` entries with an absolute
command, and the icon, under the user's XDG folders.

A bare ``Exec=crampcoach`` fails at login and from the menu: the command lives in the
virtualenv, which is not on the session's PATH. So every entry names the command by its
absolute path.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from crampcoach.core.atomic import write_atomic
from crampcoach.core.resources import assets_dir

ENTRY_NAME = "crampcoach.desktop"
ICON_NAME = "crampcoach.svg"


def launch_command() -> list[str]:
    """How to start this CrampCoach from anywhere: its own script beside this Python
    (a virtualenv's bin/), else the one on PATH, else ``python -m crampcoach``."""
    beside = Path(sys.executable).parent / "crampcoach"
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside.absolute())]
    found = shutil.which("crampcoach")
    if found:
        return [str(Path(found).absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "crampcoach"]


def exec_line(command: list[str], *args: str) -> str:
    """An ``Exec=`` value: arguments quoted as the Desktop Entry spec asks."""

    def quote(arg: str) -> str:
        if not any(c in arg for c in " \t\n\"'\\><~|&;$*?#()`"):
            return arg
        escaped = arg.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`")
        return '"' + escaped.replace("$", "\\$") + '"'

    return " ".join(quote(a) for a in [*command, *args])


def data_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base)


def menu_entry(command: list[str] | None = None) -> str:
    """The shipped ``.desktop`` file with its command made absolute."""
    template = (assets_dir() / "desktop" / ENTRY_NAME).read_text(encoding="utf-8")
    line = exec_line(command or launch_command())
    return "".join(
        f"Exec={line}\n" if raw.startswith("Exec=") else raw
        for raw in template.splitlines(keepends=True)
    )


@dataclass(frozen=True)
class Installed:
    entry: Path
    icon: Path


def installed_paths(home: Path | None = None) -> Installed:
    home = home or data_home()
    return Installed(
        home / "applications" / ENTRY_NAME,
        home / "icons" / "hicolor" / "scalable" / "apps" / ICON_NAME,
    )


def install(home: Path | None = None, command: list[str] | None = None) -> Installed:
    """Write the menu entry and the icon (atomically; again is fine)."""
    paths = installed_paths(home)
    write_atomic(paths.entry, menu_entry(command).encode("utf-8"))
    write_atomic(paths.icon, (assets_dir() / "icons" / ICON_NAME).read_bytes())
    return paths


def uninstall(home: Path | None = None) -> list[Path]:
    """Remove what ``install`` wrote; returns what was there."""
    removed = []
    for path in (installed_paths(home).entry, installed_paths(home).icon):
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed
