"""The diary in the running app: log a cramp, show Progress, export, record sessions.

Owns the history (its store lives on the disk thread), the cramp form and the Progress
page. It never shows a page itself: it asks through ``page_requested`` and the composition
root (app.py) puts it in the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from crampcoach.core.diary import Cramp, frequent_note, logged_notes, red_flags
from crampcoach.core.history_store import HistoryStore
from crampcoach.core.library import LibraryEntry
from crampcoach.desktop.background import Background
from crampcoach.desktop.diary.history import History, SessionRecorder, Snapshot

if TYPE_CHECKING:  # the dialog, the charts and the CSV writer load when first used
    from crampcoach.desktop.diary.diary_dialog import DiaryDialog
    from crampcoach.desktop.diary.insights_view import InsightsView

PROGRESS_WEEKS = 8


class DiaryController(QObject):
    notice = Signal(str)  # a problem, shown until it is over
    info = Signal(str)  # news (saved, exported), shown for a few seconds
    page_requested = Signal(object)  # QWidget: show this page
    closed = Signal()  # the Progress page was closed

    def __init__(
        self,
        background: Background,
        zone: ZoneInfo,
        wall: Callable[[], dt.datetime],
        window: QWidget,
    ) -> None:
        super().__init__(window)
        self.zone = zone
        self.wall = wall
        self.window = window
        self.history = History(background)
        self.history.notice.connect(self.notice)
        self.history.changed.connect(self._history_changed)
        self.insights_view: InsightsView | None = None
        self.dialog: DiaryDialog | None = None
        self.flag_message: QMessageBox | None = None

    def open(self) -> None:
        """Open the history now; this also closes sessions a killed run left open."""
        self.history.open_now()

    def record(self, driver: QObject, entry: LibraryEntry) -> None:
        """Keep the session in the history as it plays (started, refreshed, ended)."""
        SessionRecorder(driver, entry, self.history, self.wall)

    # -- the cramp form ------------------------------------------------------------------------
    def log_cramp(self) -> DiaryDialog:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.raise_()
            return self.dialog
        from crampcoach.desktop.diary.diary_dialog import DiaryDialog

        self.dialog = DiaryDialog(self.wall(), self.window)
        self.dialog.logged.connect(lambda cramp: self.history.log_cramp(cramp, on_done=self._saved))
        self.dialog.open()
        return self.dialog

    def _saved(self, cramp: object) -> None:
        if isinstance(cramp, Cramp):
            side = f" ({cramp.side})" if cramp.side else ""
            self.info.emit(f"Cramp saved: {cramp.muscle}{side}, severity {cramp.severity}/10.")
        self._check_flags(cramp)

    def _check_flags(self, cramp: object) -> None:
        """After a cramp is logged: say plainly what it needs (its red flags whatever its
        date, a long cramp, a new medicine), and whether cramps come on most days."""
        since = self.wall() - dt.timedelta(days=15)
        notes = logged_notes(cramp) if isinstance(cramp, Cramp) else []

        def show(snapshot: object) -> None:
            assert isinstance(snapshot, Snapshot)
            frequent = frequent_note(snapshot.cramps, self.wall())
            flags = [*notes, *([frequent] if frequent else [])]
            if flags:
                box = QMessageBox(
                    QMessageBox.Icon.Warning,
                    "About the cramp you logged",
                    "\n\n".join(flags),
                    QMessageBox.StandardButton.Ok,
                    self.window,
                )
                box.setObjectName("redFlagMessage")
                box.open()
                self.flag_message = box

        self.history.snapshot(since, show)

    # -- Progress ------------------------------------------------------------------------------
    def show_progress(self, weeks: int = PROGRESS_WEEKS) -> InsightsView:
        if self.insights_view is None:
            from crampcoach.desktop.diary.insights_view import InsightsView

            view = InsightsView()
            view.closed.connect(self.closed)
            view.log_requested.connect(self.log_cramp)
            view.export_requested.connect(self.export_csv)
            view.delete_cramp_requested.connect(self.history.delete_cramp)
            self.insights_view = view
        self.page_requested.emit(self.insights_view)
        self.refresh_progress(weeks)
        return self.insights_view

    def refresh_progress(self, weeks: int = PROGRESS_WEEKS) -> None:
        now = self.wall()

        def show(snapshot: object) -> None:
            assert isinstance(snapshot, Snapshot)
            if self.insights_view is None:
                return
            from crampcoach.core.insights import insights

            result = insights(snapshot.sessions, snapshot.cramps, now, weeks, self.zone)
            flags = red_flags(snapshot.cramps, now)
            self.insights_view.show_data(
                result, snapshot.sessions, snapshot.cramps, flags, self.zone
            )

        self.history.snapshot(now - dt.timedelta(weeks=weeks + 1), show)

    def _history_changed(self) -> None:
        # The window's page stack hides every page but the one in front.
        if self.insights_view is not None and not self.insights_view.isHidden():
            self.refresh_progress()

    def export_csv(self, folder: Path | None = None) -> None:
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(
                self.window, "Export your history and diary to…", str(Path.home())
            )
            if not chosen:
                return
            folder = Path(chosen)
        target = folder

        def export(store: HistoryStore) -> object:
            from crampcoach.core.csv_export import export_csv

            return export_csv(target, store.sessions(), store.cramps(), self.zone)

        def done(written: object) -> None:
            assert isinstance(written, list)
            names = " and ".join(p.name for p in written)
            self.info.emit(f"Exported {names} to {target}.")

        self.history.read(export, done, what="exporting your history")

    def shutdown(self) -> None:
        self.history.close()
