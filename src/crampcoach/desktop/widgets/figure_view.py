"""The figure for a step, painted with QPainter from the core's shapes (core/figure).

The same shapes as the SVG writer, in the same order and the same theme colours, so the
player, the library and the handout all show one drawing. Antialiased and painted at the
widget's own size, so it is crisp at any size and on high-DPI screens. What is painted
(pose, side, moment in the movement, how far eased in) is set from outside, from the
session clock; the view never animates by itself.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from crampcoach.core.figure.geometry import Figure, figure
from crampcoach.core.figure.pose import Pose, Side
from crampcoach.core.figure.shapes import (
    Capsule,
    Circle,
    Polyline,
    Role,
    capsule_polygon,
)
from crampcoach.core.figure.svg import DARK, LIGHT, Palette
from crampcoach.desktop.theme import is_dark


def _points(points: tuple[tuple[float, float], ...]) -> QPolygonF:
    return QPolygonF([QPointF(x, y) for x, y in points])


def paint_figure(
    painter: QPainter,
    fig: Figure,
    palette: Palette = LIGHT,
    *,
    target: QRectF | None = None,
    highlight: float = 1.0,
) -> None:
    """Paint ``fig``'s shapes in order: at the painter's origin, one unit a pixel, or scaled
    into the square ``target`` (the handout), with the palette's background if it has one.
    ``highlight`` scales the muscle highlight's opacity (PMR's release fades it)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if target is not None:
        painter.translate(target.topLeft())
        scale = min(target.width(), target.height()) / fig.size
        painter.scale(scale, scale)
    if palette.background:
        painter.fillRect(QRectF(0, 0, fig.size, fig.size), QColor(palette.background))
    for shape in fig.shapes:
        colour = QColor(palette.fill(shape))
        if shape.role is Role.HIGHLIGHT:
            colour.setAlphaF(max(0.0, min(1.0, palette.highlight_opacity * highlight)))
        if isinstance(shape, Polyline):
            pen = QPen(colour, shape.width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(_points(shape.points))
            continue
        # A round stroke of a circle or capsule is the same shape grown by half the pen:
        # filled, not stroked (stroking wide antialiased pens was most of the time).
        grow = shape.stroke / 2 if isinstance(shape, Circle | Capsule) else 0.0
        if shape.stroke > 0 and not grow:
            pen = QPen(colour, shape.stroke)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        if isinstance(shape, Circle):
            r = shape.radius + grow
            painter.drawEllipse(QPointF(*shape.center), r, r)
        elif isinstance(shape, Capsule):  # its hull, arcs within half a pixel
            hull = capsule_polygon(shape.a, shape.b, shape.ra + grow, shape.rb + grow, 0.5)
            painter.drawPolygon(_points(hull))
        else:
            painter.drawPolygon(_points(shape.points))
    painter.restore()


PHASE_STEPS = 32  # drawings per movement cycle
EASE_STEPS = 20  # drawings while easing into a pose or fading a highlight


class FigureView(QWidget):
    """One pose, on one side, at one moment; a text alternative for screen readers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Figure")
        self.pose: Pose | None = None
        self.side: Side | None = None
        self.phase = 0.0
        self.ease = 1.0
        self.highlight = 1.0
        self._cache: tuple[tuple[object, ...], Figure] | None = None

    def minimumSizeHint(self) -> QSize:
        return QSize(120, 120)

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    def show_pose(
        self,
        pose: Pose | None,
        side: Side | None = None,
        *,
        phase: float = 0.0,
        ease: float = 1.0,
        highlight: float = 1.0,
    ) -> None:
        """What to paint; repaints only when something visible changed. Movement is taken
        in steps (32 a cycle, 20 of easing and fading): smooth to the eye, and a painting
        (a few ms) seldom lands on a cue's moment."""
        phase = round(phase * PHASE_STEPS) % PHASE_STEPS / PHASE_STEPS
        ease, highlight = round(ease * EASE_STEPS) / EASE_STEPS, round(highlight * 20) / 20
        if (pose, side, phase, ease, highlight) == (
            self.pose,
            self.side,
            self.phase,
            self.ease,
            self.highlight,
        ):
            return
        changed_pose = (pose, side) != (self.pose, self.side)
        self.pose, self.side, self.phase, self.ease, self.highlight = (
            pose,
            side,
            phase,
            ease,
            highlight,
        )
        if changed_pose:
            self.setAccessibleDescription(self.current().text if pose is not None else "")
        self.update()

    def current(self, size: float | None = None) -> Figure:
        """The figure as it would be painted now (geometry cached per moment and size)."""
        assert self.pose is not None
        side = float(size if size is not None else min(self.width(), self.height()))
        key = (self.pose.id, self.side, round(self.phase, 3), round(self.ease, 3), side)
        if self._cache is None or self._cache[0] != key:
            self._cache = (key, figure(self.pose, self.side, self.phase, side, ease=self.ease))
        return self._cache[1]

    def theme_palette(self) -> Palette:
        base = DARK if is_dark(self.palette()) else LIGHT
        return replace(base, background=None)  # the window's own background shows through

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.pose is None:
            return
        size = min(self.width(), self.height())
        if size < 10:
            return
        painter = QPainter(self)
        painter.translate((self.width() - size) / 2, (self.height() - size) / 2)
        paint_figure(painter, self.current(size), self.theme_palette(), highlight=self.highlight)
        painter.end()


def figure_image(pose: Pose, side: Side | None, size: int, palette: Palette) -> QImage:
    """A still of ``pose`` as a transparent image (library thumbnails), device pixels
    doubled so it stays crisp on high-DPI screens."""
    ratio = 2.0
    image = QImage(int(size * ratio), int(size * ratio), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(ratio)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    paint_figure(painter, figure(pose, side, 0.0, float(size)), replace(palette, background=None))
    painter.end()
    return image
