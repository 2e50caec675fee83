"""Slow work off the GUI thread: loading the library and writing files.

Results come back as queued signals; errors are reported, never swallowed.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal, Slot

from crampcoach.core.library import Library, load_library
from crampcoach.core.timing import Timing

log = logging.getLogger(__name__)
WATCH_CHUNK = 200  # files watched per turn of the event loop (5-10 ms)
MAKE_AFTER_MS = 500  # the routines of a library from the cache are made this long after


@dataclass(frozen=True)
class _Write:
    job: Callable[[], Any]
    what: str
    key: object
    on_done: Callable[[Any], None] | None
    retried: bool = False


class Background(QObject):
    """One worker thread for disk work, with results delivered on the GUI thread."""

    done = Signal(object, object)  # callback, result
    failed = Signal(str)  # message for the user
    _refused = Signal(object)  # a write the disk refused, to try again (queued to GUI)

    RETRY_MS = 60_000  # how soon a refused write is tried again

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="crampcoach-disk")
        self._shut_down = False
        self._pending: dict[object, _Write] = {}  # refused writes, oldest first
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._write_pending)
        # Slots of this GUI-thread object: Qt queues the calls into the GUI thread.
        self.done.connect(self._deliver)
        self._refused.connect(self._keep_for_later)

    def run(
        self,
        job: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        what: str = "a background task",
    ) -> Future[Any]:
        def work() -> Any:
            try:
                result = job()
            except Exception as exc:
                log.exception("%s failed", what)
                self.failed.emit(f"Could not finish {what}: {exc}")
                raise
            if on_done is not None:
                self.done.emit(on_done, result)
            return result

        return self._pool.submit(work)

    def write(
        self,
        job: Callable[[], Any],
        what: str,
        *,
        key: object = None,
        on_done: Callable[[Any], None] | None = None,
    ) -> None:
        """A write of user data. When the disk refuses it (full, read-only, locked), say so
        and try again every minute until it lands; nothing the user did is dropped. A newer
        write under the same ``key`` (the whole settings file, say) replaces a pending one."""
        self._submit(_Write(job, what, key if key is not None else object(), on_done))

    def _submit(self, attempt: _Write) -> None:
        def work() -> Any:
            try:
                result = attempt.job()
            except (OSError, sqlite3.Error) as exc:
                log.warning("%s failed: %s", attempt.what, exc)
                reason = getattr(exc, "strerror", None) or str(exc)
                self.failed.emit(
                    f"Could not save {attempt.what} ({reason}). CrampCoach keeps it and "
                    "tries again every minute."
                )
                self._refused.emit(attempt)
                return None
            except Exception as exc:
                log.exception("%s failed", attempt.what)
                self.failed.emit(f"Could not finish {attempt.what}: {exc}")
                raise
            if attempt.retried:
                self.failed.emit("")  # saved at last: the notice about it is out of date
            if attempt.on_done is not None:
                self.done.emit(attempt.on_done, result)
            return result

        if self._shut_down:  # a late write while quitting: do it now rather than lose it
            with contextlib.suppress(Exception):  # reported and logged by work()
                work()
            return
        self._pool.submit(work)

    @Slot(object)
    def _keep_for_later(self, attempt: _Write) -> None:
        self._pending.pop(attempt.key, None)  # a newer write for the key goes last
        self._pending[attempt.key] = attempt
        if not self._retry.isActive() and not self._shut_down:
            self._retry.start(self.RETRY_MS)

    def _write_pending(self) -> None:
        pending, self._pending = list(self._pending.values()), {}
        for attempt in pending:
            self._submit(replace(attempt, retried=True))

    @property
    def pending_writes(self) -> int:
        return len(self._pending)

    @Slot(object, object)
    def _deliver(self, callback: Callable[[Any], None], result: Any) -> None:
        callback(result)

    @property
    def is_shut_down(self) -> bool:
        return self._shut_down

    def shutdown(self) -> None:
        """Try refused writes once more, finish every queued job, then stop the worker."""
        self._retry.stop()
        self._write_pending()
        self._shut_down = True
        self._pool.shutdown(wait=True, cancel_futures=False)


class LibraryLoader(QObject):
    """Loads the routine library in the background and again whenever user files change."""

    loaded = Signal(object)  # Library

    def __init__(
        self,
        background: Background,
        builtin_dir: Path,
        user_dir: Path,
        *,
        timing: Timing | None = None,
        parent: QObject | None = None,
        library: Library | None = None,  # loaded already: the first reload takes it
    ) -> None:
        super().__init__(parent)
        self._preloaded = library
        self.background = background
        self.builtin_dir = builtin_dir
        self.user_dir = user_dir
        self.timing = timing  # the user's: a card shows the length that plays
        self.library: Library | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(self._changed)
        self._watcher.fileChanged.connect(self._changed)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(300)
        self._debounce.timeout.connect(self.reload)
        self._lock = threading.Lock()
        self._to_watch: list[str] = []  # files still to watch (_watch_some)

    def reload(self) -> None:
        if self.background.is_shut_down:  # a late file-change signal while quitting
            return
        builtin, user, timing = self.builtin_dir, self.user_dir, self.timing
        if self._preloaded is not None:  # loaded with this timing (desktop/main.py)
            library, self._preloaded = self._preloaded, None
            # delivered on a later turn, as a load is: what is wired after this call (a
            # `play` waiting for the library, say) hears it too
            QTimer.singleShot(0, self, lambda: self._adopt(library))
            return
        self.background.run(
            lambda: (load_for_view(builtin, user, timing), _paths_to_watch(user)),
            self._loaded,
            "loading routines",
        )

    def set_timing(self, timing: Timing) -> None:
        """New get-ready or switch times: every timeline is built again."""
        self.timing = timing
        self.reload()

    def _adopt(self, library: Library) -> None:
        if self.background.is_shut_down:
            return
        self.library = library
        self.loaded.emit(library)
        user = self.user_dir
        self.background.run(lambda: _paths_to_watch(user), self._watch, "watching routines")
        self._make_routines(library)

    def _loaded(self, result: tuple[Library, list[str]]) -> None:
        library, wanted = result
        self.library = library
        self.loaded.emit(library)
        self._watch(wanted)
        self._make_routines(library)

    def _make_routines(self, library: Library) -> None:
        """In half a second: not beside the first paint of the cards, or the app's build."""
        QTimer.singleShot(MAKE_AFTER_MS, self, lambda: self._make_now(library))

    def _make_now(self, library: Library) -> None:
        if not self.background.is_shut_down and library is self.library:  # still shown
            self.background.run(lambda: make_routines(library), what="reading routines")

    def _watch(self, wanted: list[str]) -> None:
        """Watch the folders at once, the files a few hundred a turn of the event loop, a
        moment apart: adding 5,000 watches took 0.1 s of the GUI thread in one go."""
        watched = set(self._watcher.directories()) | set(self._watcher.files())
        if stale := watched - set(wanted):
            self._watcher.removePaths(list(stale))
        self._to_watch = [p for p in wanted if p not in watched]
        self._watch_some()

    def _watch_some(self) -> None:
        chunk, self._to_watch = self._to_watch[:WATCH_CHUNK], self._to_watch[WATCH_CHUNK:]
        if chunk:
            self._watcher.addPaths(chunk)
        if self._to_watch:
            QTimer.singleShot(5, self, self._watch_some)

    def _changed(self, _path: str) -> None:
        self._debounce.start()


