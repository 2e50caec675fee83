"""Which figure the player shows, and how far into its movement, at a moment of a session.

Everything follows the session's clock-derived position, so a paused session's figure is
frozen and a moving one never drifts from the count: during get-ready the figure eases
into the pose (on the side about to be worked); a held stretch holds it; a switch of sides
eases into the mirror image; a ``move`` step's key frames run once per repetition at its
tempo; a ``tense`` step's muscle group is highlighted and fades during the release.
"""

from __future__ import annotations

from dataclasses import dataclass

from crampcoach.core.figure.pose import Pose, Side
from crampcoach.core.figure.steps import pose_for
from crampcoach.core.routine import MoveStep, Routine, TenseStep
from crampcoach.core.timeline import Phase
from crampcoach.desktop.widgets.figure_view import FigureView


@dataclass(frozen=True)
class FigureState:
    pose: Pose
    side: Side | None
    phase: float  # 0-1 through the movement's cycle
    ease: float  # 0-1 eased in from the start position
    highlight: float  # 1: the muscle highlighted; fading towards 0 during a release


def figure_state(routine: Routine, phase: Phase, position: float) -> FigureState | None:
    """What the figure shows at ``position`` seconds, inside ``phase``."""
    step = routine.steps[phase.step]
    pose = pose_for(step)
    if pose is None:
        return None
    side: Side | None = phase.side if phase.side in ("left", "right") else None  # type: ignore[assignment]
    progress = (
        0.0 if phase.end <= phase.start else (position - phase.start) / (phase.end - phase.start)
    )
    progress = min(1.0, max(0.0, progress))
    if isinstance(step, TenseStep):  # a PMR pose's "ease" is the tension itself
        if phase.kind == "tense":
            return FigureState(pose, side, 0.0, _smooth(min(1.0, progress * 4)), 1.0)
        if phase.kind == "relax":  # let go, and the highlight fades with it
            return FigureState(pose, side, 0.0, 1.0 - _smooth(progress), 1.0 - progress)
        return FigureState(pose, side, 0.0, 0.0, 1.0)
    if phase.kind in ("prepare", "switch"):
        return FigureState(pose, side, 0.0, _smooth(progress), 1.0)
    if phase.kind == "move" and isinstance(step, MoveStep):
        # one cycle of key frames per repetition (two for alternating legs)
        cycle = ((position - phase.start) / (step.tempo * pose.reps_per_cycle)) % 1.0
        return FigureState(pose, side, cycle, 1.0, 1.0)
    return FigureState(pose, side, 0.0, 1.0, 1.0)


def _smooth(t: float) -> float:
    """Ease in and out: the figure settles into the pose rather than sliding at one speed."""
    return t * t * (3 - 2 * t)


def show_figure(view: FigureView, routine: Routine, phase: Phase, position: float) -> None:
    """Point ``view`` at the figure for this moment, or hide it (breathing, rest, words)."""
    state = figure_state(routine, phase, position)
    view.setVisible(state is not None)
    if state is not None:
        view.show_pose(
            state.pose, state.side, phase=state.phase, ease=state.ease, highlight=state.highlight
        )
