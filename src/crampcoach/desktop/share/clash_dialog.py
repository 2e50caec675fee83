"""The question when an imported routine's id is taken: Replace, Keep both or Cancel.

Cancel is the default (Enter and Esc both cancel), every button has a mnemonic and a name
for screen readers, and the box is opened, not executed: the answer comes as a call."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QWidget

from crampcoach.core.sharing import Choice, Clash

BUTTONS: dict[Choice, tuple[str, str, QMessageBox.ButtonRole]] = {
    "replace": ("&Replace", "Replace the routine you have", QMessageBox.ButtonRole.DestructiveRole),
    "keep-both": ("&Keep both", "Keep both routines", QMessageBox.ButtonRole.AcceptRole),
    "cancel": ("Cancel", "Cancel the import", QMessageBox.ButtonRole.RejectRole),
}


def clash_text(clash: Clash, source: Path) -> tuple[str, str]:
    """The question and what each answer does."""
    existing, incoming = clash.existing.routine, clash.incoming
    if clash.builtin:
        question = f"“{existing.title}” ({existing.id}) is one of CrampCoach's own routines."
    else:
        question = f"You already have a routine with the id {existing.id}: “{existing.title}”."
    keep = f"Keep both: the imported one becomes “{clash.new_title}” ({clash.new_id})."
    lines = [f"“{incoming.title}” from {source.name} has the same id."]
    if clash.builtin:
        lines.append("CrampCoach's own routines cannot be replaced.")
    else:
        lines.append("Replace: yours is replaced by the imported one.")
    lines += [keep, "Cancel: nothing is imported."]
    return question, "\n".join(lines)


def ask_clash(
    clash: Clash, source: Path, parent: QWidget, answer: Callable[[Choice], None]
) -> QMessageBox:
    """Open the question; ``answer`` is called once with the choice (Cancel when the box is
    closed any other way)."""
    question, details = clash_text(clash, source)
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Import routine: the id is taken",
        question,
        QMessageBox.StandardButton.NoButton,
        parent,
    )
    box.setObjectName("importClash")
    box.setInformativeText(details)
    name_icon(box, "Question")
    box.setAccessibleDescription(f"{question} {details}")
    buttons: list[tuple[QPushButton, Choice]] = []
    for choice in clash.choices:
        text, name, role = BUTTONS[choice]
        button = box.addButton(text, role)
        button.setObjectName(choice)
        button.setAccessibleName(name)
        buttons.append((button, choice))
    cancel = buttons[-1][0]  # choices end with "cancel"
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)

    def finished(_result: int) -> None:
        clicked = box.clickedButton()
        box.deleteLater()
        answer(next((c for b, c in buttons if b is clicked), "cancel"))

    box.finished.connect(finished)
    box.open()
    cancel.setFocus()
    return box


def name_icon(box: QMessageBox, name: str) -> None:
    """A screen reader hears what the box's icon says, not "graphic" (Qt names it nothing)."""
    icon = box.findChild(QLabel, "qt_msgboxex_icon_label")
    if icon is not None:
        icon.setAccessibleName(name)
