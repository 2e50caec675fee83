"""Opening, saving, playing and deleting routines of one's own: the builder's side of the
app. The composition root gives it what it needs as callables; it knows no other feature.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFile, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from crampcoach.core.atomic import write_atomic
from crampcoach.core.figure.library import PoseLibrary, builtin_poses
from crampcoach.core.library import Library, LibraryEntry
from crampcoach.core.routine_draft import RoutineDraft, duplicate_of, free_id, new_routine
from crampcoach.core.routine_yaml import dump_new, merge_into
from crampcoach.core.timeline import build_timeline
from crampcoach.core.timing import Timing
from crampcoach.core.yamlsource import YamlProblem, parse
from crampcoach.desktop.builder.drafts import DRAFT_OF, drafts_dir
from crampcoach.desktop.builder.view import BuilderView

Button = QMessageBox.StandardButton


def _tell(icon: QMessageBox.Icon, parent: QWidget, title: str, text: str) -> None:
    """A message box of our own (not the static helpers), so tests can answer it."""
    QMessageBox(icon, title, text, Button.Ok, parent).exec()


@dataclass
class BuilderHost:
    """What the builder needs from the app."""

    window: QWidget
    library: Callable[[], Library | None]
    user_dir: Callable[[], Path]
    timing: Callable[[], Timing]
    show_page: Callable[[QWidget], None]
    show_library: Callable[[], None]
    play: Callable[[LibraryEntry], object]
    notice: Callable[[str], None]
    info: Callable[[str], None]


class BuilderController(QObject):
    saved = Signal(str)  # the routine's id: reload the library and select it

    def __init__(self, host: BuilderHost) -> None:
        super().__init__(host.window)
        self.host = host
        self.view: BuilderView | None = None

    @staticmethod
    def host_poses() -> PoseLibrary:
        return builtin_poses()

    # -- opening --------------------------------------------------------------------------
    def _ids(self, but: str | None = None) -> frozenset[str]:
        library = self.host.library()
        ids = set(library.entries) if library else set()
        ids.discard(but or "")
        return frozenset(ids)

    def new(self) -> BuilderView | None:
        return self._open(RoutineDraft(new_routine(free_id("my-routine", set(self._ids())))))

    def duplicate(self, entry: LibraryEntry) -> BuilderView | None:
        text, raw = self._read(entry.path)
        if raw is None:
            return None
        draft = RoutineDraft(duplicate_of(raw, set(self._ids())))
        draft.original = text  # the copy keeps the comments of the file it came from
        draft.force_modified()  # nothing is made until Save: closing asks
        return self._open(draft)

    def edit(self, entry: LibraryEntry) -> BuilderView | None:
        if entry.origin != "user":
            return self.duplicate(entry)  # a built-in is changed through a copy of it
        text, raw = self._read(entry.path)
        if raw is None:
            return None
        draft = RoutineDraft(raw, entry.path, text)
        return self._open(draft, own_id=entry.id)

    def _read(self, path: Path) -> tuple[str, dict[str, Any] | None]:
        try:
            text = path.read_text(encoding="utf-8-sig")
            raw = parse(text).value
        except (OSError, UnicodeDecodeError, YamlProblem) as exc:
            self.host.notice(f"Could not open {path}: {exc}")
            return "", None
        if not isinstance(raw, dict):
            self.host.notice(f"{path} does not hold a routine.")
            return "", None
        return text, raw

    def _open(self, draft: RoutineDraft, own_id: str | None = None) -> BuilderView | None:
        if self.view is not None and not self.close():
            return None
        view = BuilderView(draft, builtin_poses, self.host.timing(), self._ids(but=own_id))
        view.save_requested.connect(self.save)
        view.play_requested.connect(self.play)
        view.close_requested.connect(self.close)
        self.view = view
        self.host.show_page(view)
        view.steps.setFocus()
        return view

    # -- saving ---------------------------------------------------------------------------
    def save(self) -> bool:
        view = self.view
        if view is None:
            return False
        view.recheck()
        if not view.result.ok:
            _tell(
                QMessageBox.Icon.Warning,
                view,
                "Not saved yet",
                "Fix these first (they are shown on their fields):\n\n"
                + view.preview.first_errors(view.result.diagnostics),
            )
            return False
        draft = view.draft
        if draft.original is None:
            text = dump_new(draft.raw)
        else:
            text, lost = merge_into(draft.original, draft.raw)
            if lost and not self._drop_comments(view, lost):
                return False
        target = draft.path or self._free_path(str(draft.raw["id"]))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, text.encode("utf-8"), shared=True)
        except OSError as exc:
            _tell(QMessageBox.Icon.Warning, view, "Not saved", f"Could not write {target}: {exc}")
            return False
        draft.mark_saved(target, text)
        self._forget_draft(draft)
        view.taken_ids = self._ids(but=str(draft.raw["id"]))
        view.recheck()
        self.host.info(f"Saved “{draft.raw.get('title')}” to {target}.")
        self.saved.emit(str(draft.raw["id"]))
        return True

    def _free_path(self, routine_id: str) -> Path:
        folder = self.host.user_dir()
        path, n = folder / f"{routine_id}.yaml", 2
        while path.exists():
            path, n = folder / f"{routine_id}-{n}.yaml", n + 1
        return path

    @staticmethod
    def _drop_comments(parent: QWidget, lost: list[str]) -> bool:
        shown = "\n".join(f"# {c}" for c in lost[:8]) + ("\n…" if len(lost) > 8 else "")
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Drop comments?",
            f"Saving this change drops {len(lost)} comment(s) you wrote in the file:\n\n{shown}",
            Button.Save | Button.Cancel,
            parent,
        )
        box.button(Button.Save).setText("Save without them")
        box.setDefaultButton(Button.Cancel)
        return box.exec() == Button.Save

    # -- playing and closing ---------------------------------------------------------------
    def play(self, from_step: int) -> None:
        view = self.view
        if view is None:
            return
        view.recheck()
        routine = view.result.routine
        if routine is None:
            _tell(
                QMessageBox.Icon.Information,
                view,
                "Cannot play yet",
                view.preview.first_errors(view.result.diagnostics),
            )
            return
        if 0 < from_step < len(routine.steps):
            routine = routine.model_copy(update={"steps": routine.steps[from_step:]})
        timeline = build_timeline(routine, self.host.timing())
        path = view.draft.path or self.host.user_dir() / f"{routine.id}.yaml"
        self.host.play(LibraryEntry(routine, timeline, path, "user"))

    def close(self) -> bool:
        """Back to the library; unsaved changes are saved or dropped only when asked."""
        view = self.view
        if view is None:
            return True
        if view.draft.modified:
            view.recheck()
            valid = view.result.ok
            box = QMessageBox(
                QMessageBox.Icon.Question,
                "Unsaved changes",
                f"Save the changes to “{view.draft.raw.get('title', 'this routine')}”?"
                + ("" if valid else "\n\nIt has problems, so it can only be kept as a draft."),
                Button.Save | Button.Discard | Button.Cancel,
                view,
            )
            if not valid:
                box.button(Button.Save).setText("Keep as draft")
            box.setDefaultButton(Button.Save)
            answer = box.exec()
            if answer == Button.Cancel:
                return False
            if answer == Button.Save and not (self.save() if valid else self.keep_draft()):
                return False
        elif view.draft.draft_file is not None and view.draft.path is not None:
            self._forget_draft(view.draft)
        self.view = None
        self.host.show_library()
        view.deleteLater()
        return True

    # -- drafts: kept, not played, never saved over a good routine ------------------------
    def keep_draft(self) -> bool:
        view = self.view
        if view is None:
            return False
        draft = view.draft
        folder = drafts_dir()
        target = draft.draft_file or folder / f"{draft.raw.get('id') or 'untitled'}.yaml"
        if draft.draft_file is None:
            n = 2
            while target.exists():
                target, n = folder / f"{draft.raw.get('id') or 'untitled'}-{n}.yaml", n + 1
        head = f"# {DRAFT_OF}{draft.path}\n" if draft.path is not None else ""
        try:
            folder.mkdir(parents=True, exist_ok=True)
            write_atomic(target, (head + dump_new(draft.raw)).encode("utf-8"))
        except OSError as exc:
            _tell(
                QMessageBox.Icon.Warning, view, "Draft not kept", f"Could not write {target}: {exc}"
            )
            return False
        draft.draft_file = target
        self.host.info(
            f"Kept as a draft: {target}. Continue it from My routines → Continue a draft."
        )
        return True

    def continue_draft(self, file: Path) -> BuilderView | None:
        text, raw = self._read(file)
        if raw is None:
            return None
        first = text.splitlines()[0] if text else ""
        of = Path(first.split(DRAFT_OF, 1)[1]) if DRAFT_OF in first else None
        original = None
        if of is not None and of.exists():
            with contextlib.suppress(OSError, UnicodeDecodeError):
                original = of.read_text(encoding="utf-8-sig")
        draft = RoutineDraft(raw, of if original is not None else None, original)
        draft.draft_file = file
        draft.force_modified()
        return self._open(draft, own_id=self._own_id(of))

    def _own_id(self, path: Path | None) -> str | None:
        library = self.host.library()
        if path is None or library is None:
            return None
        return next((e.id for e in library.entries.values() if e.path == path), None)

    @staticmethod
    def _forget_draft(draft: RoutineDraft) -> None:
        if draft.draft_file is not None:
            with contextlib.suppress(OSError):
                draft.draft_file.unlink()
            draft.draft_file = None

    # -- deleting -----------------------------------------------------------------------------
    def delete(self, entry: LibraryEntry) -> bool:
        if entry.origin != "user":
            self.host.notice("Built-in routines cannot be deleted; hide them by not starring them.")
            return False
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Delete routine",
            f"Delete “{entry.routine.title}”? Its file goes to the trash:\n{entry.path}",
            Button.Yes | Button.Cancel,
            self.host.window,
        )
        box.button(Button.Yes).setText("Move to trash")
        box.setDefaultButton(Button.Cancel)
        if box.exec() != Button.Yes:
            return False
        if not QFile.moveToTrash(str(entry.path)):
            with contextlib.suppress(OSError):
                entry.path.unlink()
        if entry.path.exists():
            self.host.notice(f"Could not delete {entry.path}.")
            return False
        self.host.info(f"“{entry.routine.title}” was moved to the trash.")
        self.saved.emit("")
        return True
