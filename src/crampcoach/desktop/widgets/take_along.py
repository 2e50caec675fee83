"""The "Take it with you" menu: a routine as an audio file, a printout or a file to share,
beside the details and on a card's context menu."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QMenu, QToolButton

KINDS = (
    ("Save as audio…", "audio"),
    ("Print or save as PDF…", "handout"),
    ("Share as a file (.yaml)…", "routine"),
)


def take_along_button(cards: QAbstractItemView, export: Callable[[str], None]) -> QToolButton:
    """The button; its actions also go on ``cards``' context menu. ``export(kind)``."""
    button = QToolButton()
    button.setText("Take it with you")
    button.setAccessibleName(
        "Take the selected routine with you: audio file, printout or a file to share"
    )
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    menu = QMenu(button)
    for text, kind in KINDS:
        action = menu.addAction(text)
        action.triggered.connect(lambda _=False, k=kind: export(k))
    button.setMenu(menu)
    cards.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    cards.addActions(menu.actions())
    return button
