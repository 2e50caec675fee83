"""Decides which reminders fire now, which were missed, and when to wake up next.

The app arms one timer for ``next_wakeup()`` and calls ``due()`` when it fires (and when
it sees the wall clock jump or the machine wake up). Everything is computed from the wall
clock against the rules, with the last processed moment stored on disk, so that:
- a reminder missed while the machine slept fires once on wake if it is less than the
  grace period late, and is recorded as missed otherwise;
- nothing ever fires twice, even across restarts, clock changes and crashes;
- snoozed reminders come back once, skipped ones are simply recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, ValidationError

from crampcoach.core import paths
from crampcoach.core.atomic import backup_corrupt, read_json_object, write_atomic
from crampcoach.core.calendar_store import CalendarStore
from crampcoach.core.schedule import Firing, next_firings
from crampcoach.core.schedule_store import Schedule

STATE_VERSION = 1
STATE_FILE = "reminder-state.json"
DEFAULT_GRACE = dt.timedelta(minutes=30)
HISTORY_LIMIT = 500

Outcome = Literal["fired", "missed", "snoozed", "skipped"]
SNOOZE_SOURCE = "snooze"  # the ``source`` of a snoozed reminder when it is listed ahead
WallClock = Callable[[], dt.datetime]  # aware "now"
SaveState = Callable[[Path, bytes], None]  # (state file, its new bytes)


class Snooze(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    firing: Firing
    until: dt.datetime


class HistoryItem(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)

    firing: Firing
    outcome: Outcome
    at: dt.datetime


class ReminderState(BaseModel):
    """What must survive a restart: how far we got, snoozes, pause, and what happened."""

    version: Literal[1] = 1
    processed_until: dt.datetime | None = None  # every firing before this was handled
    paused_until: dt.datetime | None = None
    snoozes: list[Snooze] = []
    history: list[HistoryItem] = []


def snoozed(state: ReminderState, zone: ZoneInfo, after: dt.datetime) -> list[Firing]:
    """The snoozed reminders still to come, as firings at the moment they come back, with
    ``source`` "snooze" (``remind next``, Coming up and the tray list them with the rest)."""
    return [
        s.firing.model_copy(update={"at": s.until.astimezone(zone), "source": SNOOZE_SOURCE})
        for s in state.snoozes
        if s.until >= after
    ]


def read_state(path: Path | None = None) -> ReminderState:
    """The saved state, for a reader (the command line); damage reads as empty, untouched."""
    try:
        data = read_json_object(path or state_path())
        return ReminderState() if data is None else ReminderState.model_validate(data)
    except (OSError, ValueError, ValidationError):
        return ReminderState()


@dataclass
class Due:
    fire: list[Firing] = field(default_factory=list)
    missed: list[Firing] = field(default_factory=list)


def state_path() -> Path:
    return paths.data_dir() / STATE_FILE


class ReminderEngine:
    def __init__(
        self,
        schedule: Schedule,
        zone: ZoneInfo,
        wall: WallClock,
        state_file: Path | None = None,
        grace: dt.timedelta = DEFAULT_GRACE,
        save: SaveState = write_atomic,
        calendars: CalendarStore | None = None,
    ) -> None:
        """``save(path, data)`` stores the state; the app passes one that writes on its disk
        thread (and retries while the disk refuses), so a slow or full disk never holds up,
        or stops, the reminders. ``calendars`` holds the imported calendars' live indexes."""
        self._write = save
        self.calendars = calendars or CalendarStore()
        self.schedule = schedule
        self.zone = zone
        self.wall = wall
        self.grace = grace
        self.state_file = state_file or state_path()
        self.notice: str | None = None
        self.state = self._load()
        if self.state.processed_until is None:
            # First run: start from now; nothing in the past is "missed".
            self.state = self.state.model_copy(update={"processed_until": self.wall()})
            self._save()

    # -- what to do now --------------------------------------------------------------------
    def due(self) -> Due:
        """Everything that came due since the last call; each firing is handled once."""
        now = self.wall()
        start = self.state.processed_until or now
        result = Due()
        if now < start:  # the wall clock went back: keep our place, fire nothing twice
            return result
        paused = self.state.paused_until
        for firing in self._between(start, now):
            if paused is not None and firing.at < paused:
                self._record(firing, "missed", now)
                result.missed.append(firing)
            elif now - firing.at <= self.grace:
                self._record(firing, "fired", now)
                result.fire.append(firing)
            else:
                self._record(firing, "missed", now)
                result.missed.append(firing)
        snoozes = []
        for snooze in self.state.snoozes:
            if snooze.until <= now:
                self._record(snooze.firing, "fired", now)
                result.fire.append(snooze.firing)
            else:
                snoozes.append(snooze)
        update: dict[str, object] = {"processed_until": now, "snoozes": snoozes}
        if paused is not None and paused <= now:
            update["paused_until"] = None
        self.state = self.state.model_copy(update=update)
        self._save()
        return result

    def next_wakeup(self) -> dt.datetime | None:
        """When ``due()`` should next be called: the earliest firing or snooze ahead."""
        after = self.state.processed_until or self.wall()
        upcoming = self.plan(after + dt.timedelta(microseconds=1), 1)
        candidates = [f.at for f in upcoming] + [s.until for s in self.state.snoozes]
        return min(candidates) if candidates else None

    def upcoming(self, count: int = 5) -> list[Firing]:
        """What comes next, snoozed reminders included (Coming up, the tray)."""
        after = self.state.processed_until or self.wall()
        planned = self.plan(after + dt.timedelta(microseconds=1), count)
        return sorted([*planned, *snoozed(self.state, self.zone, after)], key=lambda f: f.at)[
            :count
        ]

    def plan(self, start: dt.datetime, count: int) -> list[Firing]:
        """The next ``count`` firings of every rule and calendar at or after ``start``."""
        schedule = self.schedule
        calendars = self.calendars.plans(schedule)
        return next_firings(
            schedule.workouts, schedule.reminders, start, self.zone, count, calendars
        )

    # -- what the user said ------------------------------------------------------------------
    def snooze(self, firing: Firing, minutes: int) -> None:
        now = self.wall()
        until = now + dt.timedelta(minutes=minutes)
        self._record(firing, "snoozed", now)
        self.state = self.state.model_copy(
            update={"snoozes": [*self.state.snoozes, Snooze(firing=firing, until=until)]}
        )
        self._save()

    def skip(self, firing: Firing) -> None:
        self._record(firing, "skipped", self.wall())
        self._save()

    def pause_until(self, until: dt.datetime | None) -> None:
        """Pause reminders (those due meanwhile are recorded as missed); None resumes."""
        self.state = self.state.model_copy(update={"paused_until": until})
        self._save()

    def set_schedule(self, schedule: Schedule) -> None:
        self.schedule = schedule

    # -- internals -------------------------------------------------------------------------------
    def _between(self, start: dt.datetime, end: dt.datetime) -> list[Firing]:
        found: list[Firing] = []
        cursor = start + dt.timedelta(microseconds=1)  # ``start`` itself was handled
        while True:
            batch = self.plan(cursor, 200)
            for firing in batch:
                if firing.at > end:
                    return found
                found.append(firing)
            if len(batch) < 200:
                return found
            cursor = batch[-1].at + dt.timedelta(microseconds=1)

    def _record(self, firing: Firing, outcome: Outcome, at: dt.datetime) -> None:
        history = [*self.state.history, HistoryItem(firing=firing, outcome=outcome, at=at)]
        self.state = self.state.model_copy(update={"history": history[-HISTORY_LIMIT:]})

    def _load(self) -> ReminderState:
        try:
            data = read_json_object(self.state_file)
            return ReminderState() if data is None else ReminderState.model_validate(data)
        except OSError as exc:
            self.notice = f"Could not read {self.state_file} ({exc.strerror})."
            return ReminderState()
        except (ValueError, ValidationError) as exc:
            try:
                kept = backup_corrupt(self.state_file).name
            except OSError:
                kept = "not backed up"
            self.notice = (
                f"{self.state_file} was damaged ({str(exc).splitlines()[0]}); "
                f"kept as {kept}. Reminders continue from now."
            )
            return ReminderState()

    def _save(self) -> None:
        data = self.state.model_dump_json(indent=2)
        self._write(self.state_file, (data + "\n").encode("utf-8"))
