"""The history database: round trips, migrations, damage, and kill -9 during a write."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crampcoach.core.diary import Cramp
from crampcoach.core.history_store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    HistoryError,
    HistoryStore,
    SessionRecord,
    open_history,
)

T0 = dt.datetime(2026, 3, 28, 22, 0, tzinfo=dt.UTC)


def a_session(**changes: object) -> SessionRecord:
    fields: dict[str, object] = {
        "routine_id": "bedtime-calf-hamstring",
        "title": "Bedtime calf & hamstring",
        "started": T0,
        "tags": ("bedtime",),
        "duration": 300.0,
        "steps_total": 6,
    }
    return SessionRecord(**{**fields, **changes})  # type: ignore[arg-type]


def a_cramp(**changes: object) -> Cramp:
    return Cramp.model_validate(
        {"at": T0, "muscle": "calf", "side": "left", "severity": 6, **changes}
    )


def test_sessions_and_cramps_round_trip(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        saved = store.start_session(a_session())
        assert saved.id == 1
        assert saved.status == "playing"
        store.update_session(
            dt_replace(
                saved,
                status="completed",
                active_seconds=301.5,
                position=300.0,
                ended=T0 + dt.timedelta(minutes=5),
                steps_skipped=(2,),
            )
        )
        cramp = store.add_cramp(
            a_cramp(
                minutes=2.5,
                during_sleep=True,
                notes="ouch — 夜",
                triggers=("hard-workout",),
                swelling=True,
            )
        )
        assert cramp.id == 1
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        [session] = store.sessions()
        assert session.status == "completed"
        assert session.active_seconds == 301.5
        assert session.steps_skipped == (2,)
        assert session.tags == ("bedtime",)
        assert session.ended == T0 + dt.timedelta(minutes=5)
        [back] = store.cramps()
        assert back == cramp
        assert back.at == T0
        assert back.at.utcoffset() == dt.timedelta(0)


def dt_replace(record: SessionRecord, **changes: object) -> SessionRecord:
    from dataclasses import replace

    return replace(record, **changes)  # type: ignore[arg-type]


def test_since_filters_by_time_and_orders_oldest_first(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        for days in (3, 1, 2):
            store.add_cramp(a_cramp(at=T0 + dt.timedelta(days=days)))
        cramps = store.cramps(since=T0 + dt.timedelta(days=2))
        assert [c.at for c in cramps] == [T0 + dt.timedelta(days=d) for d in (2, 3)]
        assert store.delete_cramp(cramps[0].id or 0)
        assert not store.delete_cramp(999)
        assert len(store.cramps()) == 2


def test_the_database_uses_wal_and_the_latest_schema(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        assert store.version == SCHEMA_VERSION
    db = sqlite3.connect(tmp_path / "h.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_a_version_1_database_is_migrated_with_its_data(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0])
    db.execute(
        "INSERT INTO cramps (at, muscle, severity) VALUES ('2026-01-05T03:00:00+00:00', 'foot', 4)"
    )
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with HistoryStore(path) as store:
        assert store.version == SCHEMA_VERSION
        [cramp] = store.cramps()
        assert cramp.muscle == "foot"
        assert cramp.severity == 4
    db = sqlite3.connect(path)
    indexes = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    db.close()
    assert {"sessions_started", "cramps_at"} <= indexes


def test_a_version_2_database_gains_warmth_and_keeps_its_cramps(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    db = sqlite3.connect(path)
    for migration in MIGRATIONS[:2]:
        db.executescript(migration)
    db.execute(
        "INSERT INTO cramps (at, muscle, severity, swelling)"
        " VALUES ('2026-01-05T03:00:00+00:00', 'calf', 7, 1)"
    )
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()
    with HistoryStore(path) as store:
        assert store.version == SCHEMA_VERSION == 3
        [old] = store.cramps()
        assert (old.swelling, old.warmth) == (True, False)
        store.add_cramp(a_cramp(warmth=True))
    with HistoryStore(path) as store:
        assert [c.warmth for c in store.cramps()] == [False, True]


def test_a_database_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 99")
    db.close()
    before = path.read_bytes()
    with pytest.raises(HistoryError, match=r"h\.sqlite3: written by a newer CrampCoach"):
        open_history(path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_a_damaged_database_is_kept_aside_and_a_new_one_started(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    store, notice = open_history(path)
    with store:
        assert store.cramps() == []
        store.add_cramp(a_cramp())
    assert notice is not None
    assert "was damaged" in notice
    assert "h.sqlite3.corrupt-1" in notice
    assert (tmp_path / "h.sqlite3.corrupt-1").read_bytes().startswith(b"this is not")


def test_sessions_left_playing_by_a_killed_run_become_stopped(tmp_path: Path) -> None:
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        row = store.start_session(a_session())
        store.update_session(
            dt_replace(row, active_seconds=45, position=44, ended=T0 + dt.timedelta(seconds=45))
        )
    with HistoryStore(tmp_path / "h.sqlite3") as store:
        assert store.recover_interrupted() == 1
        [session] = store.sessions()
    assert session.status == "stopped"
    assert session.active_seconds == 45  # the last known point
    assert session.ended == T0 + dt.timedelta(seconds=45)


WRITER = """
import datetime as dt, sys
from dataclasses import replace
from pathlib import Path
from crampcoach.core.history_store import HistoryStore, SessionRecord
from crampcoach.core.diary import Cramp
store = HistoryStore(Path(sys.argv[1]))
t0 = dt.datetime(2026, 1, 1, 22, tzinfo=dt.UTC)
n = 0
print("ready", flush=True)
while True:
    row = store.start_session(SessionRecord("r", "R", t0, duration=600, steps_total=3))
    for beat in range(1, 4):
        store.update_session(replace(row, active_seconds=beat * 15.0, position=beat * 15.0))
    store.update_session(replace(row, status="completed", active_seconds=60, position=60))
    store.add_cramp(Cramp(at=t0, muscle="calf", severity=n % 11))
    n += 1
