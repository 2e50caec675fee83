"""The Reminders page's rules as sentences a person reads ("Leg day — Mon, Wed, Fri at
18:00 for 60 min · warm-up 10 min before"), with routine titles, never ids."""

from __future__ import annotations

from collections.abc import Sequence

from crampcoach.core.library import Library
from crampcoach.core.schedule import WEEKDAYS, Reminder, Workout

DAY_NAMES = dict(zip(WEEKDAYS, ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True))


def days_text(days: Sequence[str]) -> str:
    if not days or len(days) == len(WEEKDAYS):
        return "Every day"
    if days == list(WEEKDAYS[:5]):
        return "Weekdays"
    if days == list(WEEKDAYS[5:]):
        return "Weekends"
    return ", ".join(DAY_NAMES[d] for d in days)


def _title(library: Library, routine_id: str | None) -> str:
    entry = library.get(routine_id) if routine_id else None
    return entry.routine.title if entry else (routine_id or "")


def workout_sentence(w: Workout, library: Library) -> str:
    """ "Leg day — Mon, Wed, Fri at 18:00 for 60 min · warm-up 10 min before", for people."""
    when = days_text(w.days) if w.days else (w.date.strftime("%a %d %b %Y") if w.date else "")
    parts = [f"{w.name} — {when} at {w.at} for {w.duration} min"]
    if w.pre is not None:
        parts.append(f"warm-up {w.pre} min before ({_title(library, w.pre_routine)})")
    if w.post is not None:
        after = f"{w.post} min after" if w.post else "right after"
        parts.append(f"cool-down {after} ({_title(library, w.post_routine)})")
    return " · ".join(parts)


def reminder_sentence(r: Reminder, library: Library) -> str:
    """ "Every day at 22:30 — Bedtime calf and hamstring stretch", for people."""
    if r.every is not None and r.between is not None:
        hours, minutes = divmod(r.every, 60)
        interval = f"{hours} h" if not minutes else (f"{r.every} min" if not hours else
                                                      f"{hours} h {minutes} min")  # fmt: skip
        when = f"Every {interval} from {r.between[0]} to {r.between[1]}"
        if r.days:
            when += f", {days_text(r.days)}"
    else:
        when = f"{days_text(r.days)} at {r.at}"
    what = [_title(library, r.routine)] if r.routine else []
    if r.message:
        what.append(r.message)
    return f"{when} — {': '.join(what) or 'Reminder'}"
