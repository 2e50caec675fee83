"""A pose: joint angles in one or more key frames, what rests on the floor or a prop, the
props, and the muscles to highlight. Loaded from ``assets/poses/*.yaml`` (pose_loader.py).

A sided pose is written for the left side; the right side is its mirror image, computed
(geometry.py), never written twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal

from crampcoach.core.figure.body import View
from crampcoach.core.figure.shapes import Point, Role

POSE_FORMAT: Final = 1
Side = Literal["left", "right"]
Angles = dict[str, float]

# Surfaces a part can rest on, and the height of each horizontal one (fractions of height).
SURFACE_HEIGHT: Final[dict[str, float]] = {
    "floor": 0.0,
    "mat": 0.012,
    "chair": 0.26,
    "step": 0.20,
    "bed": 0.30,
}
SURFACES: Final = (*SURFACE_HEIGHT, "wall")
PROPS: Final = ("wall", "chair", "step", "mat", "bed", "towel", "strap")
STRAPS: Final = ("towel", "strap")
START: Final = -1  # the index of the start frame in ``Contact.frames``
LAYERS: Final = (
    "right-leg",
    "right-arm",
    "torso",
    "left-leg",
    "left-arm",
)  # side view, far to near


@dataclass(frozen=True, slots=True)
class Contact:
    """``part`` rests on a surface, or a hand or ankle holds a point of the body (``on``).

    ``part`` has one name, or several for the support of a movement: the lowest of them
    stands on the surface. ``frames`` limits the contact to some key frames (None: all).
    """

    part: tuple[str, ...]
    on: str
    frames: frozenset[int] | None = None

    def applies(self, frame: int) -> bool:
        return self.frames is None or frame in self.frames


@dataclass(frozen=True, slots=True)
class Strap:
    """A towel or strap looped around the ball of a foot, its ends in the hands."""

    kind: str
    foot: Side


@dataclass(frozen=True, slots=True)
class Highlight:
    muscle: str
    side: Side | None


@dataclass(frozen=True, slots=True)
class Piece:
    """Part of a prop, in body units: a polygon (``width`` 0) or a stroked polyline."""

    role: Role
    part: str
    points: tuple[Point, ...]
    width: float = 0.0


@dataclass(frozen=True, slots=True)
class Extent:
    """The figure's box over every frame, in body units (y up): the layout never jumps."""

    left: float
    bottom: float
    right: float
    top: float


@dataclass(frozen=True, eq=False)
class Pose:
    id: str
    title: str
    view: View
    frames: tuple[Angles, ...]  # key frames, contacts already solved
    support: Contact
    contacts: tuple[Contact, ...] = ()
    start: Angles | None = None  # where the figure eases in from (solved), if anywhere
    props: tuple[str, ...] = ()
    strap: Strap | None = None
    muscles: tuple[Highlight, ...] = ()
    reps_per_cycle: int = 1
    order: tuple[str, ...] = LAYERS  # the side view's paint order, back to front
    sided: bool = False  # its mirror image differs: it works one side more than the other
    mirrored: bool = False  # drawn as the mirror image of what the frames say
    mirror_of: str | None = None
    wall_x: float | None = None
    scenery: tuple[Piece, ...] = ()  # the props, laid out once
    extent: Extent = field(default_factory=lambda: Extent(-0.5, 0.0, 0.5, 1.0))
    path: Path | None = None

    @property
    def is_movement(self) -> bool:
        return len(self.frames) > 1
