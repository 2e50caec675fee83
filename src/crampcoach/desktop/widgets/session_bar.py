"""The thin bar of how far a session has come. Painted, not a QProgressBar: screen readers
announce a progress bar's percentage every few seconds (Orca said "6 percent… 11
percent…" over every instruction), and the time label beside it already says it in words."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


class SessionBar(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fraction = 0.0
        self.setFixedHeight(8)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(200, 8)

    def set_fraction(self, fraction: float) -> None:
        fraction = min(1.0, max(0.0, fraction))
        if abs(fraction - self.fraction) * self.width() >= 0.5:  # a visible change
            self.fraction = fraction
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.setBrush(self.palette().base())
        box = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(box, 4, 4)
        if self.fraction > 0:
            done = QRectF(box.left(), box.top(), box.width() * self.fraction, box.height())
            painter.setPen(self.palette().color(QPalette.ColorRole.Highlight))
            painter.setBrush(self.palette().highlight())
            painter.drawRoundedRect(done, 4, 4)
        painter.end()
