"""Start at login: an entry in the XDG autostart folder (Linux desktops read it)."""

from __future__ import annotations

import os
from pathlib import Path

from crampcoach.core.atomic import write_atomic
from crampcoach.core.desktop_entry import exec_line, launch_command

ENTRY = """[Desktop Entry]
Type=Application
Name=CrampCoach
Comment=Stretching reminders before and after workouts and at bedtime
Exec={exec_line}
Icon=crampcoach
Terminal=false
X-GNOME-Autostart-enabled=true
"""


def autostart_file() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "autostart" / "crampcoach.desktop"


def is_enabled() -> bool:
    return autostart_file().is_file()


def set_enabled(enabled: bool, command: list[str] | None = None) -> None:
    """Write or remove the entry. Its command is absolute: at login the virtualenv that
    holds ``crampcoach`` is not on PATH."""
    path = autostart_file()
    if enabled:
        line = exec_line(command or launch_command(), "--hidden")
        write_atomic(path, ENTRY.format(exec_line=line).encode("utf-8"))
    elif path.exists():
        path.unlink()
