"""The main window: the library, and the player when a routine runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crampcoach.core.library import Library
from crampcoach.core.safety import DISCLAIMER, RED_FLAGS
from crampcoach.desktop.builder.menu import MyRoutinesButton
from crampcoach.desktop.library_view import LibraryView
from crampcoach.desktop.share.drop import RoutineDrop
from crampcoach.desktop.widgets.notice import NoticeBar

if TYPE_CHECKING:
    from crampcoach.desktop.reminders.view import RemindersView
    from crampcoach.desktop.session.player import PlayerView

ABOUT = (
    "<h3>CrampCoach</h3><p>Guided stretching, breathing and relaxation to help with leg "
    f"cramps.</p><p><b>{DISCLAIMER}</b> {RED_FLAGS}</p>"
)


class MainWindow(QMainWindow):
    start_requested = Signal(str)  # routine id
    settings_requested = Signal()
    reload_requested = Signal()
    open_folder_requested = Signal()
    reminders_requested = Signal()
    log_cramp_requested = Signal()
    progress_requested = Signal()
    learn_requested = Signal()
    import_requested = Signal()  # Import routine… (desktop/share/)
    routine_files_dropped = Signal(list)  # .yaml files dropped on the window, as str
    quit_requested = Signal()  # Quit (Ctrl+Q): end the app, tray or not
    closing = Signal()  # the window was closed (hidden to the tray, or quitting without one)
    library_shown = Signal(object)  # a Library, its cards in the list (--trace: library-ready)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("CrampCoach")
        self.resize(980, 700)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        self.notice = NoticeBar()
        layout.addWidget(self.notice)
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self.library_view = LibraryView()
        self.library_view.start_requested.connect(self.start_requested)
        self.library_view.reminders_requested.connect(self.reminders_requested)
        self.library_view.log_requested.connect(self.log_cramp_requested)
        self.library_view.progress_requested.connect(self.progress_requested)
        self.my_routines = MyRoutinesButton(self.library_view)
        self.library_view.add_action_widget(self.my_routines)
        self.library_view.selection_changed.connect(self._follow_selection)
        self.pages.addWidget(self.library_view)
        self._reminders_view: RemindersView | None = None
        self.player: PlayerView | None = None
        self._behind: QWidget | None = None  # the page the player was started from

        self._menus()
        cramp = QShortcut(QKeySequence("Ctrl+E"), self)
        cramp.activated.connect(self.show_cramp_now)
        self.drop = RoutineDrop(self)
        self.drop.dropped.connect(self.routine_files_dropped)
        self.drop.watch(self)

    def _menus(self) -> None:
        menu = self.menuBar().addMenu("&CrampCoach")
        for text, shortcut, signal in (
            ("&Reload routines", QKeySequence.StandardKey.Refresh, self.reload_requested),
            ("&Open my routines folder", None, self.open_folder_requested),
            ("&Import routine…", QKeySequence.StandardKey.Open, self.import_requested),
            ("&Export routine…", QKeySequence("Ctrl+Shift+S"), self._export_selected),
            ("Re&minders…", QKeySequence("Ctrl+M"), self.reminders_requested),
            ("&Log a cramp…", QKeySequence("Ctrl+L"), self.log_cramp_requested),
            ("&Progress", QKeySequence("Ctrl+I"), self.progress_requested),
            ("&Settings…", QKeySequence.StandardKey.Preferences, self.settings_requested),
        ):
            action = QAction(text, self)
            if shortcut is not None:
                action.setShortcut(shortcut)
            action.triggered.connect(signal)
            menu.addAction(action)
        if not self.findChildren(QAction, "settingsShortcut"):
            extra = QAction("Settings", self)
            extra.setObjectName("settingsShortcut")
            extra.setShortcut(QKeySequence("Ctrl+,"))
            extra.triggered.connect(self.settings_requested)
            self.addAction(extra)
        menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.quit_requested)
        menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        learn = QAction("&Learn about leg cramps", self)
        learn.setShortcut(QKeySequence.StandardKey.HelpContents)
        learn.triggered.connect(self.learn_requested)
        help_menu.addAction(learn)
        about = QAction("&About and safety", self)
        about.triggered.connect(lambda: QMessageBox.about(self, "About CrampCoach", ABOUT))
        help_menu.addAction(about)

    def _export_selected(self) -> None:
        routine_id = self.library_view.selected_id()
        if routine_id:
            self.library_view.export_requested.emit("routine", routine_id)

    @property
    def reminders_view(self) -> RemindersView:
        """Built on first use, after the window's first paint: its rules and dialogs need
        the reminder models (pydantic)."""
        if self._reminders_view is None:
            from crampcoach.desktop.reminders.view import RemindersView

            self._reminders_view = RemindersView()
            self._reminders_view.closed.connect(self.show_library)
            self.pages.addWidget(self._reminders_view)
        return self._reminders_view

    def set_library(self, library: Library) -> None:
        if library is self.library_view.library:
            return  # shown already (desktop/main.py shows it before the app is built)
        self.library_view.set_library(library)
        self._follow_selection(self.library_view.selected_id() or "")
        self.library_shown.emit(library)

    def _follow_selection(self, routine_id: str) -> None:
        entry = self.library_view.library.get(routine_id) if routine_id else None
        self.my_routines.follow_selection(entry.origin if entry else None)

    @Slot(str)
    def show_notice(self, text: str) -> None:
        self.notice.show_text(text)

    @Slot(str)
    def show_info(self, text: str) -> None:
        self.notice.show_info(text)

    def show_reminders(self) -> None:
        if self.player is None:
            self.pages.setCurrentWidget(self.reminders_view)
            self.reminders_view.rules.setFocus()

    def show_library(self) -> None:
        if self.player is None:
            self.pages.setCurrentWidget(self.library_view)
            self.library_view.cards.setFocus()

    def show_group(self, group: str) -> None:
        """The library showing one group, the search cleared (the tray's "More…")."""
        if self.player is None:
            self.pages.setCurrentWidget(self.library_view)
            self.library_view.search.clear()
            self.library_view.set_group(group)

    def show_page(self, page: QWidget) -> None:
        """Show a secondary page (progress, learn); the player, when open, stays in front."""
        if self.pages.indexOf(page) < 0:
            self.pages.addWidget(page)
        if self.player is None:
            self.pages.setCurrentWidget(page)
            page.setFocus()

    def show_cramp_now(self) -> None:
        if self.player is None:
            self.pages.setCurrentWidget(self.library_view)
            self.library_view.show_cramp_now()

    def show_player(self, player: PlayerView) -> None:
        self.close_player()
        behind = self.pages.currentWidget()
        self._behind = behind if behind is not self.library_view else None  # e.g. the builder
        self.library_view.cards.clearFocus()  # nothing hidden behind the player holds focus
        self.player = player
        self.pages.addWidget(player)
        self.pages.setCurrentWidget(player)
        player.closed.connect(lambda _summary: self.close_player())
        player.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_player(self) -> None:
        player, self.player = self.player, None
        if player is None:
            return
        player.discard()  # its session stops and lets go of the sound
        self.pages.removeWidget(player)
        player.deleteLater()
        behind, self._behind = self._behind, None
        if behind is not None and self.pages.indexOf(behind) >= 0:
            self.pages.setCurrentWidget(behind)  # back to where it was started (the builder)
            behind.setFocus()
            return
        self.pages.setCurrentWidget(self.library_view)
        self.library_view.cards.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.player is not None:
            self.player.driver.stop()
        super().closeEvent(event)
        self.closing.emit()
