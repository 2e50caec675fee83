"""The scenery of a pose: the wall, chair, step, mat or bed, placed where the figure
touches them. Props do not move during a pose, so they are laid out once, when it loads.
Body units, y up, the floor at 0 (kinematics.py); the figure faces +x in the side view.
"""

from __future__ import annotations

from crampcoach.core.figure.pose import SURFACE_HEIGHT, Extent, Piece
from crampcoach.core.figure.shapes import Point, Role

WALL_TOP = 1.12
WALL_THICK = 0.05


def _box(part: str, x0: float, y0: float, x1: float, y1: float, role: Role = Role.PROP) -> Piece:
    return Piece(role, part, ((x0, y0), (x1, y0), (x1, y1), (x0, y1)))


def _line(part: str, width: float, *points: Point) -> Piece:
    return Piece(Role.PROP, part, tuple(points), width)


def scenery(
    props: tuple[str, ...],
    view: str,
    body: Extent,
    touches: dict[str, Point],
    wall_x: float | None,
    facing: float,
) -> list[Piece]:
    """``touches``: where the figure first touches each prop (frame 0); ``facing``: +1 when
    the wall is in front of the figure (+x), -1 when behind it."""
    pieces: list[Piece] = []
    for prop in props:
        if prop == "wall":
            if view == "side" and wall_x is not None:
                far = wall_x + facing * WALL_THICK
                pieces.append(_box("wall", min(wall_x, far), 0.0, max(wall_x, far), WALL_TOP))
            else:
                left, right = body.left - 0.12, body.right + 0.12
                pieces.append(_box("wall", left, 0.0, right, WALL_TOP, Role.BACKDROP))
        elif prop == "mat":
            top = SURFACE_HEIGHT["mat"]
            pieces.append(_box("mat", body.left - 0.05, 0.0, body.right + 0.05, top))
        elif prop == "step":
            x = touches.get("step", (0.0, 0.0))[0]
            pieces.append(_box("step", x - 0.11, 0.0, x + 0.11, SURFACE_HEIGHT["step"]))
        elif prop == "chair":
            pieces += _chair(touches.get("chair", (0.0, 0.0))[0], "seat" in touches)
        elif prop == "bed":
            pieces += _bed(body)
    return pieces


def _chair(x: float, sat_on: bool) -> list[Piece]:
    top = SURFACE_HEIGHT["chair"]
    back = -1.0 if sat_on else 1.0  # the backrest is behind whoever sits on it
    x0, x1 = (x - 0.15, x + 0.11) if sat_on else (x - 0.13, x + 0.13)
    post = x0 + 0.01 if back < 0 else x1 - 0.01
    leg_front = x1 - 0.015 if back < 0 else x0 + 0.015
    w = 0.018
    return [
        _line("chair", w, (post, top), (post, 0.0)),
        _line("chair", w, (leg_front, top), (leg_front, 0.0)),
        _line("chair", w, (post, top), (post - back * 0.012, top + 0.27)),
        _box("chair", x0, top - 0.03, x1, top),
        _box(
            "chair",
            min(post, post - back * 0.04),
            top + 0.13,
            max(post, post - back * 0.04),
            top + 0.27,
        ),
    ]


def _bed(body: Extent) -> list[Piece]:
    top = SURFACE_HEIGHT["bed"]
    x0, x1 = body.left - 0.06, body.right + 0.05
    w = 0.022
    return [
        _line("bed", w, (x0 + 0.02, 0.16), (x0 + 0.02, 0.0)),
        _line("bed", w, (x1 - 0.02, 0.16), (x1 - 0.02, 0.0)),
        _box("bed", x0 - 0.035, 0.0, x0, top + 0.30),
        _box("bed", x0, 0.15, x1, top - 0.075),
        _box("bed", x0, top - 0.075, x1, top),
    ]


def extent_of(pieces: list[Piece], body: Extent) -> Extent:
    xs = [body.left, body.right] + [p[0] for piece in pieces for p in piece.points]
    ys = [body.bottom, body.top] + [p[1] for piece in pieces for p in piece.points]
    return Extent(min(xs), min(ys), max(xs), max(ys))
