"""One pose, one side, one moment, one size -> the shapes a painter draws (shapes.py).

``figure(pose, side, phase, size, ease=...)`` is pure and fast (a fraction of a millisecond):
the desktop paints its result with QPainter, ``svg.py`` writes it as SVG, and both look the
same because neither decides anything. The layout is fixed per pose (its box over every
frame), so a moving figure never jumps or changes scale.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from crampcoach.core.figure import body as B
from crampcoach.core.figure import torso
from crampcoach.core.figure.kinematics import Point, Skeleton
from crampcoach.core.figure.muscles import MUSCLES, Region
from crampcoach.core.figure.pose import START, Contact, Highlight, Pose, Side
from crampcoach.core.figure.shapes import Capsule, Circle, Polygon, Polyline, Role, Shape
from crampcoach.core.figure.solve import solve

MARGIN = 0.05  # of the size, on every side
_HALF = math.pi / 2


@dataclass(frozen=True, slots=True)
class Figure:
    """The shapes in paint order, and what they show in words (for screen readers)."""

    size: float
    shapes: tuple[Shape, ...]
    title: str
    side: Side | None
    muscles: tuple[str, ...]  # e.g. "left calf (gastrocnemius)"
    text: str


def figure(
    pose: Pose,
    side: Side | None = None,
    phase: float = 0.0,
    size: float = 400.0,
    *,
    ease: float = 1.0,
) -> Figure:
    """``pose`` as done on ``side`` (None: as written), ``phase`` (0-1) of the way through
    its movement cycle, eased in from its start position by ``ease`` (0-1), in a square of
    ``size`` pixels."""
    angles, contacts = pose_at(pose, phase, ease)
    solved = solve(pose.view, angles, pose.support, contacts, pose.wall_x)
    mirror = (side or own_side(pose)) == "right"  # frames are written for the left side
    flip = (pose.view != "front") != mirror
    shapes = _Builder(pose, solved.skeleton, size, flip, mirror).build()
    shown, muscles = describe(pose, side)
    return Figure(size, tuple(shapes), pose.title, shown, muscles, alt_text(pose, shown, muscles))


def own_side(pose: Pose) -> Side:
    return "right" if pose.mirrored else "left"


def is_sided(pose: Pose) -> bool:
    """Whether the pose works one side more than the other (its mirror image differs)."""
    return pose.sided


def describe(pose: Pose, side: Side | None) -> tuple[Side | None, tuple[str, ...]]:
    """The side shown (None for a pose that works both alike) and the muscles in words."""
    mirror = (side or own_side(pose)) == "right"
    shown: Side | None = (side or own_side(pose)) if is_sided(pose) else None
    names: list[str] = []
    marks = {(m.muscle, m.side) for m in pose.muscles}
    for mark in pose.muscles:
        name = MUSCLES[mark.muscle].name
        if mark.side is not None:
            both = (mark.muscle, B.other_side(mark.side)) in marks
            where = B.other_side(mark.side) if mirror else mark.side
            name = f"left and right {name}" if both else f"{where} {name}"
        if name not in names:
            names.append(name)
    return shown, tuple(names)


def alt_text(pose: Pose, side: Side | None, muscles: tuple[str, ...]) -> str:
    text = pose.title + (f", {side} side" if side else "")
    return text + (f". Highlighted: {', '.join(muscles)}." if muscles else ".")


def pose_at(pose: Pose, phase: float, ease: float = 1.0) -> tuple[dict[str, float], list[Contact]]:
    """The joint angles at ``phase`` of the cycle and ``ease`` into the pose, and the
    contacts that hold there (those of both key frames around it)."""
    frames = pose.frames
    if len(frames) == 1:
        angles, here = dict(frames[0]), (0, 0)
    else:
        x = (phase % 1.0) * len(frames)
        i = min(int(x), len(frames) - 1)
        j = (i + 1) % len(frames)
        f = _smooth(x - i)
        angles = _lerp(frames[i], frames[j], f) if f > 0 else dict(frames[i])
        here = (i, j) if f > 0 else (i, i)
    frame_ids = set(here)
    if pose.start is not None and ease < 1.0:
        e = _smooth(max(0.0, ease))
        angles = _lerp(pose.start, angles, e)
        frame_ids = {START} if e == 0 else {*frame_ids, START}
    contacts = [c for c in pose.contacts if all(c.applies(f) for f in frame_ids)]
    return angles, contacts


def _smooth(t: float) -> float:
    return t * t * (3 - 2 * t)


def _lerp(a: dict[str, float], b: dict[str, float], t: float) -> dict[str, float]:
    return {k: v + (b[k] - v) * t for k, v in a.items()}


class _Builder:
    def __init__(self, pose: Pose, sk: Skeleton, size: float, flip: bool, mirror: bool) -> None:
        self.pose, self.sk, self.size, self.mirror = pose, sk, size, mirror
        ext = pose.extent
        self.scale = size * (1 - 2 * MARGIN) / max(ext.right - ext.left, ext.top - ext.bottom)
        s = self.scale
        ox = size / 2 - s * (ext.left + ext.right) / 2
        oy = size / 2 + s * (ext.bottom + ext.top) / 2
        self.oy, self.flip = oy, flip
        if flip:
            self.tf: Callable[[Point], Point] = lambda p: (size - ox - s * p[0], oy - s * p[1])
        else:
            self.tf = lambda p: (ox + s * p[0], oy - s * p[1])
        self.outline = max(1.0, size * 0.007)
        self.shapes: list[Shape] = []
        self.radii = B.RADII if pose.view == "side" else B.FRONT_RADII

    def label(self, name: str) -> str:
        return B.other_side(name) if self.mirror else name

    def build(self) -> list[Shape]:
        pose, size = self.pose, self.size
        for piece in pose.scenery:
            points = tuple(self.tf(p) for p in piece.points)
            if piece.width > 0:
                self.shapes.append(
                    Polyline(points, piece.width * self.scale, piece.role, piece.part)
                )
            else:
                self.shapes.append(Polygon(points, piece.role, piece.part))
        ends = (size * 0.02, size * 0.98) if not self.flip else (size * 0.98, size * 0.02)
        floor = ((ends[0], self.oy), (ends[1], self.oy))
        self.shapes.insert(0, Polyline(floor, max(1.0, size * 0.006), Role.GROUND, "floor"))
        marks = self._regions()
        if pose.view == "side":
            order = [*pose.order]
            order.insert(len(order) - 1, "strap")  # under the nearest layer (the hand on it)
        else:
            order = ["left-leg", "right-leg", "torso", "left-arm", "right-arm"]
        for layer in order:
            if layer == "strap":
                self._strap()
            else:
                self._layer(layer, marks.get(layer, []))
        return self.shapes

    # -- body -----------------------------------------------------------------------
    def _layer(self, layer: str, marks: list[tuple[Highlight, Region]]) -> None:
        far = self.pose.view == "side" and layer.startswith("right")
        parts = self._torso() if layer == "torso" else self._limb(layer)
        for role in (Role.OUTLINE, None):
            for part in parts:
                self.shapes.append(self._dress(part, role, far))
        for mark, region in marks:
            self.shapes.append(self._highlight(mark, region, far))
        if layer == "torso":
            self._features()

    def _dress(self, shape: Shape, role: Role | None, far: bool) -> Shape:
        stroke = 2 * self.outline if role is Role.OUTLINE else 0.0
        if isinstance(shape, Capsule):
            return Capsule(
                shape.a, shape.b, shape.ra, shape.rb, role or shape.role, shape.part, far, stroke
            )
        if isinstance(shape, Circle):
            return Circle(shape.center, shape.radius, role or shape.role, shape.part, far, stroke)
        assert isinstance(shape, Polygon)
        return Polygon(shape.points, role or shape.role, shape.part, far, stroke)

    def _capsule(self, segment: str, a: str, b: str) -> Capsule:
        ra, rb = self.radii[segment.split("-", 1)[1]]
        p = self.sk.pts
        s = self.scale
        return Capsule(self.tf(p[a]), self.tf(p[b]), ra * s, rb * s, Role.LIMB, self.label(segment))

    def _limb(self, layer: str) -> list[Shape]:
        side, kind = layer.split("-")
        segs = _ARM if kind == "arm" else (_LEG if self.pose.view == "side" else _LEG[:3])
        return [self._capsule(f"{side}-{seg}", f"{side}-{a}", f"{side}-{b}") for seg, a, b in segs]

    def _torso(self) -> list[Shape]:
        p, s = self.sk.pts, self.scale
        body = Polygon(tuple(self.tf(q) for q in torso.outline(self.sk)), Role.LIMB, "torso")
        neck_r = self.radii["neck"][0] * s
        neck = Capsule(
            self.tf(p["neck-base"]), self.tf(p["head-base"]), neck_r, neck_r, Role.LIMB, "neck"
        )
        head = Circle(self.tf(p["head"]), B.HEAD_R * s, Role.HEAD, "head")
        shapes: list[Shape] = [body, neck, head]
        if self.pose.view == "side":
            nose = _off(_off(p["head"], self._up(), -0.008), self._up() - _HALF, B.HEAD_R - 0.003)
            shapes.append(Circle(self.tf(nose), 0.013 * s, Role.HEAD, "head"))
        return shapes

    def _up(self) -> float:
        return self.sk.dirs["neck"]

    def _features(self) -> None:
        p, s, up = self.sk.pts, self.scale, self._up()
        head = p["head"]
        if self.pose.view == "side":
            eye = _off(_off(head, up, 0.014), up - _HALF, 0.03)
            self.shapes.append(Circle(self.tf(eye), 0.0065 * s, Role.FEATURE, "head"))
        elif self.pose.view == "front":
            for sign in (1, -1):
                eye = _off(_off(head, up, 0.01), up - _HALF, sign * 0.022)
                self.shapes.append(Circle(self.tf(eye), 0.0065 * s, Role.FEATURE, "head"))
        else:  # seen from behind: hair over the back of the head
            r = B.HEAD_R * 1.02
            arc = [_off(head, up + math.radians(a), r) for a in range(-110, 111, 10)]
            hair = (*arc, _off(head, up, -0.2 * r))
            self.shapes.append(Polygon(tuple(self.tf(q) for q in hair), Role.FEATURE, "head"))

    def _strap(self) -> None:
        strap = self.pose.strap
        if strap is None:
            return
        p, foot = self.sk.pts, strap.foot
        sole = self.sk.dirs[f"{foot}-foot"] - _HALF
        loop = _off(_off(p[f"{foot}-ball"], sole, 0.012), self.sk.dirs[f"{foot}-foot"], 0.01)
        points = (self.tf(p["right-grip"]), self.tf(loop), self.tf(p["left-grip"]))
        width = (0.026 if strap.kind == "towel" else 0.014) * self.scale
        self.shapes.append(Polyline(points, width, Role.PROP, strap.kind))

    # -- highlights -----------------------------------------------------------------
    def _regions(self) -> dict[str, list[tuple[Highlight, Region]]]:
        layers: dict[str, list[tuple[Highlight, Region]]] = {}
        for mark in self.pose.muscles:
            for region in MUSCLES[mark.muscle].regions.get(self.pose.view, ()):
                seg = region.segment
                if seg in B.LIMB_SEGMENTS:
                    seg = f"{mark.side}-{seg}"
                if seg.startswith(B.SIDES):
                    side, kind = seg.split("-", 1)
                    layer = f"{side}-{'arm' if kind in _ARM_SEGMENTS else 'leg'}"
                else:
                    layer = "torso"
                layers.setdefault(layer, []).append((mark, Region(seg, *_rest(region))))
        return layers

    def _highlight(self, mark: Highlight, region: Region, far: bool) -> Polygon:
        seg = region.segment
        if seg == "torso":
            edge = region.edge if self.pose.view == "side" else 0.0
            points = torso.band(self.sk, region.u0, region.u1, edge, region.depth, region.bulge)
        elif seg == "head":
            points = self._head_band(region)
        else:
            points = self._lens(seg, region)
        side = self.label(mark.side) if mark.side else None
        return Polygon(
            tuple(self.tf(q) for q in points),
            Role.HIGHLIGHT,
            self.label(seg),
            far,
            0.0,
            mark.muscle,
            side,
        )

    def _lens(self, seg: str, region: Region) -> list[Point]:
        pts = self.sk.pts
        if seg == "neck":
            side, kind, (a, b) = "", seg, (pts["neck-base"], pts["head-base"])
        else:
            side, kind = seg.split("-", 1)
            a, b = (pts[f"{side}-{j}"] for j in _ENDS[kind])
        r0, r1 = self.radii[kind]
        angle = math.atan2(b[1] - a[1], b[0] - a[0])
        if self.pose.view == "side":
            n = angle + _HALF
        else:
            n = angle + (_HALF if side == "left" else -_HALF)
        nx, ny = math.cos(n), math.sin(n)
        outer: list[Point] = []
        inner: list[Point] = []
        steps = 8
        for i in range(steps + 1):
            t = i / steps
            u = region.u0 + (region.u1 - region.u0) * t
            cx, cy = a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u
            r = r0 + (r1 - r0) * min(1.0, max(0.0, u))
            swell = math.sin(math.pi * t)
            if region.edge == 0:
                k_out = r * swell**0.4 * (1 + region.bulge * swell)
                k_in = -k_out
            else:
                k_out = region.edge * r * (1 + region.bulge * swell)
                k_in = region.edge * r * (1 - 2 * region.depth * swell)
            outer.append((cx + nx * k_out, cy + ny * k_out))
            inner.append((cx + nx * k_in, cy + ny * k_in))
        return outer + inner[::-1]

    def _head_band(self, region: Region) -> list[Point]:
        head, up = self.sk.pts["head"], self._up()
        fwd = up - _HALF
        r = B.HEAD_R
        lo, hi = math.asin(region.u0), math.asin(region.u1)
        arc = [lo + (hi - lo) * i / 10 for i in range(11)]
        outer = [(math.cos(t), math.sin(t)) for t in arc]
        inner = [(0.25 * c if region.edge else -c, s) for c, s in reversed(outer)]
        cu, su, cf, sf = math.cos(up), math.sin(up), math.cos(fwd), math.sin(fwd)
        return [
            (head[0] + r * (x * cf + y * cu), head[1] + r * (x * sf + y * su))
            for x, y in outer + inner
        ]


def _rest(region: Region) -> tuple[float, float, float, float, float]:
    return region.u0, region.u1, region.edge, region.depth, region.bulge


def _off(p: Point, angle: float, length: float) -> Point:
    return (p[0] + length * math.cos(angle), p[1] + length * math.sin(angle))


_ARM = (
    ("upper-arm", "shoulder", "elbow"),
    ("forearm", "elbow", "wrist"),
    ("hand", "wrist", "hand-end"),
)
_LEG = (
    ("thigh", "hip", "knee"),
    ("shin", "knee", "ankle"),
    ("foot", "heel-c", "ball-c"),
    ("toes", "ball-c", "toe-c"),
)
_ARM_SEGMENTS = {seg for seg, _, _ in _ARM}
_ENDS = {seg: (a, b) for seg, a, b in (*_ARM, *_LEG)}
