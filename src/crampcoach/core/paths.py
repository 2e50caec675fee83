"""Where user files live, per platform (XDG_DATA_HOME / XDG_CONFIG_HOME on Linux)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "crampcoach"


def _xdg(variable: str, default: str, other: str) -> Path:
    """On Linux the XDG base directories, as platformdirs reads them (read here: its import
    is 5 ms of the start-up before the window); elsewhere platformdirs' ``other``."""
    if sys.platform.startswith("linux"):
        base = os.environ.get(variable, "").strip() or os.path.expanduser(default)
        return Path(base) / APP
    import platformdirs

    return Path(getattr(platformdirs, other)(APP, appauthor=False))


def data_dir() -> Path:
    return _xdg("XDG_DATA_HOME", "~/.local/share", "user_data_dir")


def config_dir() -> Path:
    return _xdg("XDG_CONFIG_HOME", "~/.config", "user_config_dir")


def cache_dir() -> Path:
    """Files that can be made again (the library's cache, spoken lines)."""
    return _xdg("XDG_CACHE_HOME", "~/.cache", "user_cache_dir")


def user_routines_dir() -> Path:
    return data_dir() / "routines"
