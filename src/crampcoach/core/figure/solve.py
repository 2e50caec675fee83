"""Put the parts a pose says are resting on the floor or a prop exactly there.

The support (the first contact) places the whole figure. Each further contact turns one
limb about its root (the hip or the shoulder), keeping the limb's own bends: a straight
knee stays straight, a bent knee stays bent; a sole or palm is then laid flat. A hand that
holds a part of the body, or an ankle resting on a knee, bends its elbow or knee to reach.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from crampcoach.core.figure import body as B
from crampcoach.core.figure.body import View
from crampcoach.core.figure.kinematics import Point, Skeleton, forward, translate
from crampcoach.core.figure.pose import SURFACE_HEIGHT, Contact

_RAD = math.pi / 180
_HALF = math.pi / 2
_HAND_R = sum(B.RADII["hand"]) / 2


@dataclass(slots=True)
class Solved:
    angles: dict[str, float]
    skeleton: Skeleton
    wall_x: float | None
    misses: list[float]  # how far each contact is from where it should be (support first)


def _sided(part: str) -> tuple[str, str]:
    side, _, kind = part.partition("-")
    return (side, kind) if side in B.SIDES else ("", part)


def rounded(sk: Skeleton, part: str) -> tuple[Point, float] | None:
    """The round end a part rests with (centre, radius), for parts drawn as one."""
    side, kind = _sided(part)
    p = sk.pts
    if sk.view != "side":
        if kind in ("sole", "heel", "ball", "toes"):
            return p[f"{side}-heel"], 0.0
        return None
    if kind in ("heel", "ball"):
        return p[f"{part}-c"], B.RADII["foot"][0 if kind == "heel" else 1]
    if kind == "toes":
        return p[f"{side}-toe-c"], B.RADII["toes"][1]
    if kind == "knee":
        return p[part], B.RADII["shin"][0]
    if kind == "hand":
        return p[f"{side}-grip"], _HAND_R
    if kind == "palm":
        return _lerp(p[f"{side}-wrist"], p[f"{side}-hand-end"], 0.45), _HAND_R
    if part == "head":
        return p["head"], B.HEAD_R
    return None


def part_point(sk: Skeleton, part: str, toward: float = -_HALF) -> Point:
    """Where ``part`` touches a surface lying in direction ``toward`` (down by default),
    or where a hold target is."""
    p, d = sk.pts, sk.dirs
    side, kind = _sided(part)
    round_end = rounded(sk, part) if kind not in ("ankle",) else None
    if round_end is not None:
        return _off(round_end[0], toward, round_end[1])
    if kind == "sole" or (sk.view != "side" and kind in ("heel", "ball", "toes")):
        if sk.view != "side":
            return p[f"{side}-heel"]
        h, b = p[f"{side}-heel"], p[f"{side}-ball"]
        return ((h[0] + b[0]) / 2, (h[1] + b[1]) / 2)
    if kind == "ankle":
        return p[part]
    if kind in ("thigh-front", "thigh-back"):
        r = B.RADII["thigh"][0] * 0.45 + B.RADII["thigh"][1] * 0.55
        sign = 1 if kind == "thigh-front" else -1
        at = _lerp(p[f"{side}-hip"], p[f"{side}-knee"], 0.6)
        return _off(at, d[f"{side}-thigh"] + sign * _HALF, r)
    if kind == "shin":
        at = _lerp(p[f"{side}-knee"], p[f"{side}-ankle"], 0.45)
        return _off(at, d[f"{side}-shin"] + _HALF, sum(B.RADII["shin"]) / 2)
    back = d["pelvis"] + _HALF
    if part == "seat":
        return _off(_off(p["hip"], d["pelvis"], -0.055), back, 0.012)
    if part == "back":
        return _off(_off(p["hip"], d["pelvis"], 0.02), back, B.RADII["pelvis"][0])
    return _off(_off(p["neck-base"], d["trunk"], -0.05), d["trunk"] + _HALF, B.RADII["pelvis"][0])


def target_point(sk: Skeleton, target: str) -> Point:
    """A point of the body a hand holds: on the surface of the limb there."""
    side, kind = _sided(target)
    if kind in ("heel", "ball", "toes", "knee"):
        centre, radius = rounded(sk, target) or (sk.pts[target], 0.0)
        if kind == "knee":
            return _off(centre, sk.dirs[f"{side}-shin"] + _HALF, radius)
        return centre
    return part_point(sk, target)


def _off(p: Point, angle: float, length: float) -> Point:
    return (p[0] + length * math.cos(angle), p[1] + length * math.sin(angle))


def _lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def _wrap(angle: float) -> float:
    return (angle + math.pi) % math.tau - math.pi


def solve(
    view: View,
    angles: Mapping[str, float],
    support: Contact,
    contacts: Sequence[Contact],
    wall_x: float | None = None,
) -> Solved:
    """The figure with ``support`` and every one of ``contacts`` in place."""
    a = dict(angles)
    sk = _place(view, a, support)
    locked = {part for part in support.part if part.endswith("-knee")}
    for contact in contacts:
        part = contact.part[0]
        if contact.on in SURFACE_HEIGHT or contact.on == "wall":
            if contact.on == "wall" and wall_x is None:  # the first hand on the wall places it
                if part.endswith("-palm") and view == "side":
                    shoulder = sk.pts[part.replace("palm", "shoulder")]
                    ahead = part_point(sk, part)[0] >= shoulder[0]
                    _lay_flat(a, sk, part, 0.0 if ahead else math.pi)
                    sk = forward(view, a, sk.pts["hip"])
                toward = 0.0 if part_point(sk, part)[0] >= sk.pts["hip"][0] else math.pi
                wall_x = part_point(sk, part, toward)[0]
                continue
            sk = _rest(view, a, sk, part, contact.on, wall_x, locked)
        else:
            sk = _reach(view, a, sk, part, contact.on)
    misses = [0.0] + [_miss(sk, c, wall_x) for c in contacts]
    return Solved(a, sk, wall_x, misses)


def _place(view: View, a: dict[str, float], support: Contact) -> Skeleton:
    height = SURFACE_HEIGHT[support.on]
    if len(support.part) == 1:
        part = support.part[0]
        if part.endswith(("-sole", "-palm")) and view == "side":
            _lay_flat(a, forward(view, a), part, -_HALF)
        sk = forward(view, a)
        x, y = part_point(sk, part)
        return translate(sk, -x, height - y)
    sk = forward(view, a)
    low = min(lowest(sk, part) for part in support.part)
    return translate(sk, 0.0, height - low)


def lowest(sk: Skeleton, part: str) -> float:
    """How high the lowest point of ``part`` is (a sole: its heel, ball or toes)."""
    side, kind = _sided(part)
    if kind == "sole" and sk.view == "side":
        ends = (rounded(sk, f"{side}-{k}") for k in ("heel", "ball", "toes"))
        return min(c[1] - r for c, r in (end for end in ends if end is not None))
    return part_point(sk, part)[1]


def lowest_point(sk: Skeleton) -> tuple[str, float]:
    """The body's lowest point (what it is, its height), so a check can see nothing sinks."""
    found: list[tuple[str, float]] = []
    for part in _ENDS:
        end = rounded(sk, part)
        if end is not None:
            found.append((part, end[0][1] - end[1]))
    if sk.view == "side":
        found += [(part, part_point(sk, part)[1]) for part in ("seat", "back", "shoulders")]
    return min(found, key=lambda item: item[1])


