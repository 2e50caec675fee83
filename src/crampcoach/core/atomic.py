"""User files on disk: written atomically (a crash or a full disk leaves the old file or the
new one, never half), read defensively, and kept aside when damaged."""

from __future__ import annotations

import contextlib
import glob
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

STALE_TEMP_SECONDS = 60  # older than any write in progress


def remove_stale_temps(path: Path) -> int:
    """Delete temporary files a killed writer left beside ``path``; returns how many."""
    removed = 0
    now = time.time()
    for temp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - temp.stat().st_mtime > STALE_TEMP_SECONDS:
                temp.unlink()
                removed += 1
    return removed


def write_atomic(path: Path, data: bytes, *, shared: bool = False) -> None:
    """Write ``data`` to ``path`` via a synced temporary file and an atomic rename.

    The file is private to its owner (0600: a diary, settings), unless ``shared``: a
    routine file, meant to be sent or put in a shared folder, follows the umask (0644)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if shared:
            umask = os.umask(0)
            os.umask(umask)
            os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def read_json_object(path: Path) -> dict[str, Any] | None:
    """The JSON object in ``path``; None when there is no file. An unreadable file raises
    OSError; a damaged one (not UTF-8, not JSON, not an object) raises ValueError with a
    one-line reason."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise ValueError(str(exc).splitlines()[0]) from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    return data


def backup_corrupt(path: Path) -> Path:
    """Move a file we cannot read aside (``name.corrupt-N``) so nothing is lost; returns it."""
    n = 1
    while True:
        target = path.with_name(f"{path.name}.corrupt-{n}")
        if not target.exists():
            os.replace(path, target)
            return target
        n += 1
