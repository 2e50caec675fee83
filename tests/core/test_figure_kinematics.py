"""The figure's body keeps its proportions, stands where the pose says, and mirrors exactly."""

from __future__ import annotations

import math

import pytest

from crampcoach.core.figure import body as B
from crampcoach.core.figure.geometry import figure, pose_at
from crampcoach.core.figure.kinematics import Skeleton
from crampcoach.core.figure.library import builtin_poses
from crampcoach.core.figure.pose import SURFACE_HEIGHT, Pose
from crampcoach.core.figure.shapes import Capsule, Circle, Polygon, Polyline, Role
from crampcoach.core.figure.solve import lowest, solve

POSES = builtin_poses().sorted()
IDS = [p.id for p in POSES]
MOMENTS = [(phase, ease) for phase in (0.0, 0.125, 0.25, 0.4, 0.5, 0.75, 0.9) for ease in (1.0,)]
MOMENTS += [(0.0, 0.0), (0.0, 0.5)]


def solved(pose: Pose, phase: float, ease: float = 1.0) -> tuple[Skeleton, dict[str, float]]:
    angles, contacts = pose_at(pose, phase, ease)
    result = solve(pose.view, angles, pose.support, contacts, pose.wall_x)
    return result.skeleton, result.angles


def dist(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


@pytest.mark.parametrize("pose", POSES, ids=IDS)
def test_segment_lengths_are_kept_in_every_frame(pose: Pose) -> None:
    for phase, ease in MOMENTS:
        sk, a = solved(pose, phase, ease)
        p = sk.pts
        assert dist(p["hip"], p["lumbar"]) == pytest.approx(B.PELVIS)
        assert dist(p["lumbar"], p["neck-base"]) == pytest.approx(B.TRUNK)
        assert dist(p["neck-base"], p["head-base"]) == pytest.approx(B.NECK)
        for s in B.SIDES:
            # A segment turned out of the picture shows length x cos(turn) (body.py).
            for seg, (j0, j1), length in (
                ("upper-arm", ("shoulder", "elbow"), B.UPPER_ARM),
                ("forearm", ("elbow", "wrist"), B.FOREARM),
                ("hand", ("wrist", "hand-end"), B.HAND),
                ("thigh", ("hip", "knee"), B.THIGH),
                ("shin", ("knee", "ankle"), B.SHIN),
            ):
                shown = length * abs(B.turned(a, s, seg))
                assert dist(p[f"{s}-{j0}"], p[f"{s}-{j1}"]) == pytest.approx(shown, abs=1e-9), (
                    f"{pose.id} at {phase}: {s}-{seg}"
                )


def test_a_joint_angle_moves_only_what_hangs_below_it() -> None:
    base = dict.fromkeys(B.angle_names("side"), 0.0)
    bent = {**base, "left-knee": 90.0}
    from crampcoach.core.figure.kinematics import forward

    a, b = forward("side", base), forward("side", bent)
    assert a.pts["left-knee"] == b.pts["left-knee"]
    assert a.pts["right-ankle"] == b.pts["right-ankle"]
    assert dist(b.pts["left-ankle"], b.pts["left-knee"]) == pytest.approx(B.SHIN)
    # A bent knee takes the shin backward: the figure faces +x.
    assert b.pts["left-ankle"][0] < b.pts["left-knee"][0]


@pytest.mark.parametrize("pose", POSES, ids=IDS)
def test_resting_parts_touch_their_surface_in_every_key_frame(pose: Pose) -> None:
    keys = [(i / len(pose.frames), 1.0) for i in range(len(pose.frames))]
    if pose.start is not None:
        keys.append((0.0, 0.0))
    for phase, ease in keys:
        angles, contacts = pose_at(pose, phase, ease)
        result = solve(pose.view, angles, pose.support, contacts, pose.wall_x)
        assert max(result.misses) < 1e-6, (pose.id, phase, ease, result.misses)
        sk = result.skeleton
        surface = SURFACE_HEIGHT[pose.support.on]
        low = min(lowest(sk, part) for part in pose.support.part)
        assert low == pytest.approx(surface, abs=1e-9)


@pytest.mark.parametrize("pose", POSES, ids=IDS)
def test_grounded_feet_touch_the_ground_line_in_the_drawing(pose: Pose) -> None:
    if pose.support.on != "floor" or pose.view != "side":
        return
    for phase, _ in MOMENTS:
        shapes = figure(pose, None, phase, 400.0).shapes
        floor = next(s for s in shapes if isinstance(s, Polyline) and s.role is Role.GROUND)
        ground_y = floor.points[0][1]
        feet = [
            s
            for s in shapes
            if isinstance(s, Capsule)
            and s.role is Role.LIMB
            and s.part.endswith(("-foot", "-toes"))
        ]
        lowest = max(max(c.a[1] + c.ra, c.b[1] + c.rb) for c in feet)
        assert lowest == pytest.approx(ground_y, abs=1e-6), (pose.id, phase)


def _points(shape: object) -> list[tuple[float, float]]:
    if isinstance(shape, Capsule):
        return [shape.a, shape.b]
    if isinstance(shape, Circle):
        return [shape.center]
    assert isinstance(shape, Polygon | Polyline)
    return list(shape.points)


@pytest.mark.parametrize("pose", POSES, ids=IDS)
def test_the_other_side_is_an_exact_mirror_image(pose: Pose) -> None:
    size = 300.0
    for phase, ease in MOMENTS[:4] + MOMENTS[-1:]:
        left = figure(pose, "left", phase, size, ease=ease)
        right = figure(pose, "right", phase, size, ease=ease)
        assert len(left.shapes) == len(right.shapes)
        for a, b in zip(left.shapes, right.shapes, strict=True):
            assert type(a) is type(b)
            assert a.role is b.role
            assert b.part == B.other_side(a.part)
            for (x0, y0), (x1, y1) in zip(_points(a), _points(b), strict=True):
                assert x1 == pytest.approx(size - x0, abs=1e-9)
                assert y1 == pytest.approx(y0, abs=1e-9)
            if isinstance(a, Polygon) and a.side:
                assert b.side == B.other_side(a.side)


def test_a_mirrored_pose_is_its_source_reflected() -> None:
    library = builtin_poses()
    left = figure(library.poses["pmr-left-hand"], None, 0.0, 200.0)
    right = figure(library.poses["pmr-right-hand"], None, 0.0, 200.0)
    assert figure(library.poses["pmr-left-hand"], "right", 0.0, 200.0).shapes == right.shapes
    assert left.side == "left"
    assert right.side == "right"
    assert "right hand and forearm" in right.text


def test_a_movement_cycles_and_a_hold_eases_in_from_its_start() -> None:
    library = builtin_poses()
    walk = library.poses["walking"]
    assert figure(walk, None, 0.0, 100.0).shapes == figure(walk, None, 1.0, 100.0).shapes
    assert figure(walk, None, 0.0, 100.0).shapes != figure(walk, None, 0.5, 100.0).shapes
    calf = library.poses["wall-calf-stretch"]
    assert calf.start is not None
    held = figure(calf, None, 0.0, 100.0).shapes
    assert figure(calf, None, 0.7, 100.0).shapes == held  # a hold has one frame
    assert figure(calf, None, 0.0, 100.0, ease=0.0).shapes != held
    assert figure(calf, None, 0.0, 100.0, ease=1.0).shapes == held


def test_the_words_and_the_figure_agree_on_the_wall_calf_stretch() -> None:
    """Heel down, back knee straight, the back leg the stretched one; bent knee really bent."""
    library = builtin_poses()
    for pose_id, knee in (("wall-calf-stretch", 0.0), ("wall-calf-stretch-bent-knee", 25.0)):
        sk, a = solved(library.poses[pose_id], 0.0)
        back, front = sk.pts["left-ankle"], sk.pts["right-ankle"]
        assert back[0] < front[0] < (library.poses[pose_id].wall_x or 0)  # left leg is behind
        assert sk.pts["left-heel"][1] == pytest.approx(0.0, abs=1e-9)  # heel down
        assert a["left-knee"] > knee if knee else a["left-knee"] == 0.0
        assert {m.muscle for m in library.poses[pose_id].muscles} <= {"gastrocnemius", "soleus"}
