"""The routine library: cards grouped by purpose, search, details, and "Cramp now"."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crampcoach.core.library import Library, LibraryEntry
from crampcoach.core.tags import TAG_LABELS
from crampcoach.desktop.library_cards import ENTRY_ROLE, CardList
from crampcoach.desktop.widgets.flow_layout import FlowLayout
from crampcoach.desktop.widgets.formatting import clock_text
from crampcoach.desktop.widgets.take_along import take_along_button

if TYPE_CHECKING:
    from crampcoach.core.length import Length

# The routine models, figures and lengths are imported where a library is shown, not at
# the top: the empty window paints first (desktop/main.py).

FAVOURITES = "favourites"
GROUPS = (
    (FAVOURITES, "★ Favourites"),  # shown once something is starred
    ("all", "All"),
    *TAG_LABELS.items(),
)
__all__ = ["ENTRY_ROLE", "FAVOURITES", "GROUPS", "LibraryView"]


class LibraryView(QWidget):
    start_requested = Signal(str)  # routine id
    reminders_requested = Signal()
    log_requested = Signal()
    progress_requested = Signal()
    favourite_toggled = Signal(str, bool)  # routine id, starred
    # "audio" | "handout" (desktop/export/) | "routine" (desktop/share/), routine id
    export_requested = Signal(str, str)
    selection_changed = Signal(str)  # routine id, "" when nothing is selected
    suggest_requested = Signal()  # "What should I do now?" (desktop/suggest/)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = Library()
        self.favourites: frozenset[str] = frozenset()
        self.resting: tuple[tuple[str, ...], bool] = ((), True)  # muscles to rest, skip them
        self.group = "all"
        self._order: list[LibraryEntry] | None = None  # the library sorted (_sorted)
        self._hay: dict[str, str] | None = None  # per routine, what a search looks in
        self._shown: str | None = None  # the routine whose details show
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)

        top = FlowLayout()  # wraps in a narrow window; the search takes the room left
        self.cramp_button = QPushButton("⚡  Cramp now — ease it")
        self.cramp_button.setObjectName("crampNow")
        self.cramp_button.setToolTip("Guides that ease a cramp right now (Ctrl+E)")
        self.cramp_button.setAccessibleName("Cramp now: show the cramp relief guides")
        self.cramp_button.clicked.connect(self.show_cramp_now)
        self.suggest_button = QPushButton("&What should I do now?")
        self.suggest_button.setToolTip("One routine for right now, and why (Alt+W)")
        self.suggest_button.setAccessibleName("What should I do now? Suggest a routine")
        self.suggest_button.clicked.connect(self.suggest_requested)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search routines, muscles, tags…")
        self.search.setAccessibleName("Search routines")
        self.search.setMinimumWidth(240)
        self.search.textChanged.connect(self._clear_button)
        self.search.textChanged.connect(self._fill)
        self.search.returnPressed.connect(self._start_current)  # Enter starts the top result
        self.reminders_button = QPushButton("Reminders…")
        self.reminders_button.setToolTip("Training days and reminders (Ctrl+M)")
        self.reminders_button.setAccessibleName("Reminders")
        self.reminders_button.clicked.connect(self.reminders_requested)
        self.log_button = QPushButton("Log a cramp…")
        self.log_button.setToolTip("Note a cramp in your diary (Ctrl+L)")
        self.log_button.setAccessibleName("Log a cramp")
        self.log_button.clicked.connect(self.log_requested)
        self.progress_button = QPushButton("Progress")
        self.progress_button.setToolTip("Stretching against cramps, week by week (Ctrl+I)")
        self.progress_button.setAccessibleName("Progress")
        self.progress_button.clicked.connect(self.progress_requested)
        top.addWidget(self.cramp_button)
        top.addWidget(self.suggest_button)
        top.add_stretching(self.search)
        for button in (self.log_button, self.progress_button, self.reminders_button):
            top.addWidget(button)
        layout.addLayout(top)

        group_row = QWidget()  # one named group of toggles for assistive technology
        group_row.setAccessibleName("Show routines for")
        groups = FlowLayout(group_row)  # wraps in a narrow window
        self.group_buttons = QButtonGroup(self)
        self.group_buttons.setExclusive(True)
        for key, label in GROUPS:
            button = QPushButton(label)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # every group is a Tab stop
            button.setObjectName(f"group-{key}")
            button.setAccessibleName(f"Show {label}")
            button.clicked.connect(lambda _=False, k=key: self.set_group(k))
            self.group_buttons.addButton(button)
            groups.addWidget(button)
            button.setChecked(key == "all")
            button.setVisible(key != FAVOURITES)  # until something is starred
        layout.addWidget(group_row)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.cards = CardList()  # a list model painted by a delegate (library_cards.py)
        self.cards.setObjectName("cards")
        self.cards.setAccessibleName("Routines")
        selection = self.cards.selectionModel()
        selection.currentRowChanged.connect(lambda *_: self._on_current_changed())
        self.cards.activated.connect(lambda *_: self._start_current())
        splitter.addWidget(self.cards)

        details = QFrame()
        d_layout = QVBoxLayout(details)
        self.details = QTextBrowser()
        self.details.setObjectName("details")
        self.details.setAccessibleName("Routine details")
        self.details.setOpenExternalLinks(False)
        self.start_button = QPushButton("▶  Start")
        self.start_button.setObjectName("startButton")
        self.start_button.setToolTip("Start the selected routine (Enter)")
        self.start_button.setAccessibleName("Start the selected routine")
        self.start_button.clicked.connect(self._start_current)
        self.star_button = QPushButton("☆  Favourite")
        self.star_button.setCheckable(True)
        self.star_button.setToolTip("Star this routine: it then comes first (Ctrl+D)")
        self.star_button.setShortcut("Ctrl+D")
        self.star_button.clicked.connect(self._star_current)
        self.length = QComboBox()  # short / standard / long, with what each lasts
        self.length.setAccessibleName("Length")
        self.length.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.length.setToolTip("Shorter or longer holds and repetitions, within safe bounds")
        d_layout.addWidget(self.details, 1)
        start_row = QHBoxLayout()
        start_row.addWidget(self.start_button, 1)
        start_row.addWidget(self.length)
        d_layout.addLayout(start_row)
        d_layout.addWidget(self.star_button)
        self.take_along = take_along_button(self.cards, self._export_current)
        d_layout.addWidget(self.take_along)
        self.details_layout = d_layout  # others add their buttons here (add_action_widget)
        splitter.addWidget(details)
        splitter.setSizes([420, 520])
        layout.addWidget(splitter, 1)

        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problems.setVisible(False)
        layout.addWidget(self.problems)

        self.search.installEventFilter(self)  # Down moves into the results
        # Tab goes from the search straight to its results, then to what acts on them.
        order = [self.cramp_button, self.suggest_button, self.search, self.cards]
        order += [self.start_button, self.take_along, self.details, *self.group_buttons.buttons()]
        order += [self.log_button, self.progress_button, self.reminders_button]
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)

    # -- data ---------------------------------------------------------------------------------
    def set_library(self, library: Library) -> None:
        selected = self.selected_id()
        self.library = library
        self._order = self._hay = None
        self._shown = None  # a reloaded routine: its details anew
        self._fill()
        if selected:
            self.select(selected)
        broken = list(library.failed)
        if broken:
            firsts = [next((d for d in f.diagnostics if d.is_error), None) for f in broken]
            lines = [d.format() if d else str(f.path) for d, f in zip(firsts, broken, strict=True)]
            self.problems.setText("Some of your routines could not be loaded:\n" + "\n".join(lines))
        self.problems.setVisible(bool(broken))

    def _clear_button(self, text: str) -> None:
        """The search's clear button, added with the first text typed (it shows only
        then): its icon loads Qt's image plugins, 10-20 ms before the first paint."""
        if text and not self.search.isClearButtonEnabled():
            self.search.setClearButtonEnabled(True)
            for clear in self.search.findChildren(QToolButton):
                clear.setAccessibleName("Clear the search")

    def show_cramp_now(self) -> None:
        """The emergency path: always the relief guides, whatever was typed in the search,
        with the first one selected so that Enter starts it."""
        if self.search.text():
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
        self.set_group("cramp-relief")

    def set_group(self, group: str) -> None:
        self.group = group
        for button in self.group_buttons.buttons():
            button.setChecked(button.objectName() == f"group-{group}")
        self._fill()
        if self.cards.count():
            self.cards.setCurrentRow(0)
            self.cards.setFocus()

    def visible_entries(self) -> list[LibraryEntry]:
        query = self.search.text().strip().lower()
        entries = self._sorted()
        if self.group == FAVOURITES:
            entries = [e for e in entries if e.id in self.favourites]
        elif self.group != "all":
            entries = [e for e in entries if self.group in e.tags]
        if query:
            words = query.split()
            hay = self._haystacks()
            entries = [e for e in entries if all(w in hay[e.id] for w in words)]
        return entries

    def _sorted(self) -> list[LibraryEntry]:
        """The library in title order, sorted once per library, not per keystroke."""
        if self._order is None:
            self._order = self.library.sorted_entries()
        return self._order

    def _haystacks(self) -> dict[str, str]:
        """What a search looks through, per routine (its card's words, lower-cased)."""
        if self._hay is None:
            self._hay = {e.id: e.card.search for e in self.library.entries.values()}
        return self._hay

    def selected_id(self) -> str | None:
        return self.cards.current_id()

    def select(self, routine_id: str) -> bool:
        row = self.cards.cards.row_of(routine_id)
        if row >= 0:
            self.cards.setCurrentRow(row)
        return row >= 0

    def _fill(self) -> None:
        """Show the routines of the group and search: one model reset, whatever the count."""
        selected = self.selected_id()
        self.cards.cards.show(self.visible_entries(), self.favourites, self.resting[0])
        if not (selected and self.select(selected)) and self.cards.count():
            self.cards.setCurrentRow(0)
        self._on_current_changed()

    def _on_current_changed(self) -> None:
        routine_id = self.selected_id() or ""
        if routine_id == self._shown:
            return  # the same routine (a new search kept it selected): details as they are
        self._shown = routine_id
        self._show_details()
        self.selection_changed.emit(routine_id)

    def add_action_widget(self, widget: QWidget) -> None:
        """A button acting on the selected routine, under the others beside the details."""
        self.details_layout.addWidget(widget)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.search
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.cards.count()
        ):
            self.cards.setFocus(Qt.FocusReason.TabFocusReason)
            if self.cards.currentRow() < 0:
                self.cards.setCurrentRow(0)
            return True
        return super().eventFilter(watched, event)

    def _show_details(self) -> None:
        routine_id = self.selected_id()
        entry = self.library.get(routine_id) if routine_id else None
        self.start_button.setEnabled(entry is not None)
        self.star_button.setEnabled(entry is not None)
        self._show_lengths(entry)
        starred = routine_id in self.favourites
        self.star_button.setChecked(starred)
        self.star_button.setText("★  Favourite" if starred else "☆  Favourite")
        title = entry.routine.title if entry else ""
        self.star_button.setAccessibleName(f"Favourite: {title}" if title else "Favourite")
        self.take_along.setEnabled(entry is not None)
        if entry is None:
            self.details.setHtml("<p>No routine matches.</p>")
            return
        from crampcoach.desktop.library_details import details_html

        self.details.setHtml(details_html(entry, self.details, *self.resting))

    def _export_current(self, kind: str) -> None:
        routine_id = self.selected_id()
        if routine_id:
            self.export_requested.emit(kind, routine_id)

    def chosen_length(self) -> Length:
        chosen: Length = self.length.currentData() or "standard"
        return chosen

    def _show_lengths(self, entry: LibraryEntry | None) -> None:
        """Each length with what it lasts; a routine that follows a trial keeps its own."""
        self.length.clear()
        if entry is None:
            return
        from crampcoach.core.length import LENGTHS, is_fixed
        from crampcoach.desktop.library_details import length_seconds

        fixed = is_fixed(entry.routine)
        for length in ("standard",) if fixed else LENGTHS:
            seconds = length_seconds(entry, length, *self.resting)
            self.length.addItem(f"{length.capitalize()} ({clock_text(seconds)})", length)
        self.length.setCurrentIndex(self.length.findData("standard"))
        self.length.setEnabled(not fixed and self.length.count() > 1)
        self.length.setToolTip(
            "Follows a trial's protocol: its length is the one that was tested"
            if fixed
            else "Shorter or longer holds and repetitions, within safe bounds"
        )

    def set_favourites(self, favourites: frozenset[str]) -> None:
        """The starred routines: marked on their cards, and a Favourites group first."""
        if favourites == self.favourites:
            return
        self.favourites = favourites
        for button in self.group_buttons.buttons():
            if button.objectName() == f"group-{FAVOURITES}":
                button.setVisible(bool(favourites))
        if self.group == FAVOURITES and not favourites:
            self.group = "all"
        self._shown = None  # the star beside the details too
        self._fill()

    def set_resting(self, muscles: tuple[str, ...], skip: bool) -> None:
        """Muscles to rest (Settings): routines that work them are marked."""
        if (muscles, skip) != self.resting:
            self.resting = (muscles, skip)
            self._shown = None  # the details' marks too
            self._fill()

    def reveal(self, routine_id: str) -> None:
        """Show and select a routine whatever the search and group, focus on its card."""
        self.search.clear()
        self.set_group("all")
        self.select(routine_id)

    def _star_current(self) -> None:
        routine_id = self.selected_id()
        if routine_id:
            self.favourite_toggled.emit(routine_id, routine_id not in self.favourites)

    def _start_current(self) -> None:
        routine_id = self.selected_id()
        if routine_id:
            self.start_requested.emit(routine_id)
