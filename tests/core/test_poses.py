"""The pose library: every built-in pose loads, every built-in step has a figure, and a
mistake in a pose file or a routine's ``figure:`` is reported at its line and column."""

from __future__ import annotations

import importlib.util
import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from crampcoach.core.figure.body import VIEWS
from crampcoach.core.figure.library import builtin_poses, load_poses, pose_ids
from crampcoach.core.figure.muscles import MUSCLES, PMR_GROUPS
from crampcoach.core.loader import load_routine_file
from tests.fakes import BUILTIN_ROUTINES, REPO

WriteRoutine = Callable[..., Path]
FIGURE_STEPS = ("stretch", "move", "tense")


def test_every_builtin_pose_loads_without_a_problem() -> None:
    library = builtin_poses()
    assert [d.format() for d in library.diagnostics] == []
    files = sorted((REPO / "assets" / "poses").glob("*.yaml"))
    assert sorted(library.poses) == sorted(f.stem for f in files)
    assert pose_ids() == frozenset(library.poses)
    for pose in library.poses.values():
        assert pose.view in VIEWS
        assert pose.title
        assert pose.frames


def test_the_body_has_every_muscle_group_the_routines_name() -> None:
    for muscle in (
        "gastrocnemius",
        "soleus",
        "hamstrings",
        "quadriceps",
        "hip-flexors",
        "glutes",
        "adductors",
        "sole",
        "shin",
        *PMR_GROUPS,
    ):
        assert muscle in MUSCLES
    assert len(PMR_GROUPS) == 12  # with left and right of the limbs: Bernstein's 16 groups


