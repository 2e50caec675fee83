"""Routine cards painted by a delegate: a title, two lines of summary, the length and kind.

One widget per card (setItemWidget) made a library of 1,000 routines take seconds to show
and grew with the square of the count; painted cards of one fixed height cost nothing
until they are on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from crampcoach.desktop.theme import is_dark

if TYPE_CHECKING:  # the figures load with the first card that shows one, not at start-up
    from crampcoach.core.figure.pose import Pose

TITLE_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2
META_ROLE = Qt.ItemDataRole.UserRole + 3
POSE_ROLE = Qt.ItemDataRole.UserRole + 4  # the routine's first figure (a Pose), or None
PADDING = 10
SUMMARY_LINES = 2

Index = QModelIndex | QPersistentModelIndex


class CardDelegate(QStyledItemDelegate):
    """Paints the cards. A figure not drawn yet is drawn on a later turn of the event loop,
    one a turn, and the cards painted again once all asked for are there: drawing the
    first screenful's figures in its first paint took 40 ms, a stall of its own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._thumbnails: dict[tuple[str, bool, int], QImage] = {}
        self._wanted: dict[tuple[str, bool, int], Pose] = {}  # to draw, in the order asked

    def _thumbnail(self, pose: Pose, dark: bool, size: int) -> QImage | None:
        key = (pose.id, dark, size)
        image = self._thumbnails.get(key)
        if image is None and key not in self._wanted:
            if not self._wanted:
                QTimer.singleShot(0, self, self._draw_one)
            self._wanted[key] = pose
        return image

    def _draw_one(self) -> None:
        from crampcoach.core.figure.svg import DARK, LIGHT
        from crampcoach.desktop.widgets.figure_view import figure_image

        key, pose = next(iter(self._wanted.items()))
        _id, dark, size = key
        self._thumbnails[key] = figure_image(pose, None, size, DARK if dark else LIGHT)
        del self._wanted[key]
        if self._wanted:
            QTimer.singleShot(0, self, self._draw_one)
            return
        view = self.parent()
        if isinstance(view, QAbstractItemView):
            view.viewport().update()

    @staticmethod
    def _fonts(base: QFont) -> tuple[QFont, QFont]:
        title = QFont(base)
        title.setPointSizeF(max(base.pointSizeF(), 9) * 1.25)
        title.setBold(True)
        return title, QFont(base)

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        title, text = self._fonts(option.font)
        height = QFontMetrics(title).height() + QFontMetrics(text).lineSpacing() * (
            SUMMARY_LINES + 1
        )
        return QSize(200, height + 2 * PADDING)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:  # selection, hover and focus as the style draws them
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette: QPalette = opt.palette
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        colour = palette.color(role)
        title_font, text_font = self._fonts(opt.font)
        box: QRect = opt.rect.adjusted(PADDING, PADDING, -PADDING, -PADDING)
        painter.save()
        pose = index.data(POSE_ROLE)
        if pose is not None:  # the routine's first figure (a Pose), at the card's left
            size = box.height()
            image = self._thumbnail(pose, is_dark(palette), size)
            if image is not None:  # else on a later turn (the words keep their place)
                painter.drawImage(box.left(), box.top(), image)
            box.setLeft(box.left() + size + PADDING)
        painter.setPen(colour)
        painter.setFont(title_font)
        title_metrics = QFontMetrics(title_font)
        title = title_metrics.elidedText(
            str(index.data(TITLE_ROLE) or ""), Qt.TextElideMode.ElideRight, box.width()
        )
        painter.drawText(box.left(), box.top() + title_metrics.ascent(), title)
        painter.setFont(text_font)
        metrics = QFontMetrics(text_font)
        y = box.top() + title_metrics.height()
        for line in _wrap(str(index.data(SUMMARY_ROLE) or ""), metrics, box.width()):
            painter.drawText(box.left(), y + metrics.ascent(), line)
            y += metrics.lineSpacing()
        y = box.top() + title_metrics.height() + metrics.lineSpacing() * SUMMARY_LINES
        faded = painter.pen().color()
        faded.setAlphaF(0.75)
        painter.setPen(faded)
        meta = metrics.elidedText(  # a long "works your ..." mark: the whole is read out
            str(index.data(META_ROLE) or ""), Qt.TextElideMode.ElideRight, box.width()
        )
        painter.drawText(box.left(), y + metrics.ascent(), meta)
        painter.restore()


def _wrap(text: str, metrics: QFontMetrics, width: int) -> list[str]:
    """At most SUMMARY_LINES lines; the last one elided if the text goes on."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < SUMMARY_LINES:
        line = words.pop(0)
        while words and metrics.horizontalAdvance(f"{line} {words[0]}") <= width:
            line += " " + words.pop(0)
        lines.append(line)
    if words and lines:
        rest = lines[-1] + " " + " ".join(words)
        lines[-1] = metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width)
    return lines
