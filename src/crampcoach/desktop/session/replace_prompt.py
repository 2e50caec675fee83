"""Starting a routine while another plays: never throw a session away unasked."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from crampcoach.desktop.session.launcher import Session


def ask_to_replace(
    playing: Session,
    title: str,
    parent: QWidget,
    switch_to: Callable[[], object],
    *,
    still_playing: Callable[[], bool],
) -> QMessageBox:
    """Pause ``playing`` and ask. Keeping it is the default: Enter, Space and Esc all keep
    it (and resume it if it was running)."""
    was_running = playing.driver.state.value == "running"
    playing.driver.pause()
    current = playing.entry.routine.title
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Stop this session?",
        f"“{current}” is in progress. Stop it and start “{title}”?",
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("replaceSession")
    keep = box.addButton(f"Keep doing {current}", QMessageBox.ButtonRole.RejectRole)
    switch = box.addButton(f"Stop and start {title}", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)

    def answered(_result: int) -> None:
        if box.clickedButton() is switch:
            switch_to()
        elif was_running and still_playing():
            playing.driver.resume()

    box.finished.connect(answered)
    box.open()
    return box
