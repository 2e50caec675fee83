"""GUI test set-up: a player wired to a fake clock, fake speech and no sound device."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from crampcoach.app.narrator import Narrator
from crampcoach.app.session_driver import SessionDriver
from crampcoach.core.clock import FakeClock
from crampcoach.core.library import load_library
from crampcoach.core.routine import Routine
from crampcoach.core.session import SessionState
from crampcoach.core.timeline import build_timeline
from crampcoach.gui import CrampCoachApp
from crampcoach.ui.player import PlayerView
from tests.conftest import BUILTIN_ROUTINES
from tests.gui.fakes import FakeOutput, FakeSynth

MakePlayer = Callable[..., PlayerView]


@pytest.fixture
def app(
    qtbot: QtBot, qapp: QApplication, clock: FakeClock, tmp_path: Path
) -> Iterator[CrampCoachApp]:
    """The whole app on a fake clock, its library loaded; user routines under tmp_path."""
    instance = CrampCoachApp(qapp, clock=clock, user_routines=tmp_path / "routines")
    qtbot.addWidget(instance.window)
    with qtbot.waitSignal(instance.loader.loaded, timeout=5000):
        pass
    yield instance
    instance.shutdown()


@pytest.fixture
def make_player(qtbot: QtBot, clock: FakeClock) -> Iterator[MakePlayer]:
    players: list[PlayerView] = []

    def make(routine: Routine | str, *, voice: bool = True, path: Path | None = None) -> PlayerView:
        if isinstance(routine, str):
            entry = load_library(BUILTIN_ROUTINES, None).get(routine)
            assert entry is not None
            routine = entry.routine
        driver = SessionDriver(build_timeline(routine), clock)
        narrator = None
        if voice:
            narrator = Narrator(FakeSynth(), output=FakeOutput())
        player = PlayerView(driver, routine, path, narrator=narrator)
        qtbot.addWidget(player)
        player.resize(900, 700)
        with qtbot.waitActive(player):
            player.show()
            player.activateWindow()
        player.setFocus()
        players.append(player)
        return player

    yield make
    for player in players:
        player.driver.stop()


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


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread() -> Iterator[None]:
    """As in the app: no cyclic collection from worker threads (see app/collector.py)."""
    import gc

    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()
