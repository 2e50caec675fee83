"""The player: what a person sees while a routine plays (a view only).

Everything on screen is read from the session engine's clock-derived position; the
refresh timer only repaints and never advances anything. What is heard is wired to the
driver by the launcher (launcher.py), not relayed through here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crampcoach.core.routine import Routine, TenseStep
from crampcoach.core.session import SessionState, SessionSummary
from crampcoach.core.timeline import Cue
from crampcoach.desktop.session.announcer import Announcer
from crampcoach.desktop.session.dial import PhaseDial
from crampcoach.desktop.session.driver import SessionDriver
from crampcoach.desktop.session.figure_driver import show_figure
from crampcoach.desktop.session.summary_page import SummaryPage, short
from crampcoach.desktop.widgets.figure_view import FigureView
from crampcoach.desktop.widgets.flow_layout import FlowLayout
from crampcoach.desktop.widgets.formatting import clock_text
from crampcoach.desktop.widgets.notice import NoticeBar
from crampcoach.desktop.widgets.session_bar import SessionBar

REFRESH_MS = 33  # repaint rate while playing (display only)
FONT_POINTS = {"step_name": 26, "caption": 17, "cue_line": 15}  # at full size (theme.py)
CAPTION_KINDS = {"step", "say", "end"}  # the rest show on the cue line


class PlayerView(QWidget):
    closed = Signal(object)  # SessionSummary, when the person leaves the player
    mute_toggled = Signal(bool)  # True: the voice is muted
    discarded = Signal()  # the window let go of this player: its session ends

    def __init__(
        self,
        driver: SessionDriver,
        routine: Routine,
        routine_path: Path | None = None,
        parent: QWidget | None = None,
        *,
        announce_everything: bool = False,
    ) -> None:
        super().__init__(parent)
        self.announcer = Announcer(self, everything=announce_everything)
        self._phase_start: float | None = None
        self.driver = driver
        self.routine = routine
        self.routine_path = routine_path
        self.muted = False
        self.captions: list[str] = []  # every caption shown, in order (for tests/trace)
        self._caption_t: float | None = None
        self._shown_step = -1
        self.stop_dialog: QMessageBox | None = None
        self.setObjectName("player")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # so shortcuts work from the start
        self.setAccessibleName(f"Player: {routine.title}")

        self._build()

        self._refresh = QTimer(self)
        self._refresh.setInterval(REFRESH_MS)
        self._refresh.timeout.connect(self.refresh)

        driver.cue_fired.connect(self._on_cue)
        driver.state_changed.connect(self._on_state)
        driver.jumped.connect(self._on_jump)
        driver.finished.connect(self._on_finished)
        self.set_voice_available(False)
        self.refresh()

    # -- construction ----------------------------------------------------------------------
    def _build(self) -> None:
        self.pages = QStackedWidget(self)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)

        session = QWidget()
        layout = QVBoxLayout(session)
        layout.setContentsMargins(24, 16, 24, 16)

        top = QHBoxLayout()
        self.title = QLabel(self.routine.title)
        self.title.setObjectName("playerTitle")
        self.step_counter = QLabel()
        self.step_counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        top.addWidget(self.title, 1)
        top.addWidget(self.step_counter)
        layout.addLayout(top)

        self.progress = SessionBar()
        layout.addWidget(self.progress)
        self.time_label = QLabel()
        self.time_label.setObjectName("timeLabel")
        layout.addWidget(self.time_label)

        self.notice = NoticeBar()
        layout.addWidget(self.notice)

        self.step_name = QLabel()
        self.step_name.setObjectName("stepName")
        self.step_name.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.step_name.setWordWrap(True)
        self.side_badge = QLabel()
        self.side_badge.setObjectName("sideBadge")
        self.side_badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.paused_badge = QLabel("PAUSED  ·  press Space to go on")
        self.paused_badge.setObjectName("pausedBadge")
        self.paused_badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.paused_badge.setAccessibleName("Paused")
        self.paused_badge.setVisible(False)
        layout.addWidget(self.step_name)
        layout.addWidget(self.side_badge, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.paused_badge, 0, Qt.AlignmentFlag.AlignHCenter)

        middle = QHBoxLayout()
        self.image = QLabel()
        self.image.setObjectName("stepImage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setVisible(False)
        self.image.setMaximumWidth(320)
        self.figure = FigureView()  # the main picture during stretch, move and tense steps
        self.figure.setVisible(False)
        self.dial = PhaseDial()
        middle.addWidget(self.image)
        middle.addWidget(self.figure, 2)
        middle.addWidget(self.dial, 1)
        layout.addLayout(middle, 1)

        self.caption = QLabel()
        self.caption.setObjectName("caption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        # no fixed accessible name: a screen reader reads (and hears changes of) the text
        self.caption.setAccessibleDescription("Instruction")
        self.caption.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.cue_line = QLabel()
        self.cue_line.setObjectName("cueLine")
        self.cue_line.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.cue_line.setAccessibleDescription("Count")
        self.next_label = QLabel()
        self.next_label.setObjectName("nextLabel")
        self.next_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        for label in (self.step_name, self.caption, self.cue_line, self.next_label):
            # long text wraps to the window and never widens it
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        layout.addWidget(self.caption)
        layout.addWidget(self.cue_line)
        layout.addWidget(self.next_label)

        controls = FlowLayout(centered=True)  # wraps in a narrow window
        self.shortcuts: dict[str, QShortcut] = {}
        buttons: dict[str, QPushButton] = {}
        for name, text, tip, key, slot in (
            ("prev", "◀  Previous", "Previous step", Qt.Key.Key_Left, self.driver.previous_step),
            ("restart", "↺  Restart step", "Restart this step", Qt.Key.Key_R,
             self.driver.restart_step),
            ("play", "Pause", "Pause or resume", Qt.Key.Key_Space, self.driver.toggle_pause),
            ("next", "Next  ▶", "Next step", Qt.Key.Key_Right, self.driver.next_step),
            ("mute", "Mute voice", "Mute or unmute the voice", Qt.Key.Key_M, self.toggle_mute),
            ("stop", "Stop", "Stop the session", Qt.Key.Key_Escape, self.confirm_stop),
        ):  # fmt: skip
            sequence = QKeySequence(key)
            button = QPushButton(text)
            button.setToolTip(
                f"{tip} ({sequence.toString(QKeySequence.SequenceFormat.NativeText)})"
            )
            button.setAccessibleName(tip)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(slot)
            controls.addWidget(button)
            buttons[name] = button
            shortcut = QShortcut(sequence, self)  # the key works wherever focus is
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts[sequence.toString()] = shortcut
        self.prev_button, self.restart_button, self.play_button = (
            buttons["prev"],
            buttons["restart"],
            buttons["play"],
        )
        self.next_button, self.mute_button, self.stop_button = (
            buttons["next"],
            buttons["mute"],
            buttons["stop"],
        )
        self.play_button.setObjectName("playButton")
        self.mute_button.setCheckable(True)
        layout.addLayout(controls)
        self.pages.addWidget(session)

        self.summary = SummaryPage()
        self.summary.done.connect(self._leave)
        # the names tests and the app have always used for the summary's parts
        self.summary_title, self.summary_text = self.summary.title, self.summary.text
        self.summary_note, self.done_button = self.summary.note, self.summary.done_button
        self.pages.addWidget(self.summary)

    # -- session events ------------------------------------------------------------------------
    def show_waiting(self, text: str) -> None:
        """Before the first cue: say why the session has not started yet (or clear it).
        On the cue line, so the caption, the first step's words, always shows."""
        self.cue_line.setText(text)

    def set_voice_available(self, available: bool) -> None:
        self.mute_button.setEnabled(available)

    def _on_cue(self, index: int, cue: Cue) -> None:
        self.captions.append(cue.text)  # everything said is shown somewhere
        self.announcer.cue(cue, len(self.driver.timeline.steps))
        if cue.kind in CAPTION_KINDS and not self._names_the_step(cue):
            if cue.t == self._caption_t and cue.kind == "say":
                text = f"{self.caption.text()}\n{cue.text}".strip()
            else:
                text = cue.text
            self._caption_t = cue.t
            self.caption.setText(text)
            if cue.kind != "say":
                self.cue_line.setText("")
        elif cue.kind == "step":  # the title and the side badge already say it
            self._caption_t = cue.t
            self.caption.setText("")
            self.cue_line.setText("")
        else:  # counts, holds, "Switch to the right side": the how-to text stays
            self.cue_line.setText(cue.text)
        self.refresh()

    def _names_the_step(self, cue: Cue) -> bool:
        """A step cue that only says the step's name (and side), shown above already."""
        if cue.kind != "step" or cue.step is None:
            return False
        name = self.driver.timeline.steps[cue.step].name
        rest = cue.text.removeprefix(name).strip(" .") if cue.text.startswith(name) else None
        return rest is not None and rest.lower() in ("", "left side", "right side")

    def _on_state(self, state: str) -> None:
        running = state == SessionState.RUNNING.value
        self.play_button.setText("Pause" if running else "Resume")
        paused = state == SessionState.PAUSED.value
        if paused != self.paused_badge.isVisibleTo(self) and state != "ready":
            self.announcer.state(paused)
        self.paused_badge.setVisible(paused)
        if running:
            self._refresh.start()
        else:
            self._refresh.stop()
        self.refresh()

    def _on_jump(self) -> None:
        self._caption_t = None
        self._phase_start = None  # a restarted phase is announced again
        self.refresh()

    def _on_finished(self, summary: SessionSummary) -> None:
        self._refresh.stop()
        self.summary.show_summary(summary, self.routine, self.driver.timeline)
        self.pages.setCurrentIndex(1)
        self.summary.done_button.setFocus()
        # the Done button, not the player, has focus now: read the summary out with it
        self.summary.done_button.setAccessibleDescription(self.summary.spoken())

    def _leave(self) -> None:
        self.closed.emit(self.driver.summary())

    # -- controls ------------------------------------------------------------------------------
    def confirm_stop(self) -> None:
        """Esc / Stop: pause and ask; a second Esc (or No) carries on."""
        if not self.driver.engine.is_active:
            if self.pages.currentIndex() == 1:
                self._leave()
            return
        if self.stop_dialog is not None:
            return
        was_running = self.driver.state is SessionState.RUNNING
        self.driver.pause()
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Stop the session?",
            "Stop this session? What you have done so far is kept.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)

        def answered(result: int) -> None:
            self.stop_dialog = None
            box.deleteLater()
            if result == QMessageBox.StandardButton.Yes:
                self.driver.stop()
            elif was_running:
                self.driver.resume()

        box.finished.connect(answered)
        self.stop_dialog = box
        box.open()

    def toggle_mute(self) -> None:
        if not self.mute_button.isEnabled():
            return
        self.muted = not self.muted
        self.mute_button.setChecked(self.muted)
        self.mute_button.setText("Unmute voice" if self.muted else "Mute voice")
        self.mute_toggled.emit(self.muted)

    def discard(self) -> None:
        """The window is done with this player: end its session and its sound."""
        self._refresh.stop()
        self.driver.stop()
        self.discarded.emit()

    def show_notice(self, text: str) -> None:
        self.notice.show_text(text)
        self.announcer.step(text)  # a screen reader hears it too

    def clear_notice(self) -> None:
        """What the notice warned about is over (speech works again)."""
        self.notice.show_text("")

    # -- drawing -------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:
        """Large text scales down with the window, so from 480 x 560 up nothing overlaps."""
        super().resizeEvent(event)
        scale = max(0.55, min(1.0, self.width() / 900, self.height() / 720))
        for label, points in FONT_POINTS.items():
            widget = getattr(self, label)
            widget.setStyleSheet(f"font-size: {points * scale:.1f}pt;")

    def refresh(self) -> None:
        engine = self.driver.engine
        timeline = engine.timeline
        position = engine.position
        index = engine.step_index
        phase = engine.phase
        self.progress.set_fraction(position / timeline.duration if timeline.duration else 0.0)
        self.time_label.setText(
            f"{clock_text(position)} / {clock_text(timeline.duration)}"
            f"  ·  {clock_text(engine.remaining)} left"
        )
        self.step_counter.setText(f"Step {index + 1} of {len(timeline.steps)}")
        self.dial.show_phase(phase, engine.phase_progress(), phase.end - position)
        if phase.start != self._phase_start and phase.kind not in ("say", "prepare", "switch"):
            self._phase_start = phase.start  # a new phase: its word, once
            seconds = round(phase.end - phase.start)
            unit = "second" if seconds == 1 else "seconds"
            self.announcer.detail(f"{self.dial.word()}, {seconds} {unit}")
        side = phase.side
        self.side_badge.setText(f"{side.upper()} SIDE" if side else "")
        self.side_badge.setVisible(bool(side))
        if index != self._shown_step:
            self._shown_step = index
            self._show_step(index)
        show_figure(self.figure, self.routine, phase, position)

    def _show_step(self, index: int) -> None:
        timeline = self.driver.timeline
        step = self.routine.steps[index]
        name = timeline.steps[index].name
        if isinstance(step, TenseStep):
            name = f"{name} — tense, then relax"
        self.step_name.setText(name)
        upcoming = (
            short(timeline.steps[index + 1].name) if index + 1 < len(timeline.steps) else "Finish"
        )
        self.next_label.setText(f"Next: {upcoming}")
        pixmap = self._image_for(step.image)
        self.image.setVisible(pixmap is not None)
        if pixmap is not None:
            self.image.setPixmap(
                pixmap.scaledToWidth(300, Qt.TransformationMode.SmoothTransformation)
            )

    def _image_for(self, image: str | None) -> QPixmap | None:
        if not image or self.routine_path is None:
            return None
        pixmap = QPixmap(str(self.routine_path.parent / image))
        return None if pixmap.isNull() else pixmap