_ENDS = (
    *(f"{s}-{k}" for s in B.SIDES for k in ("heel", "ball", "toes", "knee", "hand")),
    "head",
)


def _lay_flat(a: dict[str, float], sk: Skeleton, part: str, toward: float) -> None:
    """Lay the sole (palm) flat on a surface lying in direction ``toward`` from the body.

    The sole faces a quarter turn clockwise from the foot's direction; a hand lies flat
    with its fingers either way (the picture does not show which side is the palm)."""
    side, kind = _sided(part)
    seg, joint = ("foot", "ankle") if kind == "sole" else ("hand", "wrist")
    now = sk.dirs[f"{side}-{seg}"]
    turn = _wrap(toward + _HALF - now)
    if kind == "palm" and abs(turn) > _HALF:
        turn = _wrap(turn + math.pi)
    a[f"{side}-{joint}"] += turn / _RAD


def _pivot(part: str, locked: set[str]) -> tuple[str, str, float] | None:
    """(pivot point, angle turned, sign) for moving ``part``; None when nothing can move it."""
    side, kind = _sided(part)
    if kind in ("sole", "heel", "ball", "toes", "knee"):
        if f"{side}-knee" in locked and kind != "knee":
            return f"{side}-knee", f"{side}-knee", -1.0
        return f"{side}-hip", f"{side}-hip", 1.0
    if kind in ("palm", "hand"):
        return f"{side}-shoulder", f"{side}-shoulder", 1.0
    if part == "head":
        return "neck-base", "neck", -1.0
    return None


