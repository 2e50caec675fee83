"""The body the figures are drawn from: segments in natural proportion, their joints, and
the names poses use for joint angles and for the parts that touch the ground or a prop.

Lengths are fractions of standing height (the floor is 0, the top of the head 1), after
Winter's anthropometric table (Biomechanics and Motor Control of Human Movement, 4th ed.,
2009, fig. 4.1): hip joint 0.530, knee 0.285, ankle 0.039, shoulder 0.818, elbow 0.630,
wrist 0.485, fingertip 0.377, foot length 0.152, shoulder width 0.259, hip width 0.191.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Final, Literal

View = Literal["side", "front", "back"]
VIEWS: Final = ("side", "front", "back")
SIDES: Final = ("left", "right")

# Segment lengths.
PELVIS: Final = 0.10  # hip joint to the lumbar spine
TRUNK: Final = 0.19  # lumbar spine to the base of the neck
NECK: Final = 0.055
HEAD_R: Final = 0.062
HEAD_UP: Final = 0.05  # from the top of the neck to the centre of the head
UPPER_ARM: Final = 0.188
FOREARM: Final = 0.145
HAND: Final = 0.10
GRIP: Final = 0.055  # from the wrist to where the hand holds something
THIGH: Final = 0.245
SHIN: Final = 0.246
ANKLE_H: Final = 0.039  # ankle above the sole
HEEL_BACK: Final = 0.040  # heel behind the ankle
BALL_FORWARD: Final = 0.080  # ball of the foot in front of the ankle
TOES: Final = 0.036
SHOULDER_DROP: Final = 0.03  # shoulder joint below the base of the neck
SHOULDER_HALF: Final = 0.112  # front view: shoulder joint from the midline
HIP_HALF: Final = 0.048  # front view: hip joint from the midline

# Half-widths (radii) at the near and far end of each segment.
RADII: Final[dict[str, tuple[float, float]]] = {
    "pelvis": (0.062, 0.058),
    "trunk": (0.058, 0.062),
    "neck": (0.028, 0.028),
    "upper-arm": (0.030, 0.024),
    "forearm": (0.024, 0.018),
    "hand": (0.017, 0.014),
    "thigh": (0.050, 0.036),
    "shin": (0.036, 0.022),
    "foot": (0.020, 0.018),
    "toes": (0.016, 0.011),
}
FRONT_RADII: Final[dict[str, tuple[float, float]]] = {
    **RADII,
    "thigh": (0.056, 0.036),
    "shin": (0.036, 0.024),
    "foot": (0.024, 0.022),
}

SEGMENTS: Final = (
    "head",
    "neck",
    "trunk",
    "pelvis",
    "upper-arm",
    "forearm",
    "hand",
    "thigh",
    "shin",
    "foot",
    "toes",
)
LIMB_SEGMENTS: Final = ("upper-arm", "forearm", "hand", "thigh", "shin", "foot", "toes")

# Joint angles in degrees. Side view (the figure faces forward, seen from its side):
#   lean       the pelvis and trunk tilt forward (+) or back (-) from upright; -90 lies on the back
#   spine      the back rounds forward (+) above the pelvis
#   neck       the chin drops toward the chest (+)
#   shoulder   the arm swings forward and up (+; 90 points it forward, 180 overhead) or back (-)
#   elbow      bends (+); wrist bends the hand forward/up (+) or back (-)
#   hip        the thigh swings forward (+) or back (-)
#   knee       bends (+); 0 is a straight knee
#   ankle      toes up toward the shin (+) or pointed (-); toes bend up (+) or curl (-)
# Front and back views (the figure faces the viewer, or faces away):
#   lean and neck tilt toward the figure's left (+); shoulder and hip lift the limb out to the
#   side (+) or across the body (-); elbow, knee, wrist and ankle bend outward (+).
ANGLE_RANGES: Final[dict[str, tuple[float, float]]] = {
    "lean": (-120, 120),
    "spine": (-30, 90),
    "neck": (-60, 80),
    "shoulder": (-70, 180),
    "elbow": (0, 150),
    "wrist": (-90, 90),
    "hip": (-40, 140),
    "knee": (0, 160),
    "ankle": (-60, 45),
    "toes": (-45, 90),
}
FRONT_RANGES: Final[dict[str, tuple[float, float]]] = {
    "lean": (-45, 45),
    "neck": (-45, 45),
    "shoulder": (-30, 180),
    "elbow": (-30, 150),
    "wrist": (-90, 90),
    "hip": (-40, 80),
    "knee": (-20, 40),
    "ankle": (-30, 45),
}
# A limb segment turned out of the picture (toward or away from the viewer) by this many
# degrees is drawn shorter, length x cos(turn): ``left-thigh-turn: 60``. Past 90 it points
# back the other way in the picture, as a shin crossing the body does.
TURN_SEGMENTS: Final = ("upper-arm", "forearm", "hand", "thigh", "shin", "foot")
TURN_RANGE: Final = (0.0, 170.0)
_BODY_ANGLES: Final = ("lean", "spine", "neck")


def angle_names(view: View) -> tuple[str, ...]:
    """Every joint angle a frame may set in ``view``, e.g. ``left-knee``."""
    ranges = ANGLE_RANGES if view == "side" else FRONT_RANGES
    limbs = [j for j in ranges if j not in _BODY_ANGLES]
    body = [j for j in _BODY_ANGLES if j in ranges]
    turns = (f"{side}-{seg}-turn" for side in SIDES for seg in TURN_SEGMENTS)
    return (*body, *(f"{side}-{j}" for side in SIDES for j in limbs), *turns)


def angle_range(view: View, name: str) -> tuple[float, float]:
    if name.endswith("-turn"):
        return TURN_RANGE
    ranges = ANGLE_RANGES if view == "side" else FRONT_RANGES
    return ranges[name.split("-", 1)[1] if name.startswith(SIDES) else name]


def turned(a: Mapping[str, float], side: str, segment: str) -> float:
    """How much of ``segment``'s length shows in the picture (1 unless it is turned)."""
    turn = a.get(f"{side}-{segment}-turn", 0.0)
    return math.cos(math.radians(turn)) if turn else 1.0


# Parts that can rest on the floor or a prop. Per side: the whole sole (the foot lies flat),
# the heel, the ball of the foot, the tips of the toes, the front of the knee, the palm
# (the hand lies flat), the hand's grip. Unsided: what one sits on, the back (the sacrum),
# the shoulder blades, and the back of the head.
LIMB_PARTS: Final = ("sole", "heel", "ball", "toes", "knee", "palm", "hand")
BODY_PARTS: Final = ("seat", "back", "shoulders", "head")
# Points a hand can hold, or an ankle rest on (per side).
HOLD_TARGETS: Final = (
    "thigh-front",
    "thigh-back",
    "knee",
    "shin",
    "ankle",
    "heel",
    "ball",
    "toes",
)
HOLDERS: Final = ("hand", "ankle")


def contact_parts() -> tuple[str, ...]:
    return (*BODY_PARTS, *(f"{s}-{p}" for s in SIDES for p in LIMB_PARTS))


def holder_parts() -> tuple[str, ...]:
    return tuple(f"{s}-{p}" for s in SIDES for p in HOLDERS)


def hold_targets() -> tuple[str, ...]:
    return tuple(f"{s}-{p}" for s in SIDES for p in HOLD_TARGETS)


def other_side(name: str) -> str:
    """``left-knee`` <-> ``right-knee``, ``left`` <-> ``right``; other names stay as they are."""
    for side, other in (("left", "right"), ("right", "left")):
        if name == side or name.startswith(side + "-"):
            return other + name[len(side) :]
    return name
