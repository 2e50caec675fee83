"""The muscles a figure can highlight, and where each lies on the body in each view.

A region lies on a limb segment (along it from ``u0`` to ``u1``, 0 at the joint nearer the
trunk, against its front (+1) or back (-1) edge, or across its whole width (0)), on the
torso (``u`` is then the distance along the spine from the hip joints), or on the head
(``u`` is then a band of height, -1 the chin to +1 the crown). For the foot "front" is its
top and "back" its sole; in the front and back views +1 is the outer edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from crampcoach.core.figure.body import View


@dataclass(frozen=True, slots=True)
class Region:
    segment: str  # a limb segment (the muscle's side is added), or e.g. "left-upper-arm"
    u0: float
    u1: float
    edge: float = 0.0
    depth: float = 0.5
    bulge: float = 0.1


@dataclass(frozen=True, slots=True)
class Muscle:
    id: str
    name: str  # as a person would say it
    sided: bool
    regions: dict[View, tuple[Region, ...]]


def _m(id: str, name: str, sided: bool, **views: tuple[Region, ...]) -> Muscle:
    return Muscle(id, name, sided, {view: regions for view, regions in views.items()})  # type: ignore[misc]


R = Region
_CALF = (R("shin", 0.02, 0.85, -1, 0.62, 0.3),)
_BACK_CALF = (R("shin", 0.05, 0.8, 0, bulge=0.12),)
_FOREARM = (R("forearm", 0.05, 1.0), R("hand", -0.1, 1.0))

MUSCLES: Final[dict[str, Muscle]] = {
    m.id: m
    for m in (
        # Stretched muscles.
        _m(
            "gastrocnemius",
            "calf (gastrocnemius)",
            True,
            side=(R("shin", 0.02, 0.6, -1, 0.6, 0.35),),
            back=(R("shin", 0.04, 0.58, 0, bulge=0.15),),
        ),
        _m(
            "soleus",
            "lower calf (soleus)",
            True,
            side=(R("shin", 0.3, 0.9, -1, 0.55, 0.15),),
            back=(R("shin", 0.35, 0.9, 0, bulge=0.05),),
        ),
        _m(
            "hamstrings",
            "back of the thigh (hamstrings)",
            True,
            side=(R("thigh", 0.1, 0.95, -1, 0.55, 0.12),),
            back=(R("thigh", 0.1, 0.95, 0, bulge=0.05),),
        ),
        _m(
            "quadriceps",
            "front of the thigh (quadriceps)",
            True,
            side=(R("thigh", 0.08, 0.92, 1, 0.58, 0.14),),
            front=(R("thigh", 0.08, 0.92, 0, bulge=0.05),),
        ),
        _m(
            "hip-flexors",
            "front of the hip (hip flexors)",
            True,
            side=(R("torso", -0.04, 0.13, 1, 0.5, 0.1), R("thigh", -0.05, 0.38, 1, 0.5, 0.1)),
            front=(R("thigh", -0.08, 0.38, -1, 0.55, 0.08),),
        ),
        _m(
            "glutes",
            "buttock (glutes)",
            True,
            side=(R("torso", -0.075, 0.12, -1, 0.85, 0.08),),
            back=(R("thigh", -0.55, 0.12, 0, bulge=0.25),),
        ),
        _m(
            "adductors",
            "inner thigh (adductors)",
            True,
            front=(R("thigh", 0.02, 0.7, -1, 0.55, 0.1),),
            back=(R("thigh", 0.02, 0.7, -1, 0.55, 0.1),),
        ),
        _m(
            "sole",
            "sole of the foot",
            True,
            side=(R("foot", -0.3, 1.15, -1, 0.8, 0.45), R("toes", -0.1, 1.0, -1, 0.7, 0.3)),
        ),
        _m(
            "shin",
            "front of the shin",
            True,
            side=(R("shin", 0.08, 0.8, 1, 0.5, 0.1),),
            front=(R("shin", 0.08, 0.8, 1, 0.6, 0.08),),
        ),
        # The 16 groups of progressive muscle relaxation.
        _m(
            "hands-forearms",
            "hand and forearm",
            True,
            side=_FOREARM,
            front=_FOREARM,
            back=_FOREARM,
        ),
        _m(
            "upper-arms",
            "upper arm",
            True,
            side=(R("upper-arm", 0.12, 0.95),),
            front=(R("upper-arm", 0.12, 0.95),),
            back=(R("upper-arm", 0.12, 0.95),),
        ),
        _m(
            "forehead",
            "forehead",
            False,
            side=(R("head", 0.3, 1.0, 1),),
            front=(R("head", 0.3, 1.0),),
        ),
        _m(
            "eyes-cheeks",
            "eyes and cheeks",
            False,
            side=(R("head", -0.35, 0.32, 1),),
            front=(R("head", -0.35, 0.32),),
        ),
        _m("jaw", "jaw", False, side=(R("head", -1.0, -0.35, 1),), front=(R("head", -1.0, -0.35),)),
        _m(
            "neck",
            "neck and throat",
            False,
            side=(R("neck", -0.3, 1.2),),
            front=(R("neck", -0.3, 1.2),),
            back=(R("neck", -0.3, 1.2),),
        ),
        _m(
            "shoulders",
            "shoulders",
            False,
            side=(R("left-upper-arm", -0.3, 0.32, 0, bulge=0.2),),
            front=(R("left-upper-arm", -0.3, 0.32), R("right-upper-arm", -0.3, 0.32)),
            back=(R("left-upper-arm", -0.3, 0.32), R("right-upper-arm", -0.3, 0.32)),
        ),
        _m(
            "chest-upper-back",
            "chest and upper back",
            False,
            side=(R("torso", 0.17, 0.3, 1, 0.45, 0.08), R("torso", 0.17, 0.3, -1, 0.45, 0.08)),
            front=(R("torso", 0.17, 0.3, 0),),
            back=(R("torso", 0.17, 0.3, 0),),
        ),
        _m(
            "abdomen",
            "stomach (abdomen)",
            False,
            side=(R("torso", 0.0, 0.19, 1, 0.45, 0.12),),
            front=(R("torso", -0.02, 0.19, 0, bulge=-0.3),),
        ),
        _m(
            "thighs",
            "thigh",
            True,
            side=(R("thigh", 0.05, 0.95, 0, bulge=0.05),),
            front=(R("thigh", 0.05, 0.95, 0, bulge=0.05),),
            back=(R("thigh", 0.05, 0.95, 0, bulge=0.05),),
        ),
        _m("calves", "calf", True, side=_CALF, front=_BACK_CALF, back=_BACK_CALF),
        _m(
            "feet",
            "foot",
            True,
            side=(R("foot", -0.3, 1.3, 0, bulge=0.1), R("toes", 0.0, 1.1, 0, bulge=0.1)),
            front=(R("foot", -0.6, 1.6, 0, bulge=0.4),),
            back=(R("foot", -0.6, 1.6, 0, bulge=0.4),),
        ),
    )
}
PMR_GROUPS: Final = (
    "hands-forearms",
    "upper-arms",
    "forehead",
    "eyes-cheeks",
    "jaw",
    "neck",
    "shoulders",
    "chest-upper-back",
    "abdomen",
    "thighs",
    "calves",
    "feet",
)
