"""The first-run welcome: what CrampCoach does, and that it is not medical advice."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from crampcoach.core.safety import DISCLAIMER, RED_FLAGS

WELCOME = (
    "<p><b>CrampCoach guides you through stretching, breathing and relaxation</b> to help "
    "with leg cramps, reminds you before and after workouts and at bedtime, and keeps a cramp "
    "diary so you can see whether it helps.</p>"
    "<p>It works with your eyes closed (it speaks and chimes), with the keyboard only, and "
    "with the sound off (captions).</p>"
    f"<p><b>{DISCLAIMER}</b> {RED_FLAGS}</p>"
)


def welcome_box(parent: QWidget, on_learn: Callable[[], object]) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Information, "Welcome to CrampCoach", WELCOME, parent=parent)
    box.setObjectName("welcome")
    box.setAccessibleName("Welcome to CrampCoach")  # not the rich text it shows
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # gone from the tree once answered
    box.setTextFormat(Qt.TextFormat.RichText)
    learn = box.addButton("Learn about cramps", QMessageBox.ButtonRole.HelpRole)
    box.addButton("Get started", QMessageBox.ButtonRole.AcceptRole)
    box.finished.connect(lambda _r: on_learn() if box.clickedButton() is learn else None)
    return box
