"""Test doubles for the Qt services (speech without an engine, sound without a device,
notifications without a server) and helpers that drive a session on the fake clock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from pytestqt.qtbot import QtBot

from crampcoach.core.clock import FakeClock
from crampcoach.core.schedule import Firing
from crampcoach.core.session import SessionState
from crampcoach.desktop.session.player import PlayerView
from crampcoach.desktop.session.speech import SpeechSynth

if TYPE_CHECKING:
    from crampcoach.desktop.app import CrampCoachApp


class FakeOutput(QObject):
    """Stands in for SessionAudio: records lines and chimes; a line plays until finish() or
    stop()."""

    line_finished = Signal()
    failed = Signal(str)
    running = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.available = True
        self.started = False
        self.volume = 1.0
        self.current: bytes | None = None
        self.played: list[bytes] = []
        self.stops = 0
        self.chimes: list[bytes] = []
        self.chime_volume = 1.0
        self.closed = False
        self.placed_lines: list[tuple[bytes, float]] = []
        self.placed_chimes: list[tuple[bytes, float]] = []
        self.lead_seconds = 0.0

    def start(self) -> None:
        self.started = True

    def is_running(self) -> bool:
        return True

    def play(self, pcm: bytes) -> None:
        self.current = pcm
        self.played.append(pcm)

    def play_at(self, pcm: bytes, when: float) -> None:
        self.placed_lines.append((pcm, when))

    def chime_at(self, pcm: bytes, when: float) -> None:
        self.placed_chimes.append((pcm, when))

    @property
    def placed(self) -> list[tuple[bytes, float]]:
        """Lines and chimes written ahead, to come out at their time, in time order."""
        return sorted(self.placed_lines + self.placed_chimes, key=lambda p: p[1])

    def cancel_ahead(self) -> None:
        self.placed_lines.clear()
        self.placed_chimes.clear()

    def lead(self) -> float:
        """How long ahead a sound is written (0: sounds start when their cue fires)."""
        return self.lead_seconds

    def stop(self) -> None:
        if self.current is not None:
            self.stops += 1
        self.current = None
        self.placed_lines.clear()  # as the mixer drops the lines placed ahead

    def is_playing(self) -> bool:
        return self.current is not None

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def chime(self, pcm: bytes) -> None:
        self.chimes.append(pcm)

    def is_chiming(self) -> bool:
        return False

    def set_chime_volume(self, volume: float) -> None:
        self.chime_volume = volume

    def close(self) -> None:
        self.current = None
        self.closed = True

    def finish(self) -> None:
        """The current line has been said to its end."""
        self.current = None
        self.line_finished.emit()


class FakeSynth(SpeechSynth):
    """Says every line is ready at once, remembering what it was asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.requests: list[str] = []

    def request(self, text: str, voice: str, rate: int, priority: float) -> str:
        key = self.key_for(text, voice, rate)
        self.requests.append(text)
        self.ready.emit(key, f"/fake/{key}.wav", 1.0, text.encode())
        return key

    def start(self) -> None:  # no worker thread
        pass


class FakeNotifier(QObject):
    """Stands in for the desktop notifier: remembers what it was asked to show."""

    action = Signal(object, str, int)  # Firing, action, minutes

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[Firing] = []
        self.titles: list[str | None] = []
        self.withdrawn: list[Firing] = []

    def notify(self, firing: Firing, routine_title: str | None = None) -> None:
        self.shown.append(firing)
        self.titles.append(routine_title)

    def pending(self) -> int:
        return 0

    def withdraw(self, firing: Firing) -> None:
        self.withdrawn.append(firing)

    def close(self) -> None:
        pass


def started_player(app: CrampCoachApp, qtbot: QtBot) -> PlayerView:
    """The player ``app.start`` opened, once its session runs (after the audio probe and,
    with sound, once the stream has settled)."""
    qtbot.waitUntil(lambda: app.window.player is not None)
    player = app.window.player
    assert player is not None
    qtbot.waitUntil(lambda: player.driver.state is not SessionState.READY, timeout=6000)
    return player


def run_until(player: PlayerView, clock: FakeClock, t: float) -> None:
    """Advance the fake clock to session time ``t`` the way the real timer would."""
    driver = player.driver
    while driver.state is SessionState.RUNNING and driver.engine.position < t - 1e-9:
        wait = driver.engine.time_to_next_cue()
        assert wait is not None
        clock.advance(min(wait, t - driver.engine.position))
        driver.poll_now()
    player.refresh()


def run_to_end(player: PlayerView, clock: FakeClock) -> None:
    run_until(player, clock, player.driver.timeline.duration + 1)
