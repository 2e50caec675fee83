"""The printed handout: ``core.handout`` data painted on pages with QPainter (QPdfWriter for
a PDF file, QPrinter for the print dialog). Vector throughout: the text stays text and
the figures are paths."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from crampcoach.core.handout import Handout, Row
from crampcoach.desktop.export.outfile import OutFile

if TYPE_CHECKING:
    from crampcoach.core.figure.geometry import Figure

PAPERS = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
MARGIN_MM = 14.0
FIGURE = 78.0  # points: a step's figure box
GAP = 8.0
WRAP = int(Qt.TextFlag.TextWordWrap)
GREY = QColor("#555555")
RULE = QColor("#c8c8c8")


def write_handout_pdf(handout: Handout, target: Path, paper: str = "a4") -> int:
    """Write the handout to ``target`` (via a temporary file); returns the page count."""
    with OutFile(target) as out:
        writer = QPdfWriter(str(out.temp))
        writer.setTitle(handout.title)
        writer.setCreator("CrampCoach")
        setup_page(writer, paper)
        pages = paint_handout(writer, handout)
        out.commit()
    return pages


def setup_page(device: QPagedPaintDevice, paper: str) -> None:
    device.setPageLayout(
        QPageLayout(
            QPageSize(PAPERS[paper]),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )


def paint_handout(device: QPagedPaintDevice, handout: Handout) -> int:
    """Paint every page onto ``device``; returns how many."""
    painter = QPainter(device)
    try:
        return _Sheet(painter, device, handout).paint()
    finally:
        painter.end()


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setPointSizeF(points)
    font.setBold(bold)
    # no "fi"/"ff" ligatures: the PDF's text then copies and searches as written
    for tag in ("liga", "clig"):
        font.setFeature(QFont.Tag(tag), 0)
    return font


class _Sheet:
    def __init__(self, painter: QPainter, device: QPagedPaintDevice, handout: Handout) -> None:
        self.p = painter
        self.device = device
        self.h = handout
        # lay out in device units (u of them to a point); fonts are measured on the device
        self.u = device.logicalDpiY() / 72.0
        rect = device.pageLayout().paintRectPixels(device.logicalDpiY())
        self.width = float(rect.width())
        self.bottom = rect.height() - 20 * self.u  # room for the footer
        self.y = 0.0
        self.page = 1
        from crampcoach.core.figure.library import builtin_poses

        self.poses = builtin_poses()

    def paint(self) -> int:
        h = self.h
        self.text(h.title, _font(18, bold=True))
        self.text(h.summary, _font(10.5))
        self.text(h.facts + (f"  ·  {h.when}" if h.when else ""), _font(9.5, bold=True), GREY)
        if h.description:
            self.text(h.description, _font(9), GREY)
        self.y += 4 * self.u
        for row in h.rows:
            self.row(row)
        self.y += 6 * self.u
        if h.source:
            self.block(f"Source: {h.source}", _font(8), GREY)
        self.block(h.safety, _font(8.5, bold=True))
        self.footer()
        return self.page

    def measure(self, text: str, font: QFont, width: float) -> float:
        return (
            QFontMetricsF(font, self.device)
            .boundingRect(QRectF(0, 0, width, 1e6), WRAP, text)
            .height()
        )

    def text(self, text: str, font: QFont, colour: QColor | None = None, x: float = 0.0) -> None:
        width = self.width - x
        height = self.measure(text, font, width)
        self.p.setFont(font)
        self.p.setPen(colour or QColor("black"))
        self.p.drawText(QRectF(x, self.y, width, height), WRAP, text)
        self.y += height + 2 * self.u

    def block(self, text: str, font: QFont, colour: QColor | None = None) -> None:
        """Text kept whole on one page."""
        if self.y + self.measure(text, font, self.width) > self.bottom:
            self.new_page()
        self.text(text, font, colour)

    def row(self, row: Row) -> None:
        figure = self.figure(row)
        box, gap = FIGURE * self.u, GAP * self.u
        x = box + gap if figure is not None else 0.0
        width = self.width - x
        parts: list[tuple[str, QFont, QColor | None]] = []
        if row.name:
            parts.append((f"{row.number}. {row.name}", _font(10.5, bold=True), None))
        if not row.name:  # narration only: its words are the row
            parts.append((f"{row.number}. {row.instruction}", _font(9.5), None))
        elif row.instruction:
            parts.append((row.instruction, _font(9.5), None))
        if row.dose:
            parts.append((row.dose, _font(9, bold=True), GREY))
        height = sum(self.measure(t, f, width) + 2 * self.u for t, f, _ in parts)
        height = max(height, box if figure is not None else 0.0)
        if self.y + height + gap > self.bottom:
            self.new_page()
        top = self.y
        self.p.setPen(RULE)
        self.p.drawLine(QPointF(0, top), QPointF(self.width, top))
        top += gap / 2
        if figure is not None:
            from crampcoach.desktop.widgets.figure_view import paint_figure

            paint_figure(self.p, figure, target=QRectF(0, top, box, box))
        self.y = top
        for text, font, colour in parts:
            self.text(text, font, colour, x)
        self.y = max(self.y, top + (box if figure is not None else 0.0)) + gap / 2

    def figure(self, row: Row) -> Figure | None:
        if row.pose is None:
            return None
        pose = self.poses.get(row.pose)
        if pose is None:
            return None
        from crampcoach.core.figure.geometry import figure

        return figure(pose, row.side if row.side in ("left", "right") else None, size=400.0)  # type: ignore[arg-type]

    def footer(self) -> None:
        self.p.setFont(_font(7.5))
        self.p.setPen(GREY)
        self.p.drawText(
            QRectF(0, self.bottom + 6 * self.u, self.width, 14 * self.u),
            int(Qt.AlignmentFlag.AlignRight),
            f"CrampCoach · {self.h.title} · page {self.page}",
        )

    def new_page(self) -> None:
        self.footer()
        self.device.newPage()
        self.page += 1
        self.y = 0.0
