"""Session history and the cramp diary in one SQLite database.

SQLite because it is in the standard library, survives ``kill -9`` and power cuts with
every committed row intact (WAL journal, synchronous=FULL), and lets the CLI log a cramp
while the app is running. The schema version lives in ``PRAGMA user_version``; each entry
of ``MIGRATIONS`` upgrades by one version inside one transaction.

A session is written when it starts (status ``playing``) and its position is refreshed
while it plays, so a killed app leaves a row that the next start turns into ``stopped``
at the last known point.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from crampcoach.core import paths
from crampcoach.core.atomic import backup_corrupt
from crampcoach.core.diary import Cramp

HISTORY_FILE = "history.sqlite3"
Status = Literal["playing", "completed", "stopped"]

MIGRATIONS: tuple[str, ...] = (
    # 1: sessions and cramps
    """
    CREATE TABLE sessions (
        id INTEGER PRIMARY KEY,
        routine_id TEXT NOT NULL,
        title TEXT NOT NULL,
        tags TEXT NOT NULL DEFAULT '[]',
        started TEXT NOT NULL,
        ended TEXT,
        status TEXT NOT NULL CHECK (status IN ('playing', 'completed', 'stopped')),
        active_seconds REAL NOT NULL DEFAULT 0,
        position REAL NOT NULL DEFAULT 0,
        duration REAL NOT NULL DEFAULT 0,
        steps_total INTEGER NOT NULL DEFAULT 0,
        steps_skipped TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE cramps (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        muscle TEXT NOT NULL,
        side TEXT,
        severity INTEGER NOT NULL CHECK (severity BETWEEN 0 AND 10),
        minutes REAL,
        during_sleep INTEGER NOT NULL DEFAULT 0,
        notes TEXT NOT NULL DEFAULT '',
        triggers TEXT NOT NULL DEFAULT '[]',
        swelling INTEGER NOT NULL DEFAULT 0,
        redness INTEGER NOT NULL DEFAULT 0,
        weakness INTEGER NOT NULL DEFAULT 0
    );
    """,
    # 2: history --since and the insights read by time
    """
    CREATE INDEX sessions_started ON sessions (started);
    CREATE INDEX cramps_at ON cramps (at);
    """,
    # 3: warmth of the leg, a red-flag sign like swelling and redness
    """
    ALTER TABLE cramps ADD COLUMN warmth INTEGER NOT NULL DEFAULT 0;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class HistoryError(Exception):
    """The history database cannot be used; the message names the file and the problem."""


class HistoryUnavailable(HistoryError, OSError):
    """The database cannot be used right now (read-only, locked, disk full, I/O error): an
    OSError, so writers keep the change and try again later. Never a reason to replace it."""


class HistoryDamaged(HistoryError):
    """The file is not a readable SQLite database."""


@dataclass(frozen=True)
class SessionRecord:
    routine_id: str
    title: str
    started: dt.datetime  # aware
    tags: tuple[str, ...] = ()
    ended: dt.datetime | None = None
    status: Status = "playing"
    active_seconds: float = 0.0
    position: float = 0.0
    duration: float = 0.0
    steps_total: int = 0
    steps_skipped: tuple[int, ...] = field(default=())
    id: int | None = None

    @property
    def minutes(self) -> float:
        return self.active_seconds / 60

    def to_json(self) -> dict[str, object]:
        return {
            "type": "session",
            "id": self.id,
            "routine": self.routine_id,
            "title": self.title,
            "tags": list(self.tags),
            "started": self.started.isoformat(),
            "ended": self.ended.isoformat() if self.ended else None,
            "status": self.status,
            "active_seconds": round(self.active_seconds, 1),
            "position": round(self.position, 1),
            "duration": round(self.duration, 1),
            "steps_total": self.steps_total,
            "steps_skipped": list(self.steps_skipped),
        }


def history_path() -> Path:
    return paths.data_dir() / HISTORY_FILE


def _stamp(moment: dt.datetime) -> str:
    """UTC ISO text: sorts as time does and reads back with its offset."""
    if moment.tzinfo is None:
        raise ValueError("history times must be time-zone aware")
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _moment(text: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if text else None


class HistoryStore:
    """One connection to the history database; use from one thread at a time."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or history_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                self.path, timeout=10, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            raise HistoryUnavailable(f"{self.path}: cannot open the history ({exc})") from exc
        try:
            self._refuse_newer()  # before anything writes to the file
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._migrate()
        except sqlite3.OperationalError as exc:  # locked, read-only, I/O: not damage
            self._db.close()
            raise HistoryUnavailable(f"{self.path}: cannot use the history ({exc})") from exc
        except sqlite3.DatabaseError as exc:  # "file is not a database", "malformed"
            self._db.close()
            raise HistoryDamaged(f"{self.path}: the history database is damaged ({exc})") from exc
        except HistoryError:
            self._db.close()
            raise

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> HistoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _refuse_newer(self) -> None:
        version = self.version
        if version > SCHEMA_VERSION:
            raise HistoryError(
                f"{self.path}: written by a newer CrampCoach (schema {version}, this one "
                f"knows {SCHEMA_VERSION}); it was left untouched"
            )

    def _migrate(self) -> None:
        for target in range(self.version + 1, SCHEMA_VERSION + 1):
            with self._transaction():
                # Another process (the CLI, a second app) may have migrated while this one
                # waited for the write lock: read the version again inside the transaction.
                if self.version >= target:
                    continue
                for statement in MIGRATIONS[target - 1].split(";"):
                    if statement.strip():
                        self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version = {target}")

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- sessions ----------------------------------------------------------------------------
    def start_session(self, record: SessionRecord) -> SessionRecord:
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO sessions (routine_id, title, tags, started, ended, status,"
                " active_seconds, position, duration, steps_total, steps_skipped)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    record.routine_id,
                    record.title,
                    json.dumps(list(record.tags)),
                    _stamp(record.started),
                    _stamp(record.ended or record.started),
                    record.status,
                    record.active_seconds,
                    record.position,
                    record.duration,
                    record.steps_total,
                    json.dumps(list(record.steps_skipped)),
                ),
            )
        return replace(record, id=cursor.lastrowid, ended=record.ended or record.started)

    def update_session(self, record: SessionRecord) -> None:
        """Refresh where a session is (while it plays) or how it ended."""
        if record.id is None:
            raise ValueError("the session was never started in the history")
        with self._transaction() as db:
            db.execute(
                "UPDATE sessions SET ended = ?, status = ?, active_seconds = ?, position = ?,"
                " steps_skipped = ? WHERE id = ?",
                (
                    _stamp(record.ended or record.started),
                    record.status,
                    record.active_seconds,
                    record.position,
                    json.dumps(list(record.steps_skipped)),
                    record.id,
                ),
            )

    def recover_interrupted(self) -> int:
        """Sessions still ``playing`` from a run that died become ``stopped`` where they were.

        Only the app calls this, at start-up, when no other copy of it is running.
        """
        with self._transaction() as db:
            return db.execute(
                "UPDATE sessions SET status = 'stopped' WHERE status = 'playing'"
            ).rowcount

    def sessions(self, since: dt.datetime | None = None) -> list[SessionRecord]:
        query = "SELECT * FROM sessions"
        rows = self._select(query, "started", since)
        return [
            SessionRecord(
                id=row["id"],
                routine_id=row["routine_id"],
                title=row["title"],
                tags=tuple(json.loads(row["tags"])),
                started=_moment(row["started"]) or dt.datetime.min,
                ended=_moment(row["ended"]),
                status=row["status"],
                active_seconds=row["active_seconds"],
                position=row["position"],
                duration=row["duration"],
                steps_total=row["steps_total"],
                steps_skipped=tuple(json.loads(row["steps_skipped"])),
            )
            for row in rows
        ]

    # -- cramps ------------------------------------------------------------------------------
    def add_cramp(self, cramp: Cramp) -> Cramp:
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO cramps (at, muscle, side, severity, minutes, during_sleep, notes,"
                " triggers, swelling, redness, weakness, warmth)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    _stamp(cramp.at),
                    cramp.muscle,
                    cramp.side,
                    cramp.severity,
                    cramp.minutes,
                    int(cramp.during_sleep),
                    cramp.notes,
                    json.dumps(list(cramp.triggers)),
                    int(cramp.swelling),
                    int(cramp.redness),
                    int(cramp.weakness),
                    int(cramp.warmth),
                ),
            )
        return cramp.model_copy(update={"id": cursor.lastrowid})

    def delete_cramp(self, cramp_id: int) -> bool:
        with self._transaction() as db:
            return db.execute("DELETE FROM cramps WHERE id = ?", (cramp_id,)).rowcount == 1

    def cramps(self, since: dt.datetime | None = None) -> list[Cramp]:
        rows = self._select("SELECT * FROM cramps", "at", since)
        return [
            Cramp(
                id=row["id"],
                at=_moment(row["at"]) or dt.datetime.min,
                muscle=row["muscle"],
                side=row["side"],
                severity=row["severity"],
                minutes=row["minutes"],
                during_sleep=bool(row["during_sleep"]),
                notes=row["notes"],
                triggers=tuple(json.loads(row["triggers"])),
                swelling=bool(row["swelling"]),
                redness=bool(row["redness"]),
                weakness=bool(row["weakness"]),
                warmth=bool(row["warmth"]),
            )
            for row in rows
        ]

    def _select(self, query: str, column: str, since: dt.datetime | None) -> list[sqlite3.Row]:
        params: tuple[str, ...] = ()
        if since is not None:
            query += f" WHERE {column} >= ?"
            params = (_stamp(since),)
        cursor = self._db.execute(query + f" ORDER BY {column}, id", params)
        cursor.row_factory = sqlite3.Row
        return list(cursor.fetchall())


def open_history(path: Path | None = None) -> tuple[HistoryStore, str | None]:
    """Open the history; a damaged database is moved aside (with its journal) and a new one
    started. Returns the store and, if that happened, a notice for the user.

    A database from a newer CrampCoach, or one that cannot be used right now (locked,
    read-only), is never moved: that raises ``HistoryError`` / ``HistoryUnavailable``.
    """
    path = path or history_path()
    try:
        return HistoryStore(path), None
    except HistoryDamaged as exc:
        backup = backup_corrupt(path)
        for suffix in ("-wal", "-shm"):
            journal = path.with_name(path.name + suffix)
            if journal.exists():
                os.replace(journal, backup.with_name(backup.name + suffix))
        notice = (
            f"Your history file {path} was damaged ({exc.__cause__}). It was kept as "
            f"{backup.name} and a new history was started."
        )
        return HistoryStore(path), notice
