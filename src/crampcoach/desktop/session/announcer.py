"""What a screen reader hears during a session: polite announcements at the moments the
captions change (a new step, its instruction, a new phase) — never every second.

``instructions_by`` (Settings) decides who speaks the instructions. "narrator": the app's
voice says everything and the screen reader hears only step changes, so the two never talk
over each other. "screen-reader": the narrator stays silent and every instruction and phase
word is announced instead.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget

from crampcoach.core.timeline import Cue


class Announcer(QObject):
    announced = Signal(str)  # what was handed to assistive technology (tests, traces)

    def __init__(self, widget: QWidget, everything: bool = False) -> None:
        super().__init__(widget)
        self.widget = widget
        self.everything = everything
        self._last = ""

    def cue(self, cue: Cue, steps: int) -> None:
        """A new step always; instructions and the end when the screen reader speaks them."""
        if cue.kind == "step" and cue.step is not None:
            self.step(f"Step {cue.step + 1} of {steps}: {cue.text}")
        elif cue.kind in ("say", "end", "switch"):
            self.detail(cue.text)

    def step(self, text: str) -> None:
        """A new step (its name, side and first instruction): always announced."""
        self._say(text)

    def detail(self, text: str) -> None:
        """An instruction or a phase word: announced when the screen reader speaks them."""
        if self.everything:
            self._say(text)

    def _say(self, text: str) -> None:
        text = " ".join(text.split())
        if not text or text == self._last:
            return
        self._last = text
        event = QAccessibleAnnouncementEvent(self.widget, text)
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
        QAccessible.updateAccessibility(event)
        self.announced.emit(text)
