"""Export the history and the diary as CSV, e.g. to take to an appointment or a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from crampcoach.core.atomic import write_atomic
from crampcoach.core.diary import Cramp
from crampcoach.core.history_store import SessionRecord

SESSION_COLUMNS = (
    "started",
    "ended",
    "routine",
    "title",
    "status",
    "minutes",
    "steps_total",
    "steps_skipped",
)
CRAMP_COLUMNS = (
    "at",
    "muscle",
    "side",
    "severity",
    "minutes",
    "during_sleep",
    "triggers",
    "swelling",
    "redness",
    "weakness",
    "notes",
    "warmth",  # added later: after notes, so older columns keep their places
)


def _local(moment: dt.datetime | None, zone: dt.tzinfo) -> str:
    return moment.astimezone(zone).isoformat(timespec="minutes") if moment else ""


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def _safe(text: str) -> str:
    """Notes are typed by the user: keep spreadsheets from running them as formulas."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _table(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as spreadsheets expect
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


def sessions_csv(sessions: Sequence[SessionRecord], zone: dt.tzinfo) -> str:
    return _table(
        SESSION_COLUMNS,
        (
            (
                _local(s.started, zone),
                _local(s.ended, zone),
                s.routine_id,
                _safe(s.title),
                s.status,
                f"{s.minutes:.1f}",
                s.steps_total,
                " ".join(str(n + 1) for n in s.steps_skipped),
            )
            for s in sessions
        ),
    )


def cramps_csv(cramps: Sequence[Cramp], zone: dt.tzinfo) -> str:
    return _table(
        CRAMP_COLUMNS,
        (
            (
                _local(c.at, zone),
                c.muscle,
                c.side or "",
                c.severity,
                "" if c.minutes is None else f"{c.minutes:g}",
                _yes(c.during_sleep),
                " ".join(c.triggers),
                _yes(c.swelling),
                _yes(c.redness),
                _yes(c.weakness),
                _safe(c.notes),
                _yes(c.warmth),
            )
            for c in cramps
        ),
    )


def export_csv(
    folder: Path, sessions: Sequence[SessionRecord], cramps: Sequence[Cramp], zone: dt.tzinfo
) -> tuple[Path, Path]:
    """Write ``crampcoach-sessions.csv`` and ``crampcoach-cramps.csv`` (UTF-8 with BOM, which
    spreadsheet programs need to read accents) into ``folder``; returns both paths."""
    paths = (folder / "crampcoach-sessions.csv", folder / "crampcoach-cramps.csv")
    for path, text in zip(
        paths, (sessions_csv(sessions, zone), cramps_csv(cramps, zone)), strict=True
    ):
        write_atomic(path, text.encode("utf-8-sig"))
    return paths
