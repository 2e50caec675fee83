"""Where workouts, reminders and calendar sources are kept: one versioned, human-readable
JSON file.

Written atomically. A file that cannot be read is kept beside itself and reported, and
whatever rules in it are still valid are kept. Version 1 (no calendars) is read as is.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from crampcoach.core import paths
from crampcoach.core.atomic import backup_corrupt, read_json_object, write_atomic
from crampcoach.core.schedule import CalendarSource, Reminder, Workout

SCHEDULE_VERSION = 2  # 2 added "calendars"
SCHEDULE_FILE = "schedule.json"


@dataclass
class Schedule:
    workouts: list[Workout] = field(default_factory=list)
    reminders: list[Reminder] = field(default_factory=list)
    calendars: list[CalendarSource] = field(default_factory=list)

    def copy(self) -> Schedule:
        return Schedule(list(self.workouts), list(self.reminders), list(self.calendars))

    @property
    def ids(self) -> set[str]:
        return (
            {w.id for w in self.workouts}
            | {r.id for r in self.reminders}
            | {c.id for c in self.calendars}
        )

    def next_id(self, prefix: str) -> str:
        used = self.ids
        n = 1
        while f"{prefix}{n}" in used:
            n += 1
        return f"{prefix}{n}"

    def id_allocator(self, prefix: str) -> Callable[[], str]:
        """Hands out fresh ids (for adding several rules before they are stored)."""
        used = self.ids

        def allocate() -> str:
            n = 1
            while f"{prefix}{n}" in used:
                n += 1
            used.add(f"{prefix}{n}")
            return f"{prefix}{n}"

        return allocate

    def remove(self, rule_id: str) -> bool:
        before = len(self.ids)
        self.workouts = [w for w in self.workouts if w.id != rule_id]
        self.reminders = [r for r in self.reminders if r.id != rule_id]
        self.calendars = [c for c in self.calendars if c.id != rule_id]
        return len(self.ids) < before

    @property
    def rule_count(self) -> int:
        return len(self.workouts) + len(self.reminders) + len(self.calendars)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": SCHEDULE_VERSION,
            "workouts": [w.model_dump(mode="json") for w in self.workouts],
            "reminders": [r.model_dump(mode="json") for r in self.reminders],
            "calendars": [c.model_dump(mode="json") for c in self.calendars],
        }


@dataclass
class LoadedSchedule:
    schedule: Schedule
    notice: str | None = None


def schedule_path() -> Path:
    return paths.config_dir() / SCHEDULE_FILE


def load_schedule(path: Path | None = None) -> LoadedSchedule:
    path = path or schedule_path()
    try:
        data = read_json_object(path)
        if data is None:
            return LoadedSchedule(Schedule())
        data = _migrate(data)
    except OSError as exc:
        return LoadedSchedule(Schedule(), f"Could not read {path} ({exc.strerror}).")
    except ValueError as exc:
        return _damaged(path, str(exc).splitlines()[0], Schedule())
    schedule = Schedule()
    dropped: list[str] = []
    for n, item in enumerate(_items(data, "workouts")):
        try:
            schedule.workouts.append(Workout.model_validate(item))
        except (ValidationError, ValueError, TypeError) as exc:
            dropped.append(f"workouts[{n}]: {str(exc).splitlines()[0]}")
    for n, item in enumerate(_items(data, "reminders")):
        try:
            schedule.reminders.append(Reminder.model_validate(item))
        except (ValidationError, ValueError, TypeError) as exc:
            dropped.append(f"reminders[{n}]: {str(exc).splitlines()[0]}")
    for n, item in enumerate(_items(data, "calendars")):
        try:
            schedule.calendars.append(CalendarSource.model_validate(item))
        except (ValidationError, ValueError, TypeError) as exc:
            dropped.append(f"calendars[{n}]: {str(exc).splitlines()[0]}")
    if dropped:
        return _damaged(path, "; ".join(dropped), schedule)
    return LoadedSchedule(schedule)


def _migrate(data: dict[str, Any]) -> dict[str, Any]:
    """The file's content in today's format: version 1 had no calendar sources."""
    version = data.get("version", SCHEDULE_VERSION)
    if version == 1:
        data = {**data, "version": 2, "calendars": []}
    elif version != SCHEDULE_VERSION:
        raise ValueError(f"unknown schedule version {version!r}")
    return data


def _items(data: dict[str, Any], key: str) -> list[Any]:
    items = data.get(key, [])
    return items if isinstance(items, list) else []


def _damaged(path: Path, reason: str, kept: Schedule) -> LoadedSchedule:
    try:
        backup = backup_corrupt(path)
        where = f"It was kept as {backup.name}"
    except OSError:
        where = "It could not be backed up"
    if kept.rule_count:
        save_schedule(kept, path)
    return LoadedSchedule(
        kept, f"{path} was damaged ({reason}). {where}; {kept.rule_count} rule(s) were kept."
    )


def save_schedule(schedule: Schedule, path: Path | None = None) -> None:
    text = json.dumps(schedule.to_json(), indent=2, ensure_ascii=False) + "\n"
    write_atomic(path or schedule_path(), text.encode("utf-8"))
