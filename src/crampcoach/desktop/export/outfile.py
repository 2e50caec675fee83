"""Writing an export: into a temporary file beside the target, renamed over it at the end,
so a failure or a cancel never leaves a partial file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from types import TracebackType

from crampcoach.core.atomic import remove_stale_temps


class CannotWrite(OSError):
    """The target's folder cannot take a file (found before any work is done)."""


class OutFile:
    """``with OutFile(path) as out: write to out.temp; out.commit()``.

    Opening creates the temporary file at once, so a folder that cannot be written is
    found before any long work (CannotWrite). Leaving the block without ``commit`` removes it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.temp = Path()
        self._committed = False

    def __enter__(self) -> OutFile:
        folder = self.path.parent
        if self.path.is_dir():
            raise CannotWrite(f"{self.path}: is a folder")
        try:
            remove_stale_temps(self.path)
            fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=folder)
        except OSError as exc:
            raise CannotWrite(f"{self.path}: cannot write there ({exc.strerror or exc})") from exc
        os.close(fd)
        self.temp = Path(name)
        return self

    def commit(self) -> None:
        with open(self.temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.chmod(self.temp, 0o644)  # mkstemp makes it private; an export is an ordinary file
        os.replace(self.temp, self.path)
        self._committed = True

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if not self._committed:
            with contextlib.suppress(OSError):
                self.temp.unlink()
