"""Progress: stretching against cramps week by week, on one screen.

Qt Charts is imported here only, and this module only when the view is first opened, so
an app idling in the tray does not carry it.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QMargins, QPointF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crampcoach.core.diary import Cramp
from crampcoach.core.history_store import SessionRecord
from crampcoach.core.insights import CAVEAT, Insights
from crampcoach.desktop.diary.weeks_table import WeeksTable, chart_sentence
from crampcoach.desktop.theme import is_dark
from crampcoach.desktop.widgets.page import page_header

ID_ROLE = Qt.ItemDataRole.UserRole
MINUTES_COLOUR, CRAMPS_COLOUR, SEVERITY_COLOUR = "#2f80ed", "#e8590c", "#c92a2a"
BEDTIME_COLOUR = "#5f3dc4"


def _axis(top: float, floor: float, title: str) -> QValueAxis:
    """A value axis from 0 with round ticks (0, 10, 20, ... or 0, 2, 4, ...)."""
    top = max(top, floor)
    step = next((s for s in (2, 5, 10, 20, 50, 100, 200, 500) if top / s <= 8), 1000)
    ticks = int(-(-top // step))
    axis = QValueAxis()
    axis.setRange(0, ticks * step)
    axis.setTickCount(ticks + 1)
    axis.setLabelFormat("%d")
    axis.setTitleText(title)
    return axis


class InsightsView(QWidget):
    closed = Signal()
    log_requested = Signal()
    export_requested = Signal()
    delete_cramp_requested = Signal(int)
    routine_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("insights")
        layout = QVBoxLayout(self)
        self.log_button = QPushButton("Log a cramp…")
        self.log_button.setToolTip("Log a cramp (Ctrl+L)")
        self.log_button.clicked.connect(self.log_requested)
        self.export_button = QPushButton("Export CSV…")
        self.export_button.setToolTip("Save your sessions and cramps as spreadsheet files")
        self.export_button.clicked.connect(self.export_requested)
        self.table_button = QPushButton("Show as table")  # not a toggle: its text says it
        self.table_button.setToolTip("The chart's numbers, week by week")
        self.table_button.clicked.connect(lambda: self._show_table(not self._table_shown()))
        layout.addLayout(
            page_header(
                "Progress",
                self.closed.emit,
                self.table_button,
                self.log_button,
                self.export_button,
            )
        )

        self.flags = QLabel()
        self.flags.setObjectName("redFlags")
        self.flags.setWordWrap(True)
        self.flags.setVisible(False)
        self.flags.setAccessibleName("Important")
        layout.addWidget(self.flags)

        self.chart = QChart()
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart_view = QChartView(self.chart)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(260)
        self.chart_view.setAccessibleName("Chart of stretching minutes and cramps per week")
        self.chart_view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocusProxy(self.chart_view)  # opening Progress focuses a named element
        self.chart_view.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no unnamed stop
        self.table = WeeksTable()
        self.graphs = QStackedWidget()
        self.graphs.addWidget(self.chart_view)
        self.graphs.addWidget(self.table)

        self.summary = QLabel()
        self.summary.setObjectName("insightSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop)

        self.entries = QListWidget()
        self.entries.setObjectName("entries")
        self.entries.setAccessibleName("Sessions and cramps, newest first")
        self.entries.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.entries.setWordWrap(True)  # a long title never hides the entry's status
        self.delete_button = QPushButton("Delete cramp")
        self.delete_button.setToolTip("Delete the selected cramp entry (Delete)")
        self.delete_button.setShortcut(Qt.Key.Key_Delete)
        self.delete_button.clicked.connect(self._delete_selected)
        entries_box = QWidget()
        e_layout = QVBoxLayout(entries_box)
        e_layout.setContentsMargins(0, 0, 0, 0)
        e_layout.addWidget(QLabel("Recent"))
        e_layout.addWidget(self.entries, 1)
        e_layout.addWidget(self.delete_button)

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.summary)
        lower.addWidget(entries_box)
        lower.setSizes([520, 380])
        layout.addWidget(self.graphs, 3)
        layout.addWidget(lower, 2)
        self.insights: Insights | None = None
        self._follow_theme()
        order = [self.chart_view, self.table, self.table_button, self.log_button]
        order += [self.export_button, self.entries, self.delete_button]
        for before, after in itertools.pairwise(order):
            QWidget.setTabOrder(before, after)

    def _table_shown(self) -> bool:
        return self.graphs.currentWidget() is self.table

    def _show_table(self, table: bool) -> None:
        self.graphs.setCurrentWidget(self.table if table else self.chart_view)
        self.table_button.setText("Show as chart" if table else "Show as table")
        self.setFocusProxy(self.table if table else self.chart_view)
        (self.table if table else self.chart_view).setFocus()  # read what was opened

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._follow_theme()
        super().changeEvent(event)

    def _follow_theme(self) -> None:
        """The chart's own theme follows the app's light or dark palette."""
        dark = is_dark(self.palette())
        theme = QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight
        if self.chart.theme() != theme:
            self.chart.setTheme(theme)
            self.chart.setBackgroundBrush(self.palette().base())
            if self.insights is not None:
                self._chart(self.insights)  # series colours are ours, not the theme's

    def show_data(
        self,
        insights: Insights,
        sessions: list[SessionRecord],
        cramps: list[Cramp],
        flags: list[str],
        zone: dt.tzinfo,
    ) -> None:
        self.insights = insights
        self._chart(insights)
        self.chart_view.setAccessibleDescription(chart_sentence(insights))
        self.table.show_weeks(insights)
        self._summary(insights, sessions, cramps)
        self.flags.setText("\n\n".join(flags))
        self.flags.setVisible(bool(flags))
        self._entries(sessions, cramps, zone)

    def _chart(self, insights: Insights) -> None:
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        weeks = insights.weeks
        labels = [w.week_start.strftime("%d %b") for w in weeks]
        minutes = QBarSet("Stretching minutes")
        minutes.setColor(QColor(MINUTES_COLOUR))
        minutes.append([round(w.minutes, 1) for w in weeks])
        bars = QBarSeries()
        bars.append(minutes)
        chart.addSeries(bars)
        cramps = QLineSeries()
        cramps.setName("Cramps")
        severity = QLineSeries()
        severity.setName("Mean severity (0-10)")
        bedtime = QLineSeries()
        bedtime.setName("Bedtime-routine nights")
        for series, colour, style in (
            (cramps, CRAMPS_COLOUR, Qt.PenStyle.SolidLine),
            (severity, SEVERITY_COLOUR, Qt.PenStyle.DashLine),
            (bedtime, BEDTIME_COLOUR, Qt.PenStyle.DotLine),
        ):
            pen = QPen(QColor(colour), 2.5, style)
            series.setPen(pen)
            series.setPointsVisible(True)
        for n, week in enumerate(weeks):
            cramps.append(QPointF(n, week.cramps))
            bedtime.append(QPointF(n, week.bedtime_nights))
            if week.mean_severity is not None:
                severity.append(QPointF(n, week.mean_severity))
        for series in (bedtime, cramps, severity):
            chart.addSeries(series)

        axis_x = QBarCategoryAxis()
        axis_x.append(labels)
        axis_x.setTitleText("Week of")
        minutes_axis = _axis(max((w.minutes for w in weeks), default=0), 30, "Minutes stretched")
        count_axis = _axis(
            max((w.cramps for w in weeks), default=0), 10, "Nights, cramps, severity"
        )
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(minutes_axis, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(count_axis, Qt.AlignmentFlag.AlignRight)
        bars.attachAxis(axis_x)
        bars.attachAxis(minutes_axis)
        for series in (bedtime, cramps, severity):
            series.attachAxis(axis_x)
            series.attachAxis(count_axis)

    def _summary(
        self, insights: Insights, sessions: list[SessionRecord], cramps: list[Cramp]
    ) -> None:
        recent = insights.weeks  # the same weeks the chart shows
        minutes = sum(w.minutes for w in recent)
        bedtime = sum(w.bedtime_nights for w in recent)
        cramp_count = sum(w.cramps for w in recent)
        rows = [
            f"<p style='font-size:15pt'><b>{insights.streak}</b> day streak of stretching</p>",
            f"<p>Last {len(recent)} weeks (as in the chart): <b>{minutes:.0f}</b> minutes of "
            "stretching and relaxation, "
            f"the bedtime routine on <b>{bedtime}</b> nights, <b>{cramp_count}</b> cramps "
            "logged.</p>",
        ]
        w, wo = insights.with_bedtime, insights.without_bedtime
        if w.nights and wo.nights:
            rows.append(
                "<p>Nights <b>with</b> the bedtime routine: "
                f"{w.cramp_nights} of {w.nights} had a cramp ({w.rate or 0:.0%}).<br>"
                f"Nights <b>without</b> it: {wo.cramp_nights} of {wo.nights} "
                f"({wo.rate or 0:.0%}).</p>"
            )
        elif not sessions and not cramps:
            rows.append(
                "<p>Nothing recorded yet. Play a routine and log cramps when they happen; "
                "after a few weeks this page shows whether stretching is helping you.</p>"
            )
        else:
            rows.append(
                "<p>Once you have nights both with and without the bedtime routine, this "
                "page compares how often you cramped on each.</p>"
            )
        rows.append(f"<p style='color:gray'><i>{html.escape(CAVEAT)}</i></p>")
        self.summary.setText("".join(rows))

    def _entries(self, sessions: list[SessionRecord], cramps: list[Cramp], zone: dt.tzinfo) -> None:
        self.entries.clear()
        items: list[tuple[dt.datetime, str, int | None]] = []
        for s in sessions:
            status = {"completed": "done", "stopped": "stopped", "playing": "playing"}[s.status]
            items.append(
                (s.started, f"{status.capitalize()}: {s.title} · {s.minutes:.0f} min", None)
            )
        for c in cramps:
            side = f" ({c.side})" if c.side else ""
            sleep = " · in sleep" if c.during_sleep else ""
            items.append((c.at, f"Cramp: {c.muscle}{side} · severity {c.severity}/10{sleep}", c.id))
        items.sort(key=lambda item: item[0], reverse=True)
        for when, text, cramp_id in items[:200]:
            item = QListWidgetItem(f"{when.astimezone(zone):%a %d %b %H:%M}   {text}")
            item.setData(ID_ROLE, cramp_id)
            self.entries.addItem(item)
        self.delete_button.setEnabled(any(c for _, _, c in items))

    def _delete_selected(self) -> None:
        item = self.entries.currentItem()
        cramp_id = item.data(ID_ROLE) if item is not None else None
        if isinstance(cramp_id, int):
            self.delete_cramp_requested.emit(cramp_id)
