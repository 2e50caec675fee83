"""Log a cramp in a few seconds: every field has a sensible default, Enter saves."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from crampcoach.core.diary import MUSCLES, SIDES, TRIGGERS, Cramp

SEVERITY_WORDS = {0: "none", 2: "mild", 5: "moderate", 8: "severe", 10: "worst imaginable"}


def _qt(moment: dt.datetime) -> QDateTime:
    """The wall-clock reading of ``moment`` (the form edits local time)."""
    return QDateTime(
        QDate(moment.year, moment.month, moment.day), QTime(moment.hour, moment.minute)
    )


def severity_label(value: int) -> str:
    word = SEVERITY_WORDS[max(k for k in SEVERITY_WORDS if k <= value)]
    return f"{value}/10 ({word})"


class DiaryDialog(QDialog):
    """The cramp form. ``logged`` carries the new Cramp; the dialog does not save it."""

    logged = Signal(object)  # Cramp

    def __init__(self, now: dt.datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Log a cramp")
        self.setObjectName("diaryDialog")
        self.zone = now.tzinfo
        form = QFormLayout()

        self.when = QDateTimeEdit(_qt(now))
        self.when.setDisplayFormat("ddd d MMM yyyy  HH:mm")
        self.when.setCalendarPopup(True)
        self.when.setMaximumDateTime(_qt(now + dt.timedelta(hours=1)))
        self.when.setAccessibleName("When the cramp happened")
        form.addRow("&When", self.when)

        self.muscle = QComboBox()
        for muscle in MUSCLES:
            self.muscle.addItem(muscle.capitalize(), muscle)
        self.muscle.setAccessibleName("Muscle")
        form.addRow("&Muscle", self.muscle)

        side_box = QGroupBox()  # a labelled group for assistive technology
        side_box.setFlat(True)
        side_box.setAccessibleName("Side")
        side_row = QHBoxLayout(side_box)
        side_row.setContentsMargins(0, 0, 0, 0)
        self.sides = QButtonGroup(self)
        for side in SIDES:
            button = QRadioButton(side.capitalize())
            button.setObjectName(f"side-{side}")
            self.sides.addButton(button)
            side_row.addWidget(button)
        self.sides.buttons()[0].setChecked(True)
        side_row.addStretch(1)
        form.addRow("Side", side_box)

        severity_row = QHBoxLayout()
        self.severity = QSlider(Qt.Orientation.Horizontal)
        self.severity.setRange(0, 10)
        self.severity.setValue(5)
        self.severity.setPageStep(1)
        self.severity.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.severity.setAccessibleName("Severity from 0, none, to 10, worst imaginable")
        self.severity_text = QLabel()
        self.severity_text.setMinimumWidth(150)
        self.severity.valueChanged.connect(self._show_severity)
        self._show_severity(5)
        severity_row.addWidget(self.severity, 1)
        severity_row.addWidget(self.severity_text)
        severity_caption = QLabel("&Severity")
        severity_caption.setBuddy(self.severity)
        form.addRow(severity_caption, severity_row)

        self.minutes = QDoubleSpinBox()
        self.minutes.setRange(0, 24 * 60)
        self.minutes.setDecimals(1)
        self.minutes.setSpecialValueText("not noted")
        self.minutes.setSuffix(" min")
        self.minutes.setAccessibleName("How many minutes it lasted")
        form.addRow("&Lasted", self.minutes)

        self.during_sleep = QCheckBox("It woke me up / happened in bed")
        self.during_sleep.setChecked(now.hour >= 22 or now.hour < 7)
        form.addRow("Sleep", self.during_sleep)

        triggers = QGroupBox("Possible triggers")
        t_layout = QHBoxLayout(triggers)
        self.triggers: dict[str, QCheckBox] = {}
        for key, label in TRIGGERS.items():
            box = QCheckBox(label)
            box.setObjectName(f"trigger-{key}")
            t_layout.addWidget(box)
            self.triggers[key] = box

        signs = QGroupBox("Did the leg also show…")
        s_layout = QHBoxLayout(signs)
        self.swelling = QCheckBox("Swelling")
        self.warmth = QCheckBox("Warmth")
        self.redness = QCheckBox("Redness")
        self.weakness = QCheckBox("Muscle weakness")
        for box in (self.swelling, self.warmth, self.redness, self.weakness):
            s_layout.addWidget(box)
        s_layout.addStretch(1)

        self.notes = QLineEdit()
        self.notes.setMaxLength(2000)
        self.notes.setPlaceholderText("Optional: anything you noticed")
        self.notes.setAccessibleName("Notes")
        form.addRow("&Notes", self.notes)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(triggers)
        layout.addWidget(signs)
        layout.addWidget(buttons)
        self.muscle.setFocus()

    def _show_severity(self, value: int) -> None:
        self.severity_text.setText(severity_label(value))
        self.severity.setAccessibleDescription(severity_label(value))  # "5/10 (moderate)"

    def cramp(self) -> Cramp:
        when = self.when.dateTime().toPython()
        assert isinstance(when, dt.datetime)
        checked = self.sides.checkedButton()
        side = checked.objectName().removeprefix("side-") if checked else None
        minutes = self.minutes.value()
        return Cramp(
            at=when.replace(tzinfo=self.zone),
            muscle=self.muscle.currentData(),
            side=side,
            severity=self.severity.value(),
            minutes=minutes or None,
            during_sleep=self.during_sleep.isChecked(),
            notes=self.notes.text().strip(),
            triggers=tuple(k for k, box in self.triggers.items() if box.isChecked()),
            swelling=self.swelling.isChecked(),
            redness=self.redness.isChecked(),
            weakness=self.weakness.isChecked(),
            warmth=self.warmth.isChecked(),
        )

    def accept(self) -> None:
        self.logged.emit(self.cramp())
        super().accept()
