"""User settings: one typed, versioned, human-readable file in the platform config folder.

Every setting lives in this one model. The file is JSON with a ``version`` so future
releases can migrate it; a file that cannot be read is backed up beside itself and the
app carries on with defaults, telling the user once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from crampcoach.core import paths
from crampcoach.core.atomic import backup_corrupt, read_json_object, write_atomic
from crampcoach.core.muscle_groups import known
from crampcoach.core.speaking import DEFAULT_WPM
from crampcoach.core.timing import Timing

SETTINGS_VERSION = 1
SETTINGS_FILE = "settings.json"

Volume = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)]


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True, validate_default=True, defer_build=True)

    version: Literal[1] = 1
    voice_enabled: bool = True
    voice: str = Field("", description="Speech engine voice id; empty picks an English voice.")
    rate: Annotated[int, Field(ge=80, le=400)] = DEFAULT_WPM
    voice_volume: Volume = 1.0
    countdown_enabled: bool = True
    sounds_enabled: bool = True
    sound_volume: Volume = 0.6
    theme: Literal["system", "light", "dark"] = "system"
    instructions_by: Literal["narrator", "screen-reader"] = Field(
        "narrator",
        description="Who speaks the instructions: the app's narrator (a screen reader then "
        "hears only step changes) or the screen reader (the narrator stays silent).",
    )
    prepare: Annotated[float, Field(ge=0, le=600)] | None = Field(
        None, description="Override every routine's default prepare time (seconds)."
    )
    switch: Annotated[float, Field(ge=0, le=600)] | None = Field(
        None, description="Override every routine's default switch time (seconds)."
    )
    favourites: tuple[str, ...] = Field((), description="Starred routine ids, shown first.")
    # Fields added later have defaults: an older file without them reads as before.
    avoid_muscles: tuple[str, ...] = Field(
        (), description="Muscle groups to rest (core/muscle_groups.py), e.g. after an injury."
    )
    skip_avoided_steps: bool = Field(
        True, description="Leave out the steps that work a muscle to rest, saying so."
    )
    start_at_login: bool = False
    reminder_grace: Annotated[int, Field(ge=0, le=24 * 60)] = Field(
        30, description="Minutes a reminder missed during sleep may still fire on wake."
    )
    told_no_tray: bool = False  # "closing quits" was said once
    welcomed: bool = False  # the first-run welcome was shown

    @field_validator("avoid_muscles", mode="before")
    @classmethod
    def _muscles(cls, value: object) -> object:
        """Aliases ('calf') become their group; names no group knows are dropped, so a
        file edited by hand, or written by a newer CrampCoach, still reads."""
        if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
            return known(value)
        return value

    @property
    def timing(self) -> Timing:
        """The get-ready and switch times every timeline is built with."""
        return Timing(self.prepare, self.switch)

    def changed(self, **values: Any) -> Settings:
        """A validated copy with ``values`` changed."""
        return Settings.model_validate({**self.model_dump(), **values})


# Migrations from older file versions, keyed by the version they upgrade from.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


@dataclass
class LoadedSettings:
    settings: Settings
    notice: str | None = None  # said once to the user when something was wrong


def settings_path() -> Path:
    return paths.config_dir() / SETTINGS_FILE


def load_settings(path: Path | None = None) -> LoadedSettings:
    """Read the settings; a missing file gives defaults, a bad one is backed up."""
    path = path or settings_path()
    try:
        data = read_json_object(path)
        if data is None:
            return LoadedSettings(Settings())
        version = data.get("version", SETTINGS_VERSION)
        if not isinstance(version, int) or version > SETTINGS_VERSION:
            raise ValueError(f"unknown settings version {version!r}")
        while version in MIGRATIONS:
            data = MIGRATIONS[version](data)
            version = int(data["version"])
        return LoadedSettings(Settings.model_validate(data))
    except OSError as exc:
        return LoadedSettings(
            Settings(), f"Could not read {path} ({exc.strerror}); using defaults."
        )
    except (ValueError, ValidationError) as exc:
        reason = str(exc).splitlines()[0]
        try:
            backup = backup_corrupt(path)
        except OSError:
            return LoadedSettings(
                Settings(), f"Settings file {path} is damaged ({reason}); using defaults."
            )
        return LoadedSettings(
            Settings(),
            f"Settings file {path} was damaged ({reason}). It was kept as {backup.name} "
            "and the defaults are in use.",
        )


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically; raises OSError if the folder cannot be written."""
    path = path or settings_path()
    text = json.dumps(settings.model_dump(mode="json"), indent=2, sort_keys=True) + "\n"
    write_atomic(path, text.encode("utf-8"))
