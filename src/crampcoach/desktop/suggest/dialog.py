"""The suggestion: one routine, one line saying why, and Start / Show in library / Close."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crampcoach.core.suggest import Suggestion

EMPTY = "There are no routines to choose from yet."


class SuggestDialog(QDialog):
    start_requested = Signal(str)  # routine id
    show_requested = Signal(str)  # routine id: select it in the library

    def __init__(
        self, suggestion: Suggestion | None, length: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.suggestion = suggestion
        self.setObjectName("suggestDialog")
        self.setWindowTitle("What should I do now?")
        layout = QVBoxLayout(self)
        self.title = QLabel(suggestion.title if suggestion else EMPTY)
        self.title.setObjectName("suggestedRoutine")
        font = QFont(self.title.font())
        font.setPointSizeF(max(font.pointSizeF(), 9) * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.why = QLabel(suggestion.why if suggestion else "")
        self.why.setObjectName("suggestionWhy")
        self.why.setWordWrap(True)
        self.why.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.length = QLabel(length)
        layout.addWidget(self.title)
        layout.addWidget(self.length)
        layout.addWidget(self.why)
        buttons = QDialogButtonBox()
        self.start_button = QPushButton("&Start")
        self.show_button = QPushButton("Show in &library")
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText("&Close")
        if suggestion is not None:
            title = suggestion.title
            said = f"Suggested: {title}. {length} {suggestion.why}".replace("  ", " ")
            self.setAccessibleName("What should I do now?")
            self.setAccessibleDescription(said)  # read out as the dialog opens
            self.title.setAccessibleName(f"Suggested routine: {title}")
            self.why.setAccessibleName(f"Why: {suggestion.why}")
            self.start_button.setAccessibleName(f"Start {title}")
            self.show_button.setAccessibleName(f"Show {title} in the library")
            buttons.addButton(self.start_button, QDialogButtonBox.ButtonRole.AcceptRole)
            buttons.addButton(self.show_button, QDialogButtonBox.ButtonRole.ActionRole)
            self.start_button.setDefault(True)
            self.start_button.clicked.connect(self._start)
            self.show_button.clicked.connect(self._show)
        else:
            self.setAccessibleDescription(EMPTY)
            self.close_button.setDefault(True)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def _start(self) -> None:
        assert self.suggestion is not None
        self.accept()
        self.start_requested.emit(self.suggestion.routine_id)

    def _show(self) -> None:
        assert self.suggestion is not None
        self.accept()
        self.show_requested.emit(self.suggestion.routine_id)
