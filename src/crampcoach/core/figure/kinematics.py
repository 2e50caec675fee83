"""Forward kinematics: joint angles to the positions of the joints, in body units with y up
and the floor at 0; and the solver that puts the parts marked as resting on the floor or a
prop exactly there.

In the side view the figure faces +x and its left limbs are nearest the viewer; in the
front view it faces the viewer, its left side at +x. (geometry.py mirrors both as needed.)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from crampcoach.core.figure import body as B
from crampcoach.core.figure.body import View

Point = tuple[float, float]
_RAD = math.pi / 180


@dataclass(slots=True)
class Skeleton:
    """Named points (y up) and each segment's absolute direction (radians from +x)."""

    view: View
    pts: dict[str, Point]
    dirs: dict[str, float]


def _at(p: Point, angle: float, length: float) -> Point:
    return (p[0] + length * math.cos(angle), p[1] + length * math.sin(angle))


def forward(view: View, a: Mapping[str, float], root: Point = (0.0, 0.0)) -> Skeleton:
    return _side(a, root) if view == "side" else _front(a, root, view)


class _Names:
    """One side's point, angle and segment names, made once (not per frame)."""

    def __init__(self, s: str) -> None:
        n = [f"{s}-{j}" for j in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle", "toes")]
        self.angles = n
        self.turns = [f"{s}-{seg}-turn" for seg in B.TURN_SEGMENTS]
        self.points = [
            f"{s}-{j}"
            for j in (
                "shoulder",
                "elbow",
                "wrist",
                "hand-end",
                "grip",
                "hip",
                "knee",
                "ankle",
                "heel",
                "ball",
                "heel-c",
                "ball-c",
                "toe-c",
                "toes",
            )
        ]
        self.segments = [
            f"{s}-{seg}"
            for seg in ("upper-arm", "forearm", "hand", "thigh", "shin", "foot", "toes")
        ]


_NAMES = {s: _Names(s) for s in B.SIDES}


def _shown(a: Mapping[str, float], name: str) -> float:
    turn = a.get(name, 0.0)
    return math.cos(turn * _RAD) if turn else 1.0


def _side(a: Mapping[str, float], hip: Point) -> Skeleton:
    get = a.get
    cos, sin, half = math.cos, math.sin, math.pi / 2
    tp = (90 - get("lean", 0.0)) * _RAD
    tt = tp - get("spine", 0.0) * _RAD
    tn = tt - get("neck", 0.0) * _RAD
    lumbar = _at(hip, tp, B.PELVIS)
    c7 = _at(lumbar, tt, B.TRUNK)
    head_base = _at(c7, tn, B.NECK)
    head = _at(_at(head_base, tn, B.HEAD_UP - 0.008), tn - half, 0.012)
    shoulder = _at(c7, tt, -B.SHOULDER_DROP)
    pts = {"hip": hip, "lumbar": lumbar, "neck-base": c7, "head-base": head_base, "head": head}
    dirs = {"pelvis": tp, "trunk": tt, "neck": tn}
    r_heel, r_ball = B.RADII["foot"]
    r_toe = B.RADII["toes"][1]
    down = B.ANKLE_H
    for s in B.SIDES:
        names = _NAMES[s]
        a_sh, a_el, a_wr, a_hip, a_knee, a_ank, a_toes = (get(n, 0.0) * _RAD for n in names.angles)
        k_ua, k_fa, k_hand, k_thigh, k_shin, k_foot = (_shown(a, n) for n in names.turns)
        ua = tt - math.pi + a_sh
        fa = ua + a_el
        hd = fa + a_wr
        elbow = _at(shoulder, ua, B.UPPER_ARM * k_ua)
        wrist = _at(elbow, fa, B.FOREARM * k_fa)
        th = tp - math.pi + a_hip
        sh = th - a_knee
        ft = sh + half + a_ank
        to = ft + a_toes
        knee = _at(hip, th, B.THIGH * k_thigh)
        ankle = _at(knee, sh, B.SHIN * k_shin)
        cf, sf = cos(ft), sin(ft)
        cx, cy, ux, uy = k_foot * cf, k_foot * sf, -sf, cf
        heel = (ankle[0] - B.HEEL_BACK * cx - down * ux, ankle[1] - B.HEEL_BACK * cy - down * uy)
        ball = (
            ankle[0] + B.BALL_FORWARD * cx - down * ux,
            ankle[1] + B.BALL_FORWARD * cy - down * uy,
        )
        ball_c = (ball[0] + r_ball * ux, ball[1] + r_ball * uy)
        toe_c = _at(ball_c, to, B.TOES * k_foot)
        values = (
            shoulder,
            elbow,
            wrist,
            _at(wrist, hd, B.HAND * k_hand),
            _at(wrist, hd, B.GRIP * k_hand),
            hip,
            knee,
            ankle,
            heel,
            ball,
            (heel[0] + r_heel * ux, heel[1] + r_heel * uy),
            ball_c,
            toe_c,
            _at(toe_c, to - half, r_toe),
        )
        pts.update(zip(names.points, values, strict=True))
        dirs.update(zip(names.segments, (ua, fa, hd, th, sh, ft, to), strict=True))
    return Skeleton("side", pts, dirs)


def translate(sk: Skeleton, dx: float, dy: float) -> Skeleton:
    """The same skeleton moved by (dx, dy)."""
    pts = {name: (p[0] + dx, p[1] + dy) for name, p in sk.pts.items()}
    return Skeleton(sk.view, pts, sk.dirs)


def _front(a: Mapping[str, float], mid: Point, view: View) -> Skeleton:
    get = a.get
    tp = (90 - get("lean", 0.0)) * _RAD
    tn = tp - get("neck", 0.0) * _RAD
    lumbar = _at(mid, tp, B.PELVIS)
    c7 = _at(lumbar, tp, B.TRUNK)
    head_base = _at(c7, tn, B.NECK)
    head = _at(head_base, tn, B.HEAD_UP)
    pts = {"hip": mid, "lumbar": lumbar, "neck-base": c7, "head-base": head_base, "head": head}
    dirs = {"pelvis": tp, "trunk": tp, "neck": tn}
    lateral = tp - math.pi / 2  # toward the figure's left
    for s, sign in (("left", 1.0), ("right", -1.0)):
        shoulder = _at(_at(c7, tp, -B.SHOULDER_DROP), lateral, sign * B.SHOULDER_HALF)
        ua = tp - math.pi + sign * get(f"{s}-shoulder", 0.0) * _RAD
        fa = ua + sign * get(f"{s}-elbow", 0.0) * _RAD
        hd = fa + sign * get(f"{s}-wrist", 0.0) * _RAD
        elbow = _at(shoulder, ua, B.UPPER_ARM * B.turned(a, s, "upper-arm"))
        wrist = _at(elbow, fa, B.FOREARM * B.turned(a, s, "forearm"))
        hand = B.turned(a, s, "hand")
        hip = _at(mid, lateral, sign * B.HIP_HALF)
        th = tp - math.pi + sign * get(f"{s}-hip", 0.0) * _RAD
        sh = th + sign * get(f"{s}-knee", 0.0) * _RAD
        ft = sh + sign * get(f"{s}-ankle", 0.0) * _RAD
        knee = _at(hip, th, B.THIGH * B.turned(a, s, "thigh"))
        ankle = _at(knee, sh, B.SHIN * B.turned(a, s, "shin"))
        r_foot = B.FRONT_RADII["foot"][0]
        centre = _at(ankle, ft, B.ANKLE_H - r_foot)
        out = ft + sign * math.pi / 2  # away from the midline
        pts.update(
            {
                f"{s}-shoulder": shoulder,
                f"{s}-elbow": elbow,
                f"{s}-wrist": wrist,
                f"{s}-hand-end": _at(wrist, hd, B.HAND * hand),
                f"{s}-grip": _at(wrist, hd, B.GRIP * hand),
                f"{s}-hip": hip,
                f"{s}-knee": knee,
                f"{s}-ankle": ankle,
                f"{s}-heel-c": _at(centre, out, -0.010),
                f"{s}-ball-c": _at(centre, out, 0.018),
            }
        )
        pts[f"{s}-heel"] = pts[f"{s}-ball"] = _at(centre, ft, r_foot)
        dirs.update(
            {
                f"{s}-upper-arm": ua,
                f"{s}-forearm": fa,
                f"{s}-hand": hd,
                f"{s}-thigh": th,
                f"{s}-shin": sh,
                f"{s}-foot": ft,
            }
        )
    return Skeleton(view, pts, dirs)
