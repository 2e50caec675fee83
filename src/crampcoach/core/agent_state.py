"""What the tray agent needs to know, written by the app and read by the agent.

The tray agent (desktop/agent/) is the small process that stays in the tray while the
app's window process is not running. It must stay small, so it reads no settings,
schedule or routine files itself (their models need pydantic): the app writes this one
file whenever the next reminder, the pause or the library changes, and the agent acts on
it: when to start the app to handle a reminder, what the tray menu shows, and which files
to watch (a change to one of them means the reminders must be planned again).

Standard library only: the agent imports this module.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from crampcoach.core import paths

VERSION = 1
FILE = "agent.json"

MenuGroup = tuple[str, tuple[tuple[str, str], ...]]  # (label, ((routine id, title), ...))


def state_path() -> Path:
    """Made again by the app whenever it plans, so it lives with the other caches."""
    return paths.cache_dir() / FILE


def next_text(at: dt.datetime | None, message: str, paused_until: dt.datetime | None) -> str:
    """The tray's line about the next reminder (the app's tray and the agent's agree)."""
    if paused_until is not None:
        return f"Reminders paused until {paused_until:%a %H:%M}"
    if at is None:
        return "No reminders set"
    return f"Next: {at:%a %H:%M}: {message}"


def pause_end(now: dt.datetime, hours: int | None) -> dt.datetime:
    """When the tray's "Pause reminders" ends: after ``hours``, or (None) at 06:00
    tomorrow (the app's tray and the agent's agree)."""
    if hours is not None:
        return now + dt.timedelta(hours=hours)
    return (now + dt.timedelta(days=1)).replace(hour=6, minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class AgentState:
    next_wakeup: dt.datetime | None = None  # aware: when the app must handle what is due
    next_text: str = "No reminders set"
    start_menu: tuple[MenuGroup, ...] = ()
    watch: tuple[str, ...] = ()  # files whose change means planning again
    has_rules: bool = False
    library_entries: int = 0  # routines in the library the window process loaded
    written: dt.datetime | None = field(default=None, compare=False)

    def encode(self) -> bytes:
        data = {
            "version": VERSION,
            "next_wakeup": self.next_wakeup.isoformat() if self.next_wakeup else None,
            "next_text": self.next_text,
            "start_menu": [
                {"label": label, "routines": [[rid, title] for rid, title in routines]}
                for label, routines in self.start_menu
            ],
            "watch": list(self.watch),
            "has_rules": self.has_rules,
            "library_entries": self.library_entries,
            "written": (self.written or dt.datetime.now(dt.UTC)).isoformat(),
        }
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode()


def decode(raw: bytes) -> AgentState | None:
    """The state in ``raw``; None for anything unreadable (the agent then asks the app to
    plan again, which writes a good file)."""
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or data.get("version") != VERSION:
            return None
        wake = _aware(data.get("next_wakeup"))
        menu = tuple(
            (
                str(group["label"]),
                tuple((str(rid), str(title)) for rid, title in group["routines"]),
            )
            for group in data.get("start_menu", [])
        )
        return AgentState(
            next_wakeup=wake,
            next_text=str(data.get("next_text", "No reminders set")),
            start_menu=menu,
            watch=tuple(str(p) for p in data.get("watch", [])),
            has_rules=bool(data.get("has_rules", False)),
            library_entries=int(data.get("library_entries", 0)),
            written=_aware(data.get("written")),
        )
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def read_state(path: Path | None = None) -> AgentState | None:
    try:
        return decode((path or state_path()).read_bytes())
    except OSError:
        return None


def _aware(value: object) -> dt.datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("a time must be text")
    moment = dt.datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("a time must carry its offset")
    return moment