def _rest(
    view: View,
    a: dict[str, float],
    sk: Skeleton,
    part: str,
    on: str,
    wall_x: float | None,
    locked: set[str],
) -> Skeleton:
    pivot = _pivot(part, locked)
    side, kind = _sided(part)
    if kind == "knee":
        locked.add(part)
    if pivot is None or view != "side":
        return sk
    centre = sk.pts[pivot[0]]
    horizontal = on != "wall"
    round_end = rounded(sk, part)
    if kind in ("sole", "palm"):  # the ankle (wrist) stands off a flat sole (palm) by a constant
        q = sk.pts[f"{side}-ankle" if kind == "sole" else f"{side}-wrist"]
        gap = B.ANKLE_H if kind == "sole" else _HAND_R
    elif round_end is not None:  # a round end rests at its radius, whichever way it turns
        q, gap = round_end
    else:
        q, gap = part_point(sk, part), 0.0
    if horizontal:
        line = SURFACE_HEIGHT[on] + gap
    else:
        assert wall_x is not None
        line = wall_x - math.copysign(gap, wall_x - centre[0])
    turn, reached = _turn(centre, q, line, horizontal)
    if not reached and kind in ("palm", "hand"):  # an arm may bend or straighten to reach
        goal = (centre[0], line) if horizontal else (line, centre[1])  # the nearest spot
        if kind == "hand":
            wrist = sk.pts[f"{side}-wrist"]
            goal = (goal[0] + wrist[0] - q[0], goal[1] + wrist[1] - q[1])
        _arm_to(a, sk, side, goal, grip=False)
    else:
        a[pivot[1]] += pivot[2] * turn / _RAD
    sk = forward(view, a, sk.pts["hip"])
    if kind in ("sole", "palm"):
        toward = -_HALF if horizontal else (0.0 if line >= centre[0] else math.pi)
        _lay_flat(a, sk, part, toward)
        sk = forward(view, a, sk.pts["hip"])
    elif kind == "ball" and horizontal:  # up on the ball of the foot: the toes lie flat
        a[f"{side}-toes"] += _wrap(-sk.dirs[f"{side}-toes"]) / _RAD
        sk = forward(view, a, sk.pts["hip"])
    return sk


def _turn(centre: Point, q: Point, line: float, horizontal: bool) -> tuple[float, bool]:
    """The smallest turn of ``q`` about ``centre`` that puts it on the line (or nearest),
    and whether it gets there."""
    dx, dy = q[0] - centre[0], q[1] - centre[1]
    radius = math.hypot(dx, dy)
    if radius < 1e-9:
        return 0.0, False
    now = math.atan2(dy, dx)
    k = ((line - centre[1]) if horizontal else (line - centre[0])) / radius
    reached = abs(k) <= 1.0
    k = max(-1.0, min(1.0, k))
    if horizontal:
        options = (math.asin(k), math.pi - math.asin(k))
    else:
        options = (math.acos(k), -math.acos(k))
    return min((_wrap(o - now) for o in options), key=abs), reached


def hold_point(sk: Skeleton, holder: str, target: str) -> Point:
    """Where ``holder`` must be: on the target (a hand), or resting on it (an ankle)."""
    point = target_point(sk, target)
    if holder.endswith("-ankle") and not target.endswith(("-ankle", "-heel", "-ball", "-toes")):
        side, kind = _sided(target)
        seg = "shin" if kind in ("knee", "shin") else "thigh"
        sign = -1 if kind == "thigh-back" else 1
        point = _off(point, sk.dirs[f"{side}-{seg}"] + sign * _HALF, B.RADII["shin"][1])
    return point


