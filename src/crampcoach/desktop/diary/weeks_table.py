"""The Progress chart's numbers as a table: the chart's text alternative, and a plain
view for anyone who would rather read than look."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from crampcoach.core.insights import Insights

COLUMNS = ("Week of", "Minutes", "Sessions", "Bedtime nights", "Cramps", "Mean severity")


def chart_sentence(insights: Insights) -> str:
    """One sentence a screen reader reads for the chart."""
    weeks = insights.weeks
    minutes = sum(w.minutes for w in weeks)
    cramps = sum(w.cramps for w in weeks)
    nights = sum(w.bedtime_nights for w in weeks)
    first = weeks[0].week_start.strftime("%d %B") if weeks else ""
    return (
        f"{len(weeks)} weeks from {first}: {minutes:.0f} minutes of stretching, the bedtime "
        f"routine on {nights} nights, {cramps} cramps logged. The table lists every week."
    )


class WeeksTable(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(COLUMNS), parent)
        self.setObjectName("weeksTable")
        self.setAccessibleName("Weeks of stretching and cramps, as a table")
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the table; arrows move within it
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)

    def show_weeks(self, insights: Insights) -> None:
        self.setRowCount(len(insights.weeks))
        for row, w in enumerate(insights.weeks):
            severity = "-" if w.mean_severity is None else f"{w.mean_severity:.1f}"
            values = (
                w.week_start.strftime("%d %b %Y"),
                f"{w.minutes:.0f}",
                str(w.sessions),
                str(w.bedtime_nights),
                str(w.cramps),
                severity,
            )
            for column, value in enumerate(values):
                self.setItem(row, column, QTableWidgetItem(value))
