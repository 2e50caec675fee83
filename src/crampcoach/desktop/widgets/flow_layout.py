"""A layout that wraps its widgets onto the next line when the width runs out, so rows
of buttons fit a narrow window instead of forcing it wide (Qt has no such layout)."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    def __init__(
        self,
        parent: QWidget | None = None,
        spacing: int = 6,
        centered: bool = False,
    ) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._centered = centered
        self._stretch: set[QWidget] = set()
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def add_stretching(self, widget: QWidget) -> None:
        """Add a widget that takes the room its row has left (a search field)."""
        self.addWidget(widget)
        self._stretch.add(widget)

    # -- QLayout ---------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        """As narrow as the widest single item: everything else can wrap."""
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    # -- placing -----------------------------------------------------------------------------
    def _arrange(self, rect: QRect, *, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        rows: list[list[tuple[QLayoutItem, QSize]]] = [[]]
        used = 0
        for item in self._items:
            widget = item.widget()
            if widget is not None and widget.isHidden():
                continue
            hint = item.sizeHint()
            wanted = hint.width() if not rows[-1] else used + self._spacing + hint.width()
            if rows[-1] and wanted > area.width():
                rows.append([])
                wanted = hint.width()
            rows[-1].append((item, hint))
            used = wanted
        y = area.top()
        for row in rows:
            if not row:
                continue
            height = max(h.height() for _, h in row)
            width = sum(h.width() for _, h in row) + self._spacing * (len(row) - 1)
            stretching = [item for item, _ in row if item.widget() in self._stretch]
            extra = max(0, area.width() - width) // len(stretching) if stretching else 0
            if stretching:
                width = area.width()
            x = area.left() + (max(0, area.width() - width) // 2 if self._centered else 0)
            for item, hint in row:
                grown = hint.width() + (extra if item in stretching else 0)
                if move:
                    item.setGeometry(QRect(QPoint(x, y), QSize(min(grown, area.width()), height)))
                x += grown + self._spacing
            y += height + self._spacing
        return y - self._spacing - rect.top() + margins.bottom()
