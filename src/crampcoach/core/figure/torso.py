"""The torso's outline: a width profile along the spine, from below the hip joints (the
buttocks) to the base of the neck, bending where the spine bends.

Side view: widths to the front and to the back (buttocks, belly, chest). Front and back
views: half-widths to each side (hips, waist, chest, shoulders).
"""

from __future__ import annotations

import math
from bisect import bisect_right

from crampcoach.core.figure import body as B
from crampcoach.core.figure.kinematics import Point, Skeleton

TOP = B.PELVIS + B.TRUNK
# (distance along the spine from the hip joints, width to the front, width to the back)
_SIDE = (
    (-0.075, 0.000, 0.030),
    (-0.055, 0.030, 0.062),
    (-0.020, 0.048, 0.076),
    (0.040, 0.052, 0.070),
    (0.100, 0.058, 0.054),
    (0.160, 0.058, 0.050),
    (0.230, 0.066, 0.058),
    (0.270, 0.058, 0.056),
    (0.295, 0.040, 0.044),
    (0.310, 0.026, 0.028),
)
# (distance along the spine, half-width)
_FRONT = (
    (-0.080, 0.020),
    (-0.070, 0.060),
    (-0.030, 0.092),
    (0.020, 0.098),
    (0.110, 0.082),
    (0.170, 0.086),
    (0.230, 0.100),
    (0.270, 0.108),
    (0.290, 0.092),
    (0.305, 0.050),
    (0.312, 0.028),
)
_SIDE_AT = [row[0] for row in _SIDE]
_FRONT_AT = [row[0] for row in _FRONT]
BOTTOM = _SIDE[0][0]


def _axis(sk: Skeleton, s: float) -> tuple[Point, float]:
    """A point on the spine ``s`` from the hip joints, and the spine's direction there."""
    tp, tt = sk.dirs["pelvis"], sk.dirs["trunk"]
    if s <= B.PELVIS:
        hip = sk.pts["hip"]
        centre = (hip[0] + s * math.cos(tp), hip[1] + s * math.sin(tp))
    else:
        lumbar = sk.pts["lumbar"]
        t = s - B.PELVIS
        centre = (lumbar[0] + t * math.cos(tt), lumbar[1] + t * math.sin(tt))
    blend = min(1.0, max(0.0, (s - B.PELVIS + 0.04) / 0.08))
    return centre, tp + (tt - tp) * blend


def _widths(view_side: bool, s: float) -> tuple[float, float]:
    table, at = (_SIDE, _SIDE_AT) if view_side else (_FRONT, _FRONT_AT)
    i = max(1, min(len(table) - 1, bisect_right(at, s)))
    (s0, *w0), (s1, *w1) = table[i - 1], table[i]
    t = min(1.0, max(0.0, (s - s0) / (s1 - s0)))
    a = w0[0] + (w1[0] - w0[0]) * t
    b = (w0[1] + (w1[1] - w0[1]) * t) if view_side else a
    return a, b


def edge(sk: Skeleton, s: float, side: float, frac: float = 1.0) -> Point:
    """The torso's edge ``s`` along the spine: ``side`` +1 front (front view: the figure's
    left), -1 back (right), scaled by ``frac`` (0 is the spine itself)."""
    centre, angle = _axis(sk, s)
    front, back = _widths(sk.view == "side", s)
    width = (front if side > 0 else back) * frac
    # Side view: the front is a quarter turn clockwise from the spine's upward direction.
    # Front view: the figure's left is a quarter turn clockwise too.
    n = angle - math.pi / 2
    sign = 1.0 if side > 0 else -1.0
    return (centre[0] + sign * width * math.cos(n), centre[1] + sign * width * math.sin(n))


def outline(sk: Skeleton) -> list[Point]:
    side = sk.view == "side"
    rows = _SIDE if side else _FRONT
    up: list[Point] = []
    down: list[Point] = []
    for row in rows:  # the table's own stations: no interpolation needed
        s, front, back = row[0], row[1], row[-1]
        centre, angle = _axis(sk, s)
        nx, ny = math.cos(angle - math.pi / 2), math.sin(angle - math.pi / 2)
        up.append((centre[0] + front * nx, centre[1] + front * ny))
        down.append((centre[0] - back * nx, centre[1] - back * ny))
    return up + down[::-1]


def band(
    sk: Skeleton, s0: float, s1: float, side: float, depth: float, bulge: float, n: int = 12
) -> list[Point]:
    """A muscle region from ``s0`` to ``s1`` along the spine: against the ``side`` edge
    (+1 front, -1 back) reaching ``depth`` of the way across, or the full width (side 0)."""
    outer: list[Point] = []
    inner: list[Point] = []
    for i in range(n + 1):
        t = i / n
        s = s0 + (s1 - s0) * t
        swell = math.sin(math.pi * t)
        if side == 0:  # a rounded patch inside the outline
            k = 0.88 * swell**0.5 * (1 + bulge * swell)
            outer.append(edge(sk, s, 1.0, k))
            inner.append(edge(sk, s, -1.0, k))
        else:
            outer.append(edge(sk, s, side, 1 + bulge * swell))
            inner.append(edge(sk, s, side, 1 - 2 * depth * swell))
    return outer + inner[::-1]