def load_for_view(builtin: Path, user: Path, timing: Timing | None) -> Library:
    """The routines, and the pose library their figures come from (about 85 ms to read):
    both on the disk thread, so the first figure a session shows costs the GUI nothing.
    The modules the library view then needs are imported here too (figures, lengths:
    0.1 s that would otherwise stall the GUI thread as the library arrives)."""
    import crampcoach.core.figure.steps
    import crampcoach.core.figure.svg
    import crampcoach.core.length  # noqa: F401
    from crampcoach.core import paths
    from crampcoach.core.figure.library import builtin_poses

    library = load_library(builtin, user, timing, cache_dir=paths.cache_dir())
    builtin_poses()
    library.sorted_entries()  # in title order for the view, here rather than on the GUI
    # Out of the collector's walks at once: a full collection of 5,000 routines' objects
    # was a 0.2 s stall of the GUI thread (collector.py). Freezing collects nothing, so it
    # is safe on this thread; the library holds no reference cycles, so a library replaced
    # later is still freed, by reference counting.
    gc.freeze()
    return library


def make_routines(library: Library) -> None:
    """Make the routines the cache gave as cards only (core/library.py), once the library
    is shown, so that what looks through all of them ("What should I do now?") finds them
    made. A few dozen at a time, each batch frozen out of the collector's walks (the GUI
    thread's collections, collector.py, then never walk more than one batch), with a
    pause between (the GUI thread then finds the GIL free, not held for a switch interval
    after each of its Qt calls)."""
    for done, entry in enumerate(library.entries.values(), 1):
        entry.routine  # noqa: B018 (made on first use)
        if done % 50 == 0:  # about 3 ms of work
            gc.freeze()
            time.sleep(0.002)
    gc.freeze()


def _paths_to_watch(user_dir: Path) -> list[str]:
    """The user routines folder, its subfolders and files (folders first); while it does
    not exist yet, its nearest existing ancestor, to see it (or a folder on the way to it)
    appear. (Not the parent always: the history and reminder state live there, and their
    every write would reload the library.) Plain strings: 5,000 Paths took 0.1 s."""
    if not user_dir.is_dir():
        ancestor = next((p for p in user_dir.parents if p.is_dir()), None)
        return [str(ancestor)] if ancestor is not None else []
    folders: list[str] = []
    files: list[str] = []
    for root, _dirs, names in os.walk(user_dir):
        folders.append(root)
        files.extend(os.path.join(root, n) for n in names if n.endswith((".yaml", ".yml")))
    return folders + files
