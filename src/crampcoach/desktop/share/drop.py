"""Routine files dropped on the window: ``.yaml`` and ``.yml`` files from a file manager."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QWidget

SUFFIXES = (".yaml", ".yml")


def routine_paths(mime: QMimeData) -> list[Path]:
    """The local routine files a drag carries (other files and text are not ours)."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in SUFFIXES]


class RoutineDrop(QObject):
    """Takes routine-file drags and drops for the widgets it watches; anything else (text
    dropped in the search field, say) goes on to the widget as before."""

    dropped = Signal(list)  # the files' paths, as str

    def watch(self, window: QWidget) -> None:
        """The window and every widget in it that takes drops of its own."""
        for widget in [window, *window.findChildren(QWidget)]:
            if widget is window or widget.acceptDrops():
                widget.setAcceptDrops(True)
                widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove) and isinstance(
            event, QDragEnterEvent | QDragMoveEvent
        ):
            if routine_paths(event.mimeData()):
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            paths = routine_paths(event.mimeData())
            if paths:
                event.acceptProposedAction()
                self.dropped.emit([str(p) for p in paths])
                return True
        return super().eventFilter(watched, event)
