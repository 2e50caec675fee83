"""What a figure is drawn with: a few filled or stroked shapes, each with a role.

Coordinates are pixels, y pointing down, in a square of ``size`` pixels. A painter needs no
knowledge of bodies: it paints the shapes in order, choosing each one's colour by its role
(``far`` limbs in a muted tone). A shape with ``stroke > 0`` is also outlined in its own
colour with that pen width (round joins); a polyline is only stroked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

Point = tuple[float, float]


class Role(StrEnum):
    BACKDROP = "backdrop"  # a wall seen face-on, behind the figure
    GROUND = "ground"  # the floor line
    PROP = "prop"  # wall, chair, step, mat, bed, towel, strap
    OUTLINE = "outline"  # the silhouette's edge, painted under a layer's body shapes
    LIMB = "limb"  # trunk, pelvis, neck and limbs
    HEAD = "head"
    FEATURE = "feature"  # eye and nose marks, so the figure's front is clear
    HIGHLIGHT = "highlight"  # a muscle region: ``muscle`` and ``side`` say which


@dataclass(frozen=True, slots=True)
class Circle:
    center: Point
    radius: float
    role: Role
    part: str
    far: bool = False
    stroke: float = 0.0


@dataclass(frozen=True, slots=True)
class Capsule:
    """A rounded limb: the hull of a circle of radius ``ra`` at ``a`` and ``rb`` at ``b``."""

    a: Point
    b: Point
    ra: float
    rb: float
    role: Role
    part: str
    far: bool = False
    stroke: float = 0.0

    def tangents(self) -> tuple[Point, Point, Point, Point] | None:
        """The hull's straight sides: (a1, b1, b2, a2), or None when one circle holds the other.

        The outline runs a1 -> b1, around ``b`` to b2, -> a2, around ``a`` back to a1.
        """
        return capsule_tangents(self.a, self.b, self.ra, self.rb)

    def polygon(self, tolerance: float = 0.25) -> tuple[Point, ...]:
        """The outline as a polygon whose arcs stray at most ``tolerance`` pixels."""
        return capsule_polygon(self.a, self.b, self.ra, self.rb, tolerance)


@dataclass(frozen=True, slots=True)
class Polygon:
    points: tuple[Point, ...]
    role: Role
    part: str
    far: bool = False
    stroke: float = 0.0
    muscle: str | None = None
    side: str | None = None


@dataclass(frozen=True, slots=True)
class Polyline:
    points: tuple[Point, ...]
    width: float
    role: Role
    part: str
    far: bool = False


Shape = Circle | Capsule | Polygon | Polyline


def capsule_tangents(
    a: Point, b: Point, ra: float, rb: float
) -> tuple[Point, Point, Point, Point] | None:
    dx, dy = b[0] - a[0], b[1] - a[1]
    d = math.hypot(dx, dy)
    if d <= abs(ra - rb) + 1e-9:
        return None
    ux, uy = dx / d, dy / d
    s = (ra - rb) / d
    c = math.sqrt(1.0 - s * s)
    # Unit normals of the two straight sides: n*cos - u*sin, with n = +-(-uy, ux).
    m1 = (uy * c - ux * s, -ux * c - uy * s)
    m2 = (-uy * c - ux * s, ux * c - uy * s)
    return (
        (a[0] + ra * m1[0], a[1] + ra * m1[1]),
        (b[0] + rb * m1[0], b[1] + rb * m1[1]),
        (b[0] + rb * m2[0], b[1] + rb * m2[1]),
        (a[0] + ra * m2[0], a[1] + ra * m2[1]),
    )


def _arc(center: Point, r: float, start: Point, end: Point, tolerance: float) -> list[Point]:
    """Points after ``start`` up to ``end`` on the circle, turning away from the other end."""
    a0 = math.atan2(start[1] - center[1], start[0] - center[0])
    a1 = math.atan2(end[1] - center[1], end[0] - center[0])
    sweep = (a1 - a0) % math.tau
    step = 2 * math.acos(max(-1.0, 1 - tolerance / r)) if r > tolerance else math.pi / 2
    n = max(2, math.ceil(sweep / max(step, 1e-3)))
    return [
        (center[0] + r * math.cos(a0 + sweep * i / n), center[1] + r * math.sin(a0 + sweep * i / n))
        for i in range(1, n + 1)
    ]


def capsule_polygon(
    a: Point, b: Point, ra: float, rb: float, tolerance: float = 0.25
) -> tuple[Point, ...]:
    sides = capsule_tangents(a, b, ra, rb)
    if sides is None:
        center, r = (a, ra) if ra >= rb else (b, rb)
        start = (center[0] + r, center[1])
        return (start, *_arc(center, r, start, (center[0] + r, center[1] - 1e-9), tolerance))
    a1, b1, b2, a2 = sides
    return (a1, b1, *_arc(b, rb, b1, b2, tolerance), *_arc(a, ra, a2, a1, tolerance))
