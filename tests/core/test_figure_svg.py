"""The SVG writer: a well-formed document with the highlight, the theme's colours and a text
alternative, drawing the same shapes the desktop paints."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from crampcoach.core.figure.geometry import figure
from crampcoach.core.figure.library import builtin_poses
from crampcoach.core.figure.pose import Pose
from crampcoach.core.figure.shapes import Capsule, Role, capsule_polygon
from crampcoach.core.figure.svg import DARK, LIGHT, Palette, strip_svg, to_svg

NS = {"svg": "http://www.w3.org/2000/svg"}
POSES = builtin_poses().sorted()


@pytest.mark.parametrize("pose", POSES, ids=[p.id for p in POSES])
def test_every_pose_is_well_formed_svg_with_its_highlight_and_words(pose: Pose) -> None:
    for side in ("left", "right"):
        drawn = figure(pose, side, 0.0, 240.0)
        root = ET.fromstring(to_svg(drawn))
        assert root.get("width") == "240"
        assert root.get("viewBox") == "0 0 240 240"
        assert root.findtext("svg:title", namespaces=NS) == drawn.title
        desc = root.findtext("svg:desc", namespaces=NS)
        assert desc == drawn.text
        if drawn.side:
            assert f"{drawn.side} side" in desc
        highlights = root.findall(".//svg:polygon[@class='highlight']", NS)
        marks = {m.muscle for m in pose.muscles}
        assert {h.get("data-muscle") for h in highlights} == marks
        assert len(root.findall(".//svg:path", NS)) >= 10  # limbs


def test_the_palette_colours_every_role_and_the_right_side_is_named() -> None:
    pose = builtin_poses().poses["wall-calf-stretch"]
    palette = Palette(highlight="#ff0000", body="#123456", prop="#abcdef", background=None)
    text = to_svg(figure(pose, "right", 0.0, 300.0), palette)
    root = ET.fromstring(text)
    fills = {e.get("fill") for e in root.iter()} | {e.get("stroke") for e in root.iter()}
    assert {"#ff0000", "#123456", "#abcdef", palette.outline, palette.ground} <= fills
    assert root.find("svg:rect", NS) is None  # no background when asked for none
    (mark,) = root.findall(".//svg:polygon[@class='highlight']", NS)
    assert (mark.get("data-muscle"), mark.get("data-side")) == ("gastrocnemius", "right")
    assert "right calf (gastrocnemius)" in (root.findtext("svg:desc", namespaces=NS) or "")
    dark = ET.fromstring(to_svg(figure(pose, None, 0.0, 300.0), DARK))
    background = dark.find("svg:rect", NS)
    assert background is not None
    assert (background.get("width"), background.get("height")) == ("300", "300")
    assert background.get("fill") == DARK.background
    assert LIGHT.background == "#ffffff"


def test_a_strip_shows_the_key_frames_side_by_side() -> None:
    walk = builtin_poses().poses["walking"]
    frames = [figure(walk, None, i / 4, 100.0) for i in range(4)]
    root = ET.fromstring(strip_svg(frames))
    assert root.get("width") == "400"
    assert len(root.findall("svg:g", NS)) == 4


def test_text_is_escaped() -> None:
    pose = builtin_poses().poses["squat"]
    drawn = figure(pose, None, 0.0, 100.0)
    tricky = type(drawn)(drawn.size, drawn.shapes, "Squat <deep> & slow", None, (), "a < b & c")
    root = ET.fromstring(to_svg(tricky))
    assert root.findtext("svg:title", namespaces=NS) == "Squat <deep> & slow"


def test_a_capsule_outline_hugs_both_end_circles() -> None:
    a, b, ra, rb = (10.0, 10.0), (60.0, 40.0), 12.0, 5.0
    capsule = Capsule(a, b, ra, rb, Role.LIMB, "x")
    sides = capsule.tangents()
    assert sides is not None
    a1, b1, b2, a2 = sides
    for point, centre, radius in ((a1, a, ra), (a2, a, ra), (b1, b, rb), (b2, b, rb)):
        assert math.dist(point, centre) == pytest.approx(radius)
    outline = capsule_polygon(a, b, ra, rb, tolerance=0.1)
    far = max(outline, key=lambda p: p[0])
    assert far[0] == pytest.approx(b[0] + rb, abs=0.2)  # the cap reaches round the end
    assert capsule_polygon(a, a, 5.0, 3.0)  # one circle inside the other: just the circle
