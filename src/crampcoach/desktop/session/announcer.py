"""What a screen reader hears during a session: polite announcements at the moments the
captions change (a new step, its instruction, a new phase) — never every second.

Two channels, measured with Orca on a real desktop: Orca 43 (Debian 12) ignores Qt's
announcement events but speaks a change of the focused element's description, so while
the player (or nothing else) has focus the text goes there; newer screen readers get the
announcement event when focus is elsewhere. Never both, so nothing is said twice.

``instructions_by`` (Settings) decides who speaks the instructions. "narrator": the app's
voice says everything and the screen reader hears only step changes, so the two never talk
over each other. "screen-reader": the narrator stays silent and every instruction and phase
word is announced instead.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QApplication, QWidget

from crampcoach.core.timeline import Cue


class Announcer(QObject):
    announced = Signal(str)  # what was handed to assistive technology (tests, traces)

    def __init__(self, widget: QWidget, everything: bool = False) -> None:
        super().__init__(widget)
        self.widget = widget
        self.everything = everything

    def cue(self, cue: Cue, steps: int) -> None:
        """A new step always; instructions and the end when the screen reader speaks them."""
        if cue.kind == "step" and cue.step is not None:
            self.step(f"Step {cue.step + 1} of {steps}: {cue.text}")
        elif cue.kind in ("say", "end", "switch"):
            self.detail(cue.text)

    def set_everything(self, everything: bool) -> None:
        """Nobody else speaks after all (the narrator's engine failed): say it all."""
        self.everything = self.everything or everything

    def step(self, text: str) -> None:
        """A new step (its name, side and first instruction): always announced."""
        self._say(text)

    def detail(self, text: str) -> None:
        """An instruction or a phase word: announced when the screen reader speaks them."""
        if self.everything:
            self._say(text)

    def state(self, paused: bool) -> None:
        """Pause and resume are said: the button's name alone does not change."""
        self._say("Paused" if paused else "Going on")

    def _say(self, text: str) -> None:
        text = " ".join(text.split())
        if not text:
            return
        focus = QApplication.focusWidget()
        if focus is None or focus is self.widget:
            # said again (Restart step) must still be heard: a description that does not
            # change sends no event, so the old one is cleared first
            self.widget.setAccessibleDescription("")
            self.widget.setAccessibleDescription(text)
        else:
            event = QAccessibleAnnouncementEvent(self.widget, text)
            event.setPoliteness(QAccessible.AnnouncementPoliteness.Polite)
            QAccessible.updateAccessibility(event)
        self.announced.emit(text)
