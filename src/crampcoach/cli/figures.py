"""``crampcoach poses`` and ``figure``: the pose library, and figures as SVG or PNG files."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crampcoach.cli.common import EXIT_INVALID, EXIT_OK, error, print_diagnostics, usage_error

if TYPE_CHECKING:  # the commands load the models when they run, not when the CLI starts
    from crampcoach.core.figure.pose import Pose, Side
    from crampcoach.core.routine import Routine

FORMATS = (".svg", ".png")


def cmd_poses(args: argparse.Namespace) -> int:
    from crampcoach.core.figure.library import builtin_poses

    library = builtin_poses()
    print_diagnostics(library.diagnostics)
    poses = library.sorted()
    if args.json:
        print(json.dumps([pose_json(p) for p in poses], indent=2, ensure_ascii=False))
        return EXIT_OK
    width = max((len(p.id) for p in poses), default=2)
    for pose in poses:
        kind = "hold" if len(pose.frames) == 1 else f"{len(pose.frames)} frames"
        print(f"{pose.id:<{width}}  {pose.view:<5}  {kind:<8}  {pose.title}")
    return EXIT_OK


def pose_json(pose: Pose) -> dict[str, object]:
    from crampcoach.core.figure.body import other_side

    muscles: list[str] = []
    for mark in pose.muscles:
        side = mark.side and (other_side(mark.side) if pose.mirrored else mark.side)
        name = f"{side} {mark.muscle}" if side else mark.muscle
        if name not in muscles:
            muscles.append(name)
    return {
        "id": pose.id,
        "title": pose.title,
        "view": pose.view,
        "muscles": muscles,
        "frames": len(pose.frames),
    }


def _size(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of pixels: {text!r}") from None
    if not 16 <= value <= 4096:
        raise argparse.ArgumentTypeError(f"must be from 16 to 4096 pixels, not {value}")
    return value


def cmd_figure(args: argparse.Namespace) -> int:
    from crampcoach.core.figure.library import builtin_poses

    library = builtin_poses()
    pose = library.get(args.target)
    out: Path = args.out
    if pose is not None:
        suffix = out.suffix.lower()
        if suffix not in FORMATS:
            return usage_error(f"--out {out}: name a .svg or .png file")
        _write(pose, args.side, args.size, args.theme, out)
        print(out)
        return EXIT_OK
    return _routine_figures(args, library)


def _routine_figures(args: argparse.Namespace, library: Any) -> int:
    from crampcoach.cli.common import resolve_routine
    from crampcoach.core.resolve import looks_like_path

    if not looks_like_path(args.target) and library.get(args.target) is None:
        known = _known_routine(args.target)
        if not known:
            error(
                f"{args.target!r} is neither a pose nor a routine; {library.unknown(args.target)}"
            )
            return EXIT_INVALID
    entry = resolve_routine(args.target).entry
    if entry is None:
        return EXIT_INVALID
    out: Path = args.out
    if out.suffix.lower() in FORMATS or (out.exists() and not out.is_dir()):
        return usage_error(f"--out {out}: for a routine, name a folder for its figures")
    if args.side is not None:
        return usage_error("--side is for one pose; a routine's steps say their own sides")
    jobs = list(figure_files(entry.routine, args.format))
    if not jobs:
        error(f"{entry.id}: no step has a figure (add 'figure: POSE_ID' to its steps)")
        return EXIT_INVALID
    out.mkdir(parents=True, exist_ok=True)
    for name, pose_id, side in jobs:
        pose = library.get(pose_id)
        if pose is None:  # the routine was validated, so only a broken pose file gets here
            error(f"{entry.id}: {library.unknown(pose_id)}")
            return EXIT_INVALID
        _write(pose, side, args.size, args.theme, out / name)
        print(out / name)
    return EXIT_OK


def _known_routine(ref: str) -> bool:
    from crampcoach.cli.common import library

    return library().get(ref) is not None


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "step"


def figure_files(routine: Routine, fmt: str) -> list[tuple[str, str, Side | None]]:
    """(file name, pose id, side) for every step and side with a figure, in playing order:
    ``03-standing-calf-stretch-left.svg`` (steps numbered from 1, left before right)."""
    from crampcoach.core.routine import MoveStep, StretchStep, TenseStep

    digits = max(2, len(str(len(routine.steps))))
    files: list[tuple[str, str, Side | None]] = []
    for i, step in enumerate(routine.steps, start=1):
        if not isinstance(step, StretchStep | MoveStep | TenseStep) or step.figure is None:
            continue
        if step.image is not None:  # a step's own picture wins
            continue
        for side in step.sides.order():
            tail = f"-{side}" if side else ""
            shown: Side | None = "left" if side == "left" else "right" if side else None
            files.append((f"{i:0{digits}d}-{slug(step.name)}{tail}.{fmt}", step.figure, shown))
    return files


def _write(pose: Pose, side: Side | None, size: int, theme: str, path: Path) -> None:
    from crampcoach.core.figure.geometry import figure
    from crampcoach.core.figure.svg import DARK, LIGHT, to_svg

    svg = to_svg(figure(pose, side, 0.0, float(size)), DARK if theme == "dark" else LIGHT)
    if path.suffix.lower() == ".png":
        from crampcoach.desktop.widgets.figure_image import svg_to_png

        svg_to_png(svg, path)
    else:
        path.write_text(svg, encoding="utf-8")


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser("poses", help="list the poses figures are drawn from")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_poses)

    p = sub.add_parser("figure", help="draw a pose, or every figure of a routine, as SVG or PNG")
    p.add_argument("target", metavar="POSE_ID|ROUTINE", help="a pose id, or a routine id or file")
    p.add_argument("--side", choices=("left", "right"), help="the side to show (a pose)")
    p.add_argument("--size", type=_size, default=400, metavar="PX", help="square size (400)")
    p.add_argument(
        "--format",
        choices=("svg", "png"),
        default="svg",
        help="a routine's files: svg (default) or png; one pose follows --out's extension",
    )
    p.add_argument("--theme", choices=("light", "dark"), default="light", help="colours")
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="PATH",
        help="a .svg or .png file for a pose; a folder for a routine (one file per step and side)",
    )
    p.set_defaults(func=cmd_figure)
