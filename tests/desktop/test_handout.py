"""The handout: one row per step with its words (read back with pdftotext), figures painted
from the figure geometry, and a sheet of one or two pages."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from crampcoach.core.figure.geometry import figure
from crampcoach.core.figure.library import builtin_poses
from crampcoach.core.figure.svg import LIGHT
from crampcoach.core.handout import handout
from crampcoach.core.loader import load_routine_file
from crampcoach.core.resources import builtin_routines_dir
from crampcoach.core.safety import DISCLAIMER
from crampcoach.desktop.export.handout_pdf import write_handout_pdf
from crampcoach.desktop.widgets.figure_view import paint_figure

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None and not os.environ.get("CI"),
    reason="poppler-utils is not installed (CI installs it)",
)


def sheet(routine_id: str):  # type: ignore[no-untyped-def]
    loaded = load_routine_file(builtin_routines_dir() / f"{routine_id}.yaml")
    assert loaded.routine is not None
    assert loaded.timeline is not None
    return handout(loaded.routine, loaded.timeline)


def pdf_text(path: Path) -> str:
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.replace("\f", "\n")  # a new page starts with a form feed


@needs_poppler
@pytest.mark.parametrize(
    "routine_id", ["bedtime-calf-hamstring", "pmr-full-body", "box-breathing", "calf-cramp-relief"]
)
def test_one_row_per_step_with_its_words(
    qapp: QApplication, tmp_path: Path, routine_id: str
) -> None:
    data = sheet(routine_id)
    path = tmp_path / "sheet.pdf"
    pages = write_handout_pdf(data, path, "letter" if routine_id == "box-breathing" else "a4")
    assert 1 <= pages <= 3  # 16 PMR groups, each with its figure, take three
    text = pdf_text(path)
    flat = " ".join(text.split())
    starts = [int(m.group(1)) for m in re.finditer(r"^(\d+)\. ", text, re.MULTILINE)]
    assert starts == list(range(1, len(data.rows) + 1))  # one row per step, in order
    for row in data.rows:
        assert " ".join(f"{row.number}. {row.name or row.instruction}".split())[:60] in flat
        assert " ".join(row.instruction.split())[:60] in flat
        assert row.dose.replace("·", "").split()[0] in flat if row.dose else True
    assert data.title in flat
    assert DISCLAIMER in flat
    assert list(tmp_path.iterdir()) == [path]  # no temporary file left


def test_a_steps_figure_is_painted_from_the_geometry(qapp: QApplication) -> None:
    pose = builtin_poses().get("toes-toward-you")
    assert pose is not None
    image = QImage(200, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_figure(painter, figure(pose, "left", size=400.0), target=QRectF(0, 0, 200, 200))
    painter.end()
    colours = {image.pixelColor(x, y).name() for x in range(0, 200, 2) for y in range(0, 200, 2)}
    assert LIGHT.body in colours  # the body, in the palette's colour
    assert LIGHT.outline in colours
    assert len(colours) > 4


def test_a_step_without_a_figure_keeps_its_text_and_no_picture(
    qapp: QApplication, tmp_path: Path
) -> None:
    data = sheet("calf-cramp-relief")
    with_pose = dataclasses.replace(
        data, rows=tuple(dataclasses.replace(r, pose="toes-toward-you") for r in data.rows[:2])
    )
    path = tmp_path / "sheet.pdf"
    assert write_handout_pdf(with_pose, path) == 1
    assert path.stat().st_size > 2000


@needs_poppler
def test_a_step_that_names_a_pose_gets_its_figure(
    qapp: QApplication,
    tmp_path: Path,
    write_routine,  # type: ignore[no-untyped-def]
) -> None:
    path = write_routine(
        """
        format: 1
        id: with-figures
        title: With figures
        summary: One step with a figure, one without.
        steps:
          - {type: stretch, name: Toes toward you, figure: toes-toward-you, duration: 30,
             sides: both}
          - {type: rest, name: Breathe, duration: 10}
        """
    )
    loaded = load_routine_file(path)
    assert loaded.routine is not None
    assert loaded.timeline is not None
    data = handout(loaded.routine, loaded.timeline)
    assert [(r.pose, r.side) for r in data.rows] == [("toes-toward-you", "left"), (None, None)]
    out = tmp_path / "sheet.pdf"
    write_handout_pdf(data, out)
    png = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(out), str(png)], check=True)
    image = QImage(str(tmp_path / "page-1.png"))
    orange = [
        (x, y)
        for x in range(image.width())
        for y in range(image.height())
        if (c := image.pixelColor(x, y)).red() > 200 and 60 < c.green() < 150 and c.blue() < 90
    ]
    assert orange, "the stretched muscle is highlighted in the figure"
    assert max(x for x, _ in orange) < image.width() // 4  # in the figure box, left of the text
