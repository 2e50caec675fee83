"""Benchmark: computing a figure's shapes (pose, side, phase -> shapes) at 400 px, and
painting them with the player's QPainter painter.

Painting one at 400 px may take at most 2 ms (issue 11); the geometry is the part the core
does, so it should be well under that. Every built-in pose, both sides, 24 phases of its
cycle and 4 moments of easing in; also the SVG writer, for exports.
Run: .venv/bin/python benchmarks/figure_geometry.py [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

from crampcoach.core.figure.geometry import figure
from crampcoach.core.figure.library import builtin_poses
from crampcoach.core.figure.svg import to_svg

SIZE = 400.0


def measure(rounds: int = 5) -> dict[str, float]:
    poses = builtin_poses().sorted()
    moments = [(i / 24, 1.0) for i in range(24)] + [(0.0, e / 4) for e in range(4)]
    calls = [
        (pose, side, phase, ease)
        for pose in poses
        for side in ("left", "right")
        for phase, ease in moments
    ]
    for pose, side, phase, ease in calls[:50]:  # warm up
        figure(pose, side, phase, SIZE, ease=ease)
    times: list[float] = []
    for _ in range(rounds):
        for pose, side, phase, ease in calls:
            began = time.perf_counter()
            figure(pose, side, phase, SIZE, ease=ease)
            times.append(time.perf_counter() - began)
    times.sort()
    shapes = [figure(pose, "left", 0.0, SIZE) for pose in poses]
    began = time.perf_counter()
    for drawn in shapes:
        to_svg(drawn)
    svg = (time.perf_counter() - began) / len(shapes)
    paint = _paint_times(shapes)
    return {
        "paint_median_ms": statistics.median(paint) * 1000,
        "paint_max_ms": max(paint) * 1000,
        "poses": len(poses),
        "calls": len(times),
        "median_ms": statistics.median(times) * 1000,
        "p99_ms": times[int(len(times) * 0.99)] * 1000,
        "max_ms": times[-1] * 1000,
        "shapes_median": statistics.median(len(d.shapes) for d in shapes),
        "svg_ms": svg * 1000,
    }


def _paint_times(drawn: list[object]) -> list[float]:
    """Seconds to paint each figure at 400 px with the player's QPainter painter
    (antialiased, into an image the size of the widget; offscreen Qt)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QApplication

    from crampcoach.desktop.widgets.figure_view import paint_figure

    _app = QApplication.instance() or QApplication([])
    image = QImage(int(SIZE), int(SIZE), QImage.Format.Format_ARGB32_Premultiplied)
    times = []
    for _ in range(3):
        for fig in drawn:
            painter = QPainter(image)
            began = time.perf_counter()
            paint_figure(painter, fig)  # type: ignore[arg-type]
            times.append(time.perf_counter() - began)
            painter.end()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    figures = measure()
    if parser.parse_args().json:
        print(json.dumps(figures))
    else:
        print(
            f"figure geometry at 400 px, {figures['poses']:.0f} poses, {figures['calls']:.0f} "
            f"calls: median {figures['median_ms']:.2f} ms, p99 {figures['p99_ms']:.2f} ms, "
            f"max {figures['max_ms']:.2f} ms (painting budget 2 ms); "
            f"{figures['shapes_median']:.0f} shapes; SVG {figures['svg_ms']:.2f} ms"
        )
        print(
            f"painting at 400 px with QPainter (antialiased): median "
            f"{figures['paint_median_ms']:.2f} ms, max {figures['paint_max_ms']:.2f} ms "
            "(target 2 ms)"
        )


if __name__ == "__main__":
    main()
