"""Pictures of figures as PNG files: the core's SVG, rendered by Qt's SVG renderer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer


def svg_to_png(svg: str, path: Path) -> None:
    """Render ``svg`` at its own size (antialiased) and save it at ``path`` (a .png)."""
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        raise ValueError("not a valid SVG document")
    size: QSize = renderer.defaultSize()
    image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(path)):  # the format follows the name: .png
        raise OSError(f"cannot write {path}")
