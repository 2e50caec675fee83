"""The figure commands' contract: ``poses [--json]`` and ``figure POSE|ROUTINE --out``."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest

from crampcoach.cli.main import main
from crampcoach.core.figure.body import VIEWS
from crampcoach.core.figure.library import pose_ids

WriteRoutine = Callable[..., Path]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_poses_json_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "poses", "--json")
    assert (code, err) == (0, "")
    items = json.loads(out)
    assert [item["id"] for item in items] == sorted(pose_ids())
    for item in items:
        assert list(item) == ["id", "title", "view", "muscles", "frames"]
        assert item["view"] in VIEWS
        assert isinstance(item["frames"], int)
        assert item["frames"] >= 1
        assert all(isinstance(m, str) for m in item["muscles"])
    by_id = {item["id"]: item for item in items}
    assert by_id["wall-calf-stretch"]["muscles"] == ["left gastrocnemius"]
    assert by_id["pmr-right-hand"]["muscles"] == ["right hands-forearms"]
    assert by_id["walking"]["frames"] == 4


def test_poses_text_lists_every_pose(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "poses")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(pose_ids())
    assert any(line.startswith("wall-calf-stretch ") and "hold" in line for line in lines)


def test_figure_writes_an_svg_of_one_pose_and_its_mirror(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    left, right = tmp_path / "l.svg", tmp_path / "r.svg"
    assert run(capsys, "figure", "standing-quad-stretch", "--out", str(left))[0] == 0
    code, out, _ = run(
        capsys,
        "figure",
        "standing-quad-stretch",
        "--side",
        "right",
        "--size",
        "200",
        "--out",
        str(right),
    )
    assert (code, out) == (0, f"{right}\n")
    root = ET.fromstring(right.read_text(encoding="utf-8"))
    assert root.get("width") == "200"
    assert "right side" in (root.findtext("{http://www.w3.org/2000/svg}desc") or "")
    assert left.read_text() != right.read_text()


def test_figure_writes_a_png(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "squat.png"
    code, _, err = run(capsys, "figure", "squat", "--size", "120", "--out", str(path))
    assert (code, err) == (0, "")
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(data[16:20], "big") == 120  # width


ROUTINE = """
format: 1
id: figured
title: Figured
summary: Steps with figures, in order.
steps:
  - type: say
    say: Hello.
  - type: stretch
    name: Calf stretch
    figure: wall-calf-stretch
    duration: 10
    sides: both
  - type: move
    name: Walk it off
    figure: walking
    reps: 2
  - type: stretch
    name: Own picture
    figure: squat
    image: own.svg
    duration: 5
  - type: tense
    name: Right hand
    figure: pmr-right-hand
    tense: 5
    relax: 10
    sides: right
  - type: stretch
    name: Bent-knee calf stretch
    figure: wall-calf-stretch-bent-knee
    duration: 10
    sides: both
"""


def test_figure_of_a_routine_writes_one_file_per_step_and_side_in_playing_order(
    capsys: pytest.CaptureFixture[str], write_routine: WriteRoutine, tmp_path: Path
) -> None:
    path = write_routine(ROUTINE, name="figured.yaml")
    (path.parent / "own.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    out = tmp_path / "figures"
    code, printed, err = run(capsys, "figure", str(path), "--size", "64", "--out", str(out))
    assert (code, err) == (0, "")
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "02-calf-stretch-left.svg",
        "02-calf-stretch-right.svg",
        "03-walk-it-off.svg",
        "05-right-hand-right.svg",
        "06-bent-knee-calf-stretch-left.svg",
        "06-bent-knee-calf-stretch-right.svg",
    ]
    assert printed.splitlines() == [str(out / name) for name in names]  # written in order
    for name in names:
        ET.fromstring((out / name).read_text(encoding="utf-8"))
    code, _, _ = run(capsys, "figure", str(path), "--format", "png", "--out", str(out / "png"))
    assert code == 0
    assert sorted(p.name for p in (out / "png").iterdir()) == [
        n.replace(".svg", ".png") for n in names
    ]


def test_figure_explains_what_it_cannot_do(
    capsys: pytest.CaptureFixture[str], write_routine: WriteRoutine, tmp_path: Path
) -> None:
    code, _, err = run(capsys, "figure", "wall-calf-strech", "--out", str(tmp_path / "x.svg"))
    assert code == 1
    assert "did you mean 'wall-calf-stretch'?" in err
    code, _, err = run(capsys, "figure", "walking", "--out", str(tmp_path / "x.jpg"))
    assert (code, err) == (
        2,
        f"crampcoach: error: --out {tmp_path / 'x.jpg'}: name a .svg or .png file\n",
    )
    code, _, err = run(capsys, "figure", "walking", "--size", "9", "--out", str(tmp_path / "x.svg"))
    assert code == 2
    assert "must be from 16 to 4096 pixels" in err
    code, _, err = run(capsys, "figure", "calf-cramp-relief", "--out", str(tmp_path / "d.svg"))
    assert code == 2
    assert "name a folder" in err
    plain = write_routine(
        "format: 1\nid: plain\ntitle: T\nsummary: S\nsteps:\n  - type: rest\n    duration: 5\n",
        name="plain.yaml",
    )
    code, _, err = run(capsys, "figure", str(plain), "--out", str(tmp_path / "none"))
    assert code == 1
    assert "no step has a figure" in err