def _reach(view: View, a: dict[str, float], sk: Skeleton, holder: str, target: str) -> Skeleton:
    if view != "side":
        return sk
    side, kind = _sided(holder)
    goal = hold_point(sk, holder, target)
    if kind == "hand":  # forearm and hand, at the wrist's bend, reach as one link
        _arm_to(a, sk, side, goal, grip=True)
    else:
        _leg_to(a, sk, side, goal)
    return forward(view, a, sk.pts["hip"])


def _leg_to(a: dict[str, float], sk: Skeleton, side: str, goal: Point) -> None:
    """Bend the hip and knee so the ankle is at ``goal``: of the two ways, the one whose
    knee bends within range, nearest the bend the pose asks for."""
    c1, c2 = B.turned(a, side, "thigh"), B.turned(a, side, "shin")
    low, high = B.ANGLE_RANGES["knee"]
    best: tuple[float, float, float] | None = None
    for sign in (-1.0, 1.0):
        first, bend = _two_links(
            sk.pts[f"{side}-hip"], goal, B.THIGH * abs(c1), B.SHIN * abs(c2), sign
        )
        thigh = first + (math.pi if c1 < 0 else 0.0)  # a segment turned past square points back
        shin = first + sign * bend + (math.pi if c2 < 0 else 0.0)
        knee = _wrap(thigh - shin) / _RAD
        miss = 0.0 if low <= knee <= high else 1000.0
        score = miss + abs(knee - a[f"{side}-knee"])
        if best is None or score < best[0]:
            best = (score, _wrap(thigh - sk.dirs["pelvis"] + math.pi) / _RAD, knee)
    assert best is not None
    a[f"{side}-hip"], a[f"{side}-knee"] = best[1], best[2]


def _arm_to(a: dict[str, float], sk: Skeleton, side: str, goal: Point, *, grip: bool) -> None:
    """Bend the shoulder and elbow so the grip (or the wrist) is at ``goal``."""
    w = a[f"{side}-wrist"] * _RAD
    forearm = B.FOREARM * B.turned(a, side, "forearm")
    hand = B.GRIP * B.turned(a, side, "hand") if grip else 0.0
    x, y = forearm + hand * math.cos(w), hand * math.sin(w)
    upper = B.UPPER_ARM * B.turned(a, side, "upper-arm")
    first, bend = _two_links(sk.pts[f"{side}-shoulder"], goal, upper, math.hypot(x, y), 1.0)
    a[f"{side}-shoulder"] = _wrap(first - sk.dirs["trunk"] + math.pi) / _RAD
    a[f"{side}-elbow"] = (bend - math.atan2(y, x)) / _RAD


def _two_links(base: Point, goal: Point, l1: float, l2: float, sign: float) -> tuple[float, float]:
    """(direction of the first link, bend of the second) so the chain ends at ``goal``."""
    dx, dy = goal[0] - base[0], goal[1] - base[1]
    d = max(abs(l1 - l2) + 1e-6, min(l1 + l2 - 1e-9, math.hypot(dx, dy)))
    inner = math.acos(max(-1.0, min(1.0, (l1 * l1 + l2 * l2 - d * d) / (2 * l1 * l2))))
    at_base = math.acos(max(-1.0, min(1.0, (l1 * l1 + d * d - l2 * l2) / (2 * l1 * d))))
    return math.atan2(dy, dx) - sign * at_base, math.pi - inner


def _miss(sk: Skeleton, contact: Contact, wall_x: float | None) -> float:
    part = contact.part[0]
    if contact.on in SURFACE_HEIGHT:
        return abs(part_point(sk, part)[1] - SURFACE_HEIGHT[contact.on])
    if contact.on == "wall":
        wall = wall_x or 0.0
        toward = 0.0 if wall >= sk.pts["hip"][0] else math.pi
        return abs(part_point(sk, part, toward)[0] - wall)
    here = sk.pts[part.replace("-hand", "-grip")]
    there = hold_point(sk, part, contact.on)
    return math.hypot(here[0] - there[0], here[1] - there[1])
