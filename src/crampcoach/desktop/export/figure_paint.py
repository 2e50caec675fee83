"""Paint a figure's shapes with QPainter: vector paths in the theme's colours, the same
shapes in the same order as the SVG writer (core/figure/svg.py) draws them."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF

from crampcoach.core.figure.geometry import Figure
from crampcoach.core.figure.shapes import Capsule, Circle, Point, Polygon, Polyline, Role
from crampcoach.core.figure.svg import LIGHT, Palette


def paint_figure(
    painter: QPainter, figure: Figure, target: QRectF, palette: Palette = LIGHT
) -> None:
    """``figure`` scaled into ``target`` (a square), background and all."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(target.topLeft())
    scale = min(target.width(), target.height()) / figure.size
    painter.scale(scale, scale)
    if palette.background:
        painter.fillRect(QRectF(0, 0, figure.size, figure.size), QColor(palette.background))
    for shape in figure.shapes:
        colour = QColor(palette.fill(shape))
        if isinstance(shape, Polyline):
            pen = QPen(colour, shape.width)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(_polygon(shape.points))
            continue
        if isinstance(shape, Polygon) and shape.role is Role.HIGHLIGHT:
            colour.setAlphaF(palette.highlight_opacity)
        if shape.stroke > 0:
            pen = QPen(colour, shape.stroke)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(colour))
        if isinstance(shape, Circle):
            x, y = shape.center
            painter.drawEllipse(QPointF(x, y), shape.radius, shape.radius)
        elif isinstance(shape, Capsule):
            path = QPainterPath()
            path.addPolygon(_polygon(shape.polygon()))
            path.closeSubpath()
            painter.drawPath(path)
        else:
            painter.drawPolygon(_polygon(shape.points))
    painter.restore()


def _polygon(points: tuple[Point, ...]) -> QPolygonF:
    return QPolygonF([QPointF(x, y) for x, y in points])