"""


def test_kill_9_during_writes_loses_nothing_that_was_committed(tmp_path: Path) -> None:
    """Kill the writer at random moments; every start keeps a readable, consistent history."""
    path = tmp_path / "h.sqlite3"
    rng = random.Random(7)
    seen_sessions = seen_cramps = 0
    for kills in range(1, 13):
        with subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True
        ) as writer:
            assert writer.stdout is not None
            assert writer.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.0, 0.15))
            os.kill(writer.pid, signal.SIGKILL)
        with HistoryStore(path) as store:
            check = store._db.execute("PRAGMA integrity_check").fetchone()[0]
            assert check == "ok"
            store.recover_interrupted()
            sessions, cramps = store.sessions(), store.cramps()
        assert len(sessions) >= seen_sessions
        assert len(cramps) >= seen_cramps
        assert all(s.status in ("completed", "stopped") for s in sessions)
        # each kill can fall between a session's last write and its cramp, no more
        completed = sum(s.status == "completed" for s in sessions)
        assert completed - kills <= len(cramps) <= completed
        seen_sessions, seen_cramps = len(sessions), len(cramps)
    assert seen_sessions > 0


def test_a_locked_or_unreadable_database_is_never_taken_for_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crampcoach.core.history_store import HistoryUnavailable

    path = tmp_path / "h.sqlite3"
    with HistoryStore(path) as store:
        store.add_cramp(a_cramp())

    def locked(self: HistoryStore) -> None:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(HistoryStore, "_refuse_newer", locked)
    with pytest.raises(HistoryUnavailable, match="database is locked") as raised:
        open_history(path)
    assert isinstance(raised.value, OSError)  # writers keep the change and retry
    assert not list(tmp_path.glob("*.corrupt-*"))
    monkeypatch.undo()
    with HistoryStore(path) as store:
        assert len(store.cramps()) == 1


def test_a_migration_another_process_finished_meanwhile_is_not_run_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two openers (the app's disk thread and ``crampcoach log``) both see an old version;
    the second one gets the write lock after the first migrated. It must re-read the version
    inside its transaction rather than create the same tables and indexes again."""
    path = tmp_path / "h.sqlite3"
    HistoryStore(path).close()  # the first opener migrated to the newest schema
    real = HistoryStore.version
    reads = {"n": 0}

    def stale_first_read(self: HistoryStore) -> int:
        reads["n"] += 1
        return 0 if reads["n"] <= 2 else real.fget(self)  # type: ignore[attr-defined, no-any-return]

    monkeypatch.setattr(HistoryStore, "version", property(stale_first_read))
    with HistoryStore(path) as store:  # before the fix: "index sessions_started already exists"
        store.add_cramp(Cramp(at=T0, muscle="calf", severity=3))
    monkeypatch.undo()
    with HistoryStore(path) as store:
        assert store.version == SCHEMA_VERSION
        assert len(store.cramps()) == 1
