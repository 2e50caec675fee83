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
    autostart.set_enabled(True, "/opt/bin/crampcoach")
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(path)
    assert parser["Desktop Entry"]["Exec"] == "/opt/bin/crampcoach --hidden"
    assert autostart.is_enabled()
    autostart.set_enabled(False)
    assert not path.exists()
    autostart.set_enabled(False)  # already off: fine
