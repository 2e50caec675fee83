"""Import routine… (Ctrl+O, or files dropped on the window) and Export routine… (Ctrl+Shift+S,
or the library's "Take it with you" menu).

Files are read, checked and written on the disk thread; the person is asked on the GUI
thread. Several files go one after another: each waits for the question or message of the
one before, and for the library to reload, so two files with one id cannot both land.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal, SignalInstance
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from crampcoach.core.library import Library
from crampcoach.core.sharing import (
    Choice,
    Imported,
    ImportPlan,
    InvalidRoutine,
    ShareError,
    apply_import,
    export_routine,
    prepare_import,
)
from crampcoach.desktop.background import Background, LibraryLoader
from crampcoach.desktop.share.clash_dialog import ask_clash, name_icon

log = logging.getLogger(__name__)
FILTER = "Routine files (*.yaml *.yml);;All files (*)"
SHOWN_ERRORS = 8  # more are behind "Show Details…"
T = TypeVar("T")


class LibraryPane(Protocol):
    """What the controller needs of the library view."""

    export_requested: SignalInstance  # kind ("routine" is ours), routine id
    search: Any  # QLineEdit

    def set_group(self, group: str) -> None: ...
    def select(self, routine_id: str) -> bool: ...


class Window(Protocol):
    """What the controller needs of the main window."""

    import_requested: SignalInstance
    routine_files_dropped: SignalInstance  # list of paths
    library_view: LibraryPane

    def show_info(self, text: str) -> None: ...
    def show_library(self) -> None: ...


class ShareController(QObject):
    finished = Signal(str, str)  # status (Imported.status, "invalid", "failed"), one line
    exported = Signal(str, str)  # path, "" or why not

    def __init__(self, window: QWidget, background: Background, loader: LibraryLoader) -> None:
        super().__init__(window)
        self.parent_widget = window
        self.window: Window = window  # type: ignore[assignment]
        self.background, self.loader = background, loader
        self.queue: list[Path] = []
        self.busy = False
        self.reveal_after_load: str | None = None
        self.waiting_for_library = False
        self.message_box: QMessageBox | None = None  # the question or error showing
        self.window.import_requested.connect(self.ask_import)
        self.window.routine_files_dropped.connect(self.import_files)
        self.window.library_view.export_requested.connect(self.export)
        loader.loaded.connect(self._library_loaded)

    # -- import ------------------------------------------------------------------------
    def ask_import(self) -> None:
        names, _filter = QFileDialog.getOpenFileNames(
            self.parent_widget, "Import routine", str(Path.home()), FILTER
        )
        self.import_files(names)

    def import_files(self, paths: list[str] | list[Path]) -> None:
        self.queue.extend(Path(p) for p in paths)
        if not self.busy:
            self._next()

    def _next(self) -> None:
        self.message_box = None
        if not self.queue:
            self.busy = False
            return
        self.busy = True
        library = self.loader.library
        if library is None:  # still loading at start-up: its ids are needed; on loaded
            self.waiting_for_library = True
            return
        source, user_dir = self.queue.pop(0), self.loader.user_dir
        self._on_disk(
            lambda: prepare_import(source, user_dir, library),
            lambda plan: self._prepared(source, plan),
            source,
        )

    def _prepared(self, source: Path, plan: ImportPlan) -> None:
        clash = plan.clash
        if clash is None:
            self._apply(plan, "cancel")  # nothing to choose
            return
        self.message_box = ask_clash(
            clash, source, self.parent_widget, lambda choice: self._apply(plan, choice)
        )

    def _apply(self, plan: ImportPlan, choice: Choice) -> None:
        self.message_box = None
        self._on_disk(lambda: apply_import(plan, choice), self._imported, plan.source)

    def _imported(self, done: Imported) -> None:
        self.finished.emit(done.status, done.message)
        if done.status == "cancelled":
            self._next()
            return
        what = f"“{done.title}”"
        self.window.show_info(
            {
                "added": f"Imported {what}.",
                "replaced": f"Replaced {what} with the imported file.",
                "kept-both": f"Imported {what}, beside the routine you had.",
                "unchanged": f"{what} is in your library already.",
            }[done.status]
        )
        if done.status == "unchanged":
            self._reveal(done.routine_id)
            self._next()
        else:  # shown, and the next file checked, once the library has it
            self.reveal_after_load = done.routine_id
            self.loader.reload()

    def _library_loaded(self, library: Library) -> None:
        if self.waiting_for_library:
            self.waiting_for_library = False
            self._next()
            return
        routine_id, self.reveal_after_load = self.reveal_after_load, None
        if routine_id is None:
            return
        if library.get(routine_id) is not None:
            self._reveal(routine_id)
        self._next()

    def _reveal(self, routine_id: str) -> None:
        """The routine's card selected and focused, whatever group or search was showing."""
        view = self.window.library_view
        view.search.clear()
        view.set_group("all")
        view.select(routine_id)
        self.window.show_library()

    def _failed(self, source: Path, problem: ShareError) -> None:
        if isinstance(problem, InvalidRoutine):
            self.finished.emit("invalid", str(problem))
            errors = problem.errors or problem.diagnostics
            lines = [_line(d.line, d.column, d.message) for d in errors[:SHOWN_ERRORS]]
            if len(errors) > SHOWN_ERRORS:
                lines.append(f"…and {len(errors) - SHOWN_ERRORS} more (Show Details…).")
            box = self._message(
                f"“{source.name}” is not a valid routine file, so it was not imported.",
                "\n".join(lines),
            )
            box.setDetailedText("\n".join(d.format() for d in problem.diagnostics))
        else:
            self.finished.emit("failed", str(problem))
            box = self._message(f"“{source.name}” was not imported.", str(problem))
        box.finished.connect(lambda _r: self._next())
        box.open()

    def _message(self, text: str, details: str) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Import routine",
            text,
            QMessageBox.StandardButton.Ok,
            self.parent_widget,
        )
        box.setObjectName("importProblem")
        box.setInformativeText(details)
        name_icon(box, "Warning")
        box.setAccessibleDescription(f"{text} {details}")
        box.finished.connect(box.deleteLater)
        self.message_box = box
        return box

    # -- export ------------------------------------------------------------------------
    def export(self, kind: str, routine_id: str, target: Path | None = None) -> None:
        """Export a routine as its file; ``target`` is asked for when not given."""
        library = self.loader.library
        entry = library.get(routine_id) if kind == "routine" and library else None
        if entry is None:
            return
        if target is None:
            dialog = QFileDialog(
                self.parent_widget,
                f"Export “{entry.routine.title}”",
                str(Path.home() / f"{entry.id}.yaml"),
                FILTER,
            )
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setDefaultSuffix("yaml")  # and it asks before writing over a file
            if not dialog.exec() or not dialog.selectedFiles():
                return
            target = Path(dialog.selectedFiles()[0])
        chosen, title = target, entry.routine.title

        def saved(_written: list[Path]) -> None:
            self.window.show_info(
                f"Saved “{title}” as {chosen}. To share it, send the file: it is imported "
                "with Import routine… (Ctrl+O) or by dropping it on CrampCoach's window."
            )
            self.exported.emit(str(chosen), "")

        def failed(_source: Path, problem: ShareError) -> None:
            self.exported.emit(str(chosen), str(problem))
            box = self._message(f"“{title}” was not exported.", str(problem))
            box.setWindowTitle("Export routine")
            box.open()

        self._on_disk(lambda: export_routine(entry, chosen, overwrite=True), saved, chosen, failed)

    # -- the disk thread ---------------------------------------------------------------
    def _on_disk(
        self,
        job: Callable[[], T],
        done: Callable[[T], None],
        source: Path,
        failed: Callable[[Path, ShareError], None] | None = None,
    ) -> None:
        """Run ``job`` on the disk thread; ``done`` or ``failed`` is called on this one."""

        def attempt() -> T | ShareError:
            try:
                return job()
            except ShareError as exc:
                return exc
            except Exception as exc:  # shown to the person, never lost
                log.exception("sharing %s failed", source)
                return ShareError(f"{source}: {exc}")

        def deliver(result: T | ShareError) -> None:
            if isinstance(result, ShareError):
                (failed or self._failed)(source, result)
            else:
                done(result)

        self.background.run(attempt, deliver, f"sharing {source.name}")


def _line(line: int, column: int, message: str) -> str:
    return f"Line {line}, column {column}: {message}" if line > 0 else message
