"""The pose library: every pose in a folder, solved and checked, indexed by id.

Routine validation needs only the ids (one file per pose, named after its id), so it reads
the folder's file names and never parses a pose; the figures load when first drawn.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

from crampcoach.core.diagnostics import Diagnostic
from crampcoach.core.figure import body as B
from crampcoach.core.figure.contact_checks import suggest
from crampcoach.core.figure.geometry import pose_at
from crampcoach.core.figure.kinematics import Point, Skeleton
from crampcoach.core.figure.pose import START, SURFACE_HEIGHT, Contact, Extent, Pose
from crampcoach.core.figure.pose_loader import Draft, PoseFile, read_pose_file
from crampcoach.core.figure.props import extent_of, scenery
from crampcoach.core.figure.solve import lowest_point, part_point, solve
from crampcoach.core.resources import assets_dir
from crampcoach.core.routine_errors import Report

TOLERANCE = 0.003  # of height: about 5 mm on a person 1.7 m tall
CM = 170.0  # centimetres per unit of height, for messages
_PAD = 0.075


@dataclass
class PoseLibrary:
    poses: dict[str, Pose] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def get(self, pose_id: str) -> Pose | None:
        return self.poses.get(pose_id)

    def sorted(self) -> list[Pose]:
        return sorted(self.poses.values(), key=lambda p: p.id)

    def unknown(self, pose_id: str) -> str:
        """'no pose 'x' (did you mean 'y'?)'."""
        return f"no pose {pose_id!r}{suggest(pose_id, self.poses)}"


def builtin_poses_dir() -> Path:
    return assets_dir() / "poses"


def pose_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("."))


@functools.lru_cache(maxsize=8)
def pose_ids(folder: Path | None = None) -> frozenset[str]:
    """The ids of the poses in ``folder`` (the built-ins by default), from file names."""
    return frozenset(p.stem for p in pose_files(folder or builtin_poses_dir()))


@functools.lru_cache(maxsize=1)
def builtin_poses() -> PoseLibrary:
    return load_poses(builtin_poses_dir())


def load_poses(folder: Path) -> PoseLibrary:
    """Every pose in ``folder``; a pose with errors is left out and its errors listed."""
    library = PoseLibrary()
    files = [read_pose_file(path) for path in pose_files(folder)]
    for file in files:
        if file.draft is not None and file.draft.mirror is None:
            pose = finish(file)
            if pose is not None:
                library.poses[pose.id] = pose
    for file in files:
        draft = file.draft
        if draft is not None and draft.mirror is not None:
            source = library.poses.get(draft.mirror)
            if source is None or source.mirrored:
                known = [f.path.stem for f in files if f.draft and not f.draft.mirror]
                hint = suggest(draft.mirror, known)
                file.report.error(f"mirror: no pose {draft.mirror!r}{hint}", ("mirror",))
            else:
                library.poses[draft.id] = replace(
                    source,
                    id=draft.id,
                    title=draft.title,
                    mirrored=True,
                    mirror_of=source.id,
                    path=file.path,
                )
        library.diagnostics.extend(sorted(file.diagnostics, key=lambda d: (d.line, d.column)))
    return library


def finish(file: PoseFile) -> Pose | None:
    """Solve every key frame's contacts, check the body can do it, and lay out the props."""
    draft = file.draft
    assert draft is not None
    report = file.report
    frames: list[dict[str, float]] = []
    start: dict[str, float] | None = None
    wall_x: float | None = None
    touches: dict[str, Point] = {}
    points: list[Point] = []
    facing = 1.0
    keys = [*range(len(draft.frames)), *((START,) if draft.start is not None else ())]
    for index in keys:
        angles = draft.start if index == START else draft.frames[index]
        assert angles is not None
        active = [c for c in draft.contacts if c.applies(index)]
        solved = solve(draft.view, angles, draft.support, active, wall_x)
        wall_x = solved.wall_x
        _check(draft, report, index, active, solved.misses, solved.angles)
        sk = solved.skeleton
        _check_sinking(draft, report, index, sk)
        points += sk.pts.values()
        if index == 0:
            facing = 1.0 if wall_x is None or wall_x >= sk.pts["hip"][0] else -1.0
            for contact in (draft.support, *active):
                if contact.on in ("chair", "step") and contact.on not in touches:
                    touches[contact.on] = part_point(sk, contact.part[0])
                    if contact.part[0] == "seat":
                        touches["seat"] = touches[contact.on]
        if index == START:
            start = solved.angles
        else:
            frames.append(solved.angles)
    if any(d.is_error for d in report.items):
        return None
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    body = Extent(min(xs) - _PAD, max(0.0, min(ys) - _PAD), max(xs) + _PAD, max(ys) + _PAD)
    pieces = scenery(draft.props, draft.view, body, touches, wall_x, facing)
    pose = Pose(
        id=draft.id,
        title=draft.title,
        view=draft.view,
        frames=tuple(frames),
        support=draft.support,
        contacts=draft.contacts,
        start=start,
        props=draft.props,
        strap=draft.strap,
        muscles=draft.muscles,
        reps_per_cycle=draft.reps_per_cycle,
        order=draft.order,
        sided=_sided(draft),
        wall_x=wall_x,
        scenery=tuple(pieces),
        extent=extent_of(pieces, Extent(body.left, 0.0, body.right, body.top)),
        path=file.path,
    )
    _check_between(pose, report)
    return None if any(d.is_error for d in report.items) else pose


