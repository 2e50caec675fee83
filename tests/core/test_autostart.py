"""Start at login writes and removes the XDG autostart entry."""

from __future__ import annotations

import configparser
import os
from pathlib import Path

from crampcoach.core import autostart


def test_toggle(tmp_path: Path) -> None:
    path = autostart.autostart_file()
    assert path == Path(os.environ["XDG_CONFIG_HOME"]) / "autostart" / "crampcoach.desktop"
    assert not autostart.is_enabled()
    autostart.set_enabled(True, ["/opt/bin/crampcoach"])
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path)
    assert parser["Desktop Entry"]["Exec"] == "/opt/bin/crampcoach --hidden"
    assert autostart.is_enabled()
    autostart.set_enabled(False)
    assert not path.exists()
    autostart.set_enabled(False)  # already off: fine


def test_the_default_command_is_absolute_so_it_starts_at_login() -> None:
    autostart.set_enabled(True)
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(autostart.autostart_file())
    command = parser["Desktop Entry"]["Exec"].removesuffix(" --hidden").strip('"')
    first = command.split(" -m ")[0]
    assert os.path.isabs(first)
    assert parser["Desktop Entry"]["Exec"].endswith("--hidden")
