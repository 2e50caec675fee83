"""Where user files live, per platform (XDG_DATA_HOME / XDG_CONFIG_HOME on Linux)."""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP = "crampcoach"


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP, appauthor=False))


def cache_dir() -> Path:
    """Files that can be made again (the library's cache, spoken lines)."""
    return Path(platformdirs.user_cache_dir(APP, appauthor=False))


def user_routines_dir() -> Path:
    return data_dir() / "routines"