def _map() -> dict[tuple[str, str], str]:
    spec = importlib.util.spec_from_file_location(
        "figure_map", REPO / "scripts" / "apply_figure_map.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    text = (REPO / "docs" / "figure-map.md").read_text(encoding="utf-8")
    rows: dict[tuple[str, str], str] = module.figure_map(text)
    return rows


def test_every_builtin_step_that_moves_has_a_figure() -> None:
    """Its own ``figure:``, or a row of docs/figure-map.md (until the map is applied)."""
    rows = _map()
    ids = pose_ids()
    assert {pose for pose in rows.values()} <= ids
    missing = []
    for path in sorted(BUILTIN_ROUTINES.glob("*.yaml")):
        routine = load_routine_file(path).routine
        assert routine is not None, path
        for step in routine.steps:
            if step.type in FIGURE_STEPS:
                figure = getattr(step, "figure", None) or rows.get((routine.id, step.name))
                if figure is None:
                    missing.append(f"{routine.id}: {step.name}")
                else:
                    assert figure in ids
    assert missing == []


def test_the_figure_map_applies_and_every_routine_stays_valid(tmp_path: Path) -> None:
    module_path = REPO / "scripts" / "apply_figure_map.py"
    spec = importlib.util.spec_from_file_location("apply_map", module_path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rows = _map()
    for path in sorted(BUILTIN_ROUTINES.glob("*.yaml")):
        names = {step: pose for (rid, step), pose in rows.items() if rid == path.stem}
        text, found = module.apply(path.read_text(encoding="utf-8"), names)
        assert found == set(names), path.name
        copy = tmp_path / path.name
        copy.write_text(text, encoding="utf-8")
        result = load_routine_file(copy)
        assert [d.format() for d in result.diagnostics if d.is_error] == []
        assert result.routine is not None
        for step in result.routine.steps:
            if step.type in FIGURE_STEPS:
                assert getattr(step, "figure", None) is not None, (path.name, step.name)
        assert yaml.safe_load(text) is not None


def test_an_unknown_figure_in_a_routine_is_an_error_at_its_value(
    write_routine: WriteRoutine,
) -> None:
    path = write_routine("""
        format: 1
        id: r
        title: T
        summary: S
        steps:
          - type: stretch
            name: Calf
            figure: wall-calf-strech
            duration: 10
          - type: tense
            name: Fist
            figure: nothing-like-it
            tense: 5
            relax: 10
        """)
    problems = [d.format().removeprefix(f"{path}:") for d in load_routine_file(path).diagnostics]
    assert problems == [
        "8:13: error: step 1 (Calf): unknown figure 'wall-calf-strech' "
        "(did you mean 'wall-calf-stretch'?)",
        "12:13: error: step 2 (Fist): unknown figure 'nothing-like-it' (see crampcoach poses)",
    ]


def test_a_figure_on_a_step_that_has_none_is_an_unknown_key(write_routine: WriteRoutine) -> None:
    path = write_routine("""
        format: 1
        id: r
        title: T
        summary: S
        steps:
          - type: rest
            duration: 5
            figure: walking
        """)
    problems = [d.format().removeprefix(f"{path}:") for d in load_routine_file(path).diagnostics]
    assert problems == [
        "8:5: error: step 1: unknown key 'figure'; it belongs to stretch and move and tense steps"
    ]


def poses_in(tmp_path: Path, **files: str) -> list[str]:
    folder = tmp_path / "poses"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return [d.format().removeprefix(f"{folder}/") for d in load_poses(folder).diagnostics]


def test_mistakes_in_a_pose_file_are_reported_at_their_line_and_column(tmp_path: Path) -> None:
    assert poses_in(
        tmp_path,
        bad="""
        format: 1
        id: bad
        title: Bad
        veiw: side
        muscles: [left gastrocnemus, hamstrings, left glutes]
        props: [wal, towel]
        support: {part: right-sole, on: wall}
        contacts:
          - {part: left-sol, on: floor}
        frames:
          - left-kne: 10
            left-hip: 400
            lean: ten
        """,
    ) == [
        "bad.yaml:4:1: error: unknown key 'veiw' (did you mean 'view'?)",
        "bad.yaml:5:11: error: muscles: unknown muscle the text 'left gastrocnemus' "
        "(did you mean 'left gastrocnemius'?)",
        "bad.yaml:5:30: error: muscles: say which side: 'left hamstrings', 'right hamstrings' "
        "or 'both hamstrings'",
        "bad.yaml:6:9: error: props: unknown prop the text 'wal' (did you mean 'wall'?); "
        "expected wall, chair, step, mat, bed, towel, strap",
        "bad.yaml:6:14: error: props: say which foot the towel goes around: {towel: left-foot}",
        "bad.yaml:7:33: error: support: on: unknown place the text 'wall' (the support stands "
        "on floor, mat, chair, step or bed)",
        "bad.yaml:9:12: error: contact 1: unknown part the text 'left-sol' "
        "(did you mean 'left-sole'?)",
        "bad.yaml:11:5: error: frame 1: unknown joint angle 'left-kne' (did you mean "
        "'left-knee'?) in the side view",
        "bad.yaml:12:15: error: frame 1: left-hip: 400 degrees is outside -40 to 140",
        "bad.yaml:13:11: error: frame 1: lean: expected a number of degrees, found the text 'ten'",
    ]


def test_a_pose_the_body_cannot_do_is_an_error_at_its_contact(tmp_path: Path) -> None:
    problems = poses_in(
        tmp_path,
        reach="""
        format: 1
        id: reach
        title: Reach
        view: side
        support: {part: right-sole, on: floor}
        contacts:
          - {part: left-hand, on: left-heel}
        frames:
          - {left-knee: 0}
        """,
    )
    assert problems == [
        "reach.yaml:7:5: error: contact 1: left-hand cannot reach left-heel in frame 1 "
        "(65 cm away); change the angles so it can",
    ]


def test_a_foot_through_the_floor_and_a_bad_mirror_are_errors(tmp_path: Path) -> None:
    problems = poses_in(
        tmp_path,
        sink="""
        format: 1
        id: sink
        title: Sink
        view: side
        support: {part: right-sole, on: floor}
        frames:
          - {left-ankle: -50}
        """,
        copy="""
        format: 1
        id: copy
        title: Copy
        mirror: sinks
        """,
        other="""
        format: 1
        id: another
        title: Named wrongly
        frames: [{}]
        """,
    )
    assert problems == [
        "copy.yaml:4:9: error: mirror: no pose 'sinks' (did you mean 'sink'?)",
        "other.yaml:2:5: error: id: 'another' must match the file name (other.yaml)",
        "sink.yaml:7:5: error: frame 1: the left-toes sinks 13 cm into the floor",
    ]


def test_the_format_example_in_the_docs_is_a_valid_pose(tmp_path: Path) -> None:
    text = (REPO / "docs" / "pose-format.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert example is not None
    folder = tmp_path / "poses"
    folder.mkdir()
    (folder / "wall-calf-stretch.yaml").write_text(example.group(1), encoding="utf-8")
    library = load_poses(folder)
    assert [d.format() for d in library.diagnostics] == []
    assert (
        library.poses["wall-calf-stretch"].frames
        == builtin_poses().poses["wall-calf-stretch"].frames
    )


def test_the_gallery_shows_every_pose() -> None:
    gallery = (REPO / "docs" / "figures.md").read_text(encoding="utf-8")
    for pose_id in pose_ids():
        assert f"## `{pose_id}`" in gallery
        assert (REPO / "docs" / "figures" / f"{pose_id}.svg").is_file()


@pytest.mark.parametrize("text", ["", "[1, 2]", "format: 1\nid: x\n", ":\n  - ]["])
def test_a_broken_pose_file_never_raises(tmp_path: Path, text: str) -> None:
    folder = tmp_path / "poses"
    folder.mkdir()
    (folder / "x.yaml").write_text(text, encoding="utf-8")
    library = load_poses(folder)
    assert library.poses == {}
    assert library.diagnostics


def test_a_foot_that_dips_through_the_floor_between_key_frames_is_an_error(
    tmp_path: Path,
) -> None:
    assert poses_in(
        tmp_path,
        swing="""
        format: 1
        id: swing
        title: Swing
        support: {part: right-sole, on: floor}
        frames:
          - {left-hip: 50, left-knee: 5, left-ankle: -20}
          - {left-hip: -30}
        """,
    ) == [
        "swing.yaml:5:1: error: frames: between frame 1 and the next, the left-toes sinks "
        "3 cm into the floor; add a key frame that lifts it",
    ]