def _sided(draft: Draft) -> bool:
    """Whether the mirror image differs: highlights, strap or movement favour one side."""
    marks = {(m.muscle, m.side) for m in draft.muscles}
    if marks != {(m, B.other_side(s) if s else None) for m, s in marks} or draft.strap:
        return True

    def key(angles: dict[str, float]) -> tuple[tuple[str, float], ...]:
        return tuple(sorted((n, round(v, 3)) for n, v in angles.items()))

    frames = {key(f) for f in draft.frames}
    swapped = {key({B.other_side(n): v for n, v in f.items()}) for f in draft.frames}
    return frames != swapped


def _check_between(pose: Pose, report: Report) -> None:
    """Nothing sinks on the way from one key frame to the next, either."""
    on = pose.support.on if pose.support.on in ("bed", "mat") else "floor"
    steps = 4 * len(pose.frames) if pose.is_movement else 0
    moments = [(i / steps, 1.0) for i in range(steps)] if steps else []
    moments += [(0.0, e / 4) for e in range(1, 4)] if pose.start is not None else []
    for phase, ease in moments:
        angles, contacts = pose_at(pose, phase, ease)
        sk = solve(pose.view, angles, pose.support, contacts, pose.wall_x).skeleton
        part, height = lowest_point(sk)
        if SURFACE_HEIGHT[on] - height > TOLERANCE:
            frame = int(phase * len(pose.frames)) + 1
            between = f"between frame {frame} and the next" if ease == 1.0 else "easing in"
            report.error(
                f"frames: {between}, the {part} sinks "
                f"{(SURFACE_HEIGHT[on] - height) * CM:.0f} cm into the {on}; add a key frame "
                "that lifts it",
                ("frames",),
                key=True,
            )
            return


def _check_sinking(draft: Draft, report: Report, index: int, sk: Skeleton) -> None:
    """Nothing goes through the floor, nor through the bed or mat the figure lies on."""
    on = draft.support.on if draft.support.on in ("bed", "mat") else "floor"
    part, height = lowest_point(sk)
    below = SURFACE_HEIGHT[on] - height
    if below > TOLERANCE:
        frame = "the start position" if index == START else f"frame {index + 1}"
        where = ("start",) if index == START else ("frames", index)
        report.error(f"{frame}: the {part} sinks {below * CM:.0f} cm into the {on}", where)


def _check(
    draft: Draft,
    report: Report,
    index: int,
    active: list[Contact],
    misses: list[float],
    angles: dict[str, float],
) -> None:
    frame = "the start position" if index == START else f"frame {index + 1}"
    where = ("start",) if index == START else ("frames", index)
    for contact, miss in zip(active, misses[1:], strict=True):
        if miss > TOLERANCE:
            i = draft.contacts.index(contact)
            c = draft.contacts[i]
            report.error(
                f"contact {i + 1}: {c.part[0]} cannot reach {c.on} in {frame} "
                f"({miss * CM:.0f} cm away); change the angles so it can",
                draft.contact_at[i],
            )
    for name, value in angles.items():
        low, high = B.angle_range(draft.view, name)
        if not low - 0.5 <= value <= high + 0.5 and not math.isclose(value, 0.0):
            report.error(
                f"{frame}: to rest as the contacts say, {name} would be {value:.0f} degrees, "
                f"outside {low:g} to {high:g}",
                where,
            )
