"""The big visual at the centre of the player: a countdown ring or a breathing pacer.

It draws whatever phase the session engine says is current, from the engine's own
position, so it is smooth, in phase with the cues, and frozen while paused.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QRadialGradient,
)
from PySide6.QtWidgets import QProgressBar, QSizePolicy, QWidget

from crampcoach.core.timeline import Phase

BREATH_PHASES = {"inhale", "hold-in", "exhale", "hold-out"}
PHASE_WORDS = {
    "prepare": "Get ready",
    "hold": "Hold",
    "move": "Move",
    "switch": "Switch sides",
    "inhale": "Breathe in",
    "hold-in": "Hold",
    "exhale": "Breathe out",
    "hold-out": "Hold",
    "tense": "Tense",
    "relax": "Relax",
    "rest": "Rest",
    "say": "Listen",
}
PHASE_COLORS = {
    "prepare": "#8a8f98",
    "switch": "#8a8f98",
    "hold": "#2f80ed",
    "move": "#2f80ed",
    "rest": "#27ae60",
    "say": "#8a8f98",
    "tense": "#e8590c",
    "relax": "#12b886",
    "inhale": "#15aabf",
    "hold-in": "#15aabf",
    "exhale": "#15aabf",
    "hold-out": "#15aabf",
}
MIN_SCALE = 0.38  # pacer size at empty lungs, as a share of full


def pacer_scale(kind: str, progress: float) -> float:
    """Pacer size 0..1 for a breath phase: grows on inhale, shrinks on exhale, still on holds."""
    eased = (1 - math.cos(math.pi * max(0.0, min(1.0, progress)))) / 2
    if kind == "inhale":
        return MIN_SCALE + (1 - MIN_SCALE) * eased
    if kind == "hold-in":
        return 1.0
    if kind == "exhale":
        return 1.0 - (1 - MIN_SCALE) * eased
    return MIN_SCALE


class PhaseDial(QProgressBar):
    """The countdown ring, or the breathing pacer. A progress bar to assistive technology
    (its role and value: the seconds left in the phase, "Hold, 10 seconds left"), painted
    as a ring or a circle."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setTextVisible(False)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable by Tab, to be read
        self.phase: Phase | None = None
        self.progress = 0.0
        self.remaining = 0.0
        self.setAccessibleName("Phase timer")
        self.setRange(0, 1)
        self.setValue(0)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, 120)  # the player fits a 480 x 560 window

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    def show_phase(self, phase: Phase | None, progress: float, remaining: float) -> None:
        changed = (phase, round(progress, 3), math.ceil(remaining)) != (
            self.phase,
            round(self.progress, 3),
            math.ceil(self.remaining),
        )
        self.phase, self.progress, self.remaining = phase, progress, remaining
        if phase is not None:
            seconds = max(0, math.ceil(remaining - 1e-6))
            total = max(1, math.ceil(phase.end - phase.start))
            if self.maximum() != total:
                self.setRange(0, total)
            if self.value() != seconds:
                self.setValue(seconds)  # the value a screen reader reads: seconds left
                unit = "second" if seconds == 1 else "seconds"
                self.setFormat(f"{self.word()}, {seconds} {unit} left")
                self.setAccessibleDescription(self.format())
        if changed:
            self.update()

    def word(self) -> str:
        return PHASE_WORDS.get(self.phase.kind, "") if self.phase else ""

    def is_pacer(self) -> bool:
        return self.phase is not None and self.phase.kind in BREATH_PHASES

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        side = min(self.width(), self.height()) - 16
        box = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        palette = self.palette()
        track = palette.color(palette.ColorRole.Mid)
        text_color = palette.color(palette.ColorRole.WindowText)
        color = QColor(PHASE_COLORS.get(self.phase.kind, "#2f80ed") if self.phase else "#8a8f98")
        if self.is_pacer():
            self._paint_pacer(painter, box, color, track)
        else:
            self._paint_ring(painter, box, color, track)
        self._paint_text(painter, box, text_color)
        painter.end()

    def _paint_ring(self, painter: QPainter, box: QRectF, color: QColor, track: QColor) -> None:
        width = max(8.0, box.width() * 0.06)
        inner = box.adjusted(width / 2, width / 2, -width / 2, -width / 2)
        painter.setPen(QPen(track, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        painter.drawEllipse(inner)
        left = 1.0 - self.progress
        if left > 0:
            painter.setPen(QPen(color, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawArc(inner, 90 * 16, int(-360 * 16 * left))

    def _paint_pacer(self, painter: QPainter, box: QRectF, color: QColor, track: QColor) -> None:
        assert self.phase is not None
        scale = pacer_scale(self.phase.kind, self.progress)
        centre = box.center()
        painter.setPen(QPen(track, 2, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, box.width() / 2 - 2, box.height() / 2 - 2)
        radius = box.width() / 2 * scale
        glow = QRadialGradient(centre, radius)
        light = QColor(color)
        light.setAlpha(110)
        glow.setColorAt(0.0, light)
        glow.setColorAt(1.0, color)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(glow)
        painter.drawEllipse(QPointF(centre), radius, radius)

    def _paint_text(self, painter: QPainter, box: QRectF, color: QColor) -> None:
        """The seconds and the word, in the window's text colour with a halo of its
        background: legible on the pacer's circle at any size and on the window around it,
        without flipping colour as the circle grows and shrinks."""
        if self.phase is None:
            return
        halo = self.palette().color(self.palette().ColorRole.Window)
        number = QFont(self.font())
        number.setPointSizeF(max(12.0, box.height() * 0.16))
        number.setBold(True)
        upper = QRectF(box.left(), box.top() + box.height() * 0.28, box.width(), box.height() * 0.3)
        seconds = str(max(0, math.ceil(self.remaining - 1e-6)))
        _draw_haloed(painter, upper, seconds, number, color, halo)
        word = QFont(self.font())
        word.setPointSizeF(max(9.0, box.height() * 0.06))
        word.setBold(True)
        lower = QRectF(
            box.left(), box.top() + box.height() * 0.58, box.width(), box.height() * 0.15
        )
        _draw_haloed(painter, lower, self.word(), word, color, halo)


def _draw_haloed(
    painter: QPainter, rect: QRectF, text: str, font: QFont, color: QColor, halo: QColor
) -> None:
    if not text:
        return
    metrics = QFontMetricsF(font)
    x = rect.center().x() - metrics.horizontalAdvance(text) / 2
    y = rect.center().y() + (metrics.ascent() - metrics.descent()) / 2
    path = QPainterPath()
    path.addText(QPointF(x, y), font, text)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(
        QPen(halo, max(3.0, font.pointSizeF() / 4), Qt.PenStyle.SolidLine,
             Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    )  # fmt: skip
    painter.drawPath(path)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    painter.drawPath(path)
