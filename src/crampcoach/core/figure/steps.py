"""The figure of a routine's step: the pose its ``figure`` names, unless the step brings its
own picture (``image`` wins when both are given)."""

from __future__ import annotations

from crampcoach.core.figure.library import builtin_poses
from crampcoach.core.figure.pose import Pose
from crampcoach.core.routine import MoveStep, Routine, Step, StretchStep, TenseStep

FIGURE_STEPS = (StretchStep, MoveStep, TenseStep)


def pose_for(step: Step) -> Pose | None:
    if not isinstance(step, FIGURE_STEPS) or step.image:
        return None
    pose_id: str | None = getattr(step, "figure", None)
    return builtin_poses().get(pose_id) if pose_id else None


def first_pose(routine: Routine) -> Pose | None:
    """The routine's first figure: what its card shows."""
    return next((p for p in map(pose_for, routine.steps) if p is not None), None)
