"""The library's cards as a list model: one row per routine shown, its words made when a
card is first painted or read out, never for the thousands scrolled past.

A QListWidget took one QListWidgetItem per routine, six roles each, for every routine at
every search keystroke: 0.37 s for 5,000 routines, a stall the window could not answer
through. Here a library or a filter is one model reset (a few milliseconds) and the
delegate (widgets/card_delegate.py) asks only for the rows on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QWidget

from crampcoach.desktop.widgets.card_delegate import (
    META_ROLE,
    POSE_ROLE,
    SUMMARY_ROLE,
    TITLE_ROLE,
    CardDelegate,
)
from crampcoach.desktop.widgets.formatting import clock_text

if TYPE_CHECKING:
    from crampcoach.core.library import LibraryEntry

ENTRY_ROLE = Qt.ItemDataRole.UserRole  # the routine's id
Index = QModelIndex | QPersistentModelIndex


class RoutineCards(QStringListModel):
    """The routines to show, in order, with the favourites and the muscles to rest that
    their cards mention."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[LibraryEntry] = []
        self._rows: dict[str, int] | None = None  # routine id: row, made when first asked
        self._words: dict[int, tuple[str, str, object]] = {}  # row: meta, read out, pose
        self.favourites: frozenset[str] = frozenset()
        self.resting: tuple[str, ...] = ()

    def show(
        self, entries: list[LibraryEntry], favourites: frozenset[str], resting: tuple[str, ...]
    ) -> None:
        self._entries = entries
        self._rows = None
        self._words.clear()
        self.favourites, self.resting = favourites, resting
        self.setStringList([e.title for e in entries])  # resets the model

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def entry(self, row: int) -> LibraryEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_of(self, routine_id: str) -> int:
        """The row showing ``routine_id``, or -1."""
        if self._rows is None:
            self._rows = {e.id: row for row, e in enumerate(self._entries)}
        return self._rows.get(routine_id, -1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        entry = self.entry(index.row()) if index.isValid() else None
        if entry is None:
            return None
        r = entry.routine
        if role in (Qt.ItemDataRole.DisplayRole, TITLE_ROLE):
            return r.title
        if role == ENTRY_ROLE:
            return entry.id
        if role in (SUMMARY_ROLE, Qt.ItemDataRole.ToolTipRole):
            return r.summary
        if role in (META_ROLE, Qt.ItemDataRole.AccessibleTextRole, POSE_ROLE):
            meta, said, pose = self._card_words(index.row(), entry)
            return {META_ROLE: meta, POSE_ROLE: pose}.get(role, said)
        return None

    def _card_words(self, row: int, entry: LibraryEntry) -> tuple[str, str, object]:
        """What the card shows under its summary, what a screen reader reads (the same and
        the title and summary: the delegate paints, it has no text of its own), and the
        routine's first figure, at the card's left."""
        words = self._words.get(row)
        if words is None:
            from crampcoach.core.figure.steps import first_pose
            from crampcoach.desktop.library_details import KIND_LABELS, rest_mark

            r = entry.routine
            user = "  ·  yours" if entry.origin == "user" else ""
            star = "★  " if entry.id in self.favourites else ""
            meta = f"{star}{clock_text(entry.duration)}  ·  {KIND_LABELS[r.kind]}{user}"
            mark, said = rest_mark(r, self.resting)  # a text mark, read out too
            words = (meta + mark, f"{r.title}. {r.summary} {meta}{said}", first_pose(r))
            self._words[row] = words
        return words


class CardList(QListView):
    """The cards: one fixed height (fast for thousands), one selected at a time, keyboard
    and screen reader as a list; row helpers as QListWidget had them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards = RoutineCards(self)
        self.setModel(self.cards)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSpacing(2)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setUniformItemSizes(True)
        self.setItemDelegate(CardDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)  # F2: My routines

    def count(self) -> int:
        return self.cards.rowCount()

    def currentRow(self) -> int:  # Qt's naming, as QListWidget
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def setCurrentRow(self, row: int) -> None:
        self.setCurrentIndex(self.cards.index(row, 0))

    def current_id(self) -> str | None:
        entry = self.cards.entry(self.currentRow())
        return entry.id if entry is not None else None
