"""Desktop test set-up: the whole app, or one session, on a fake clock with fake speech and
no sound device. Sessions are built by the app's own launcher, never by hand."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from crampcoach.core.clock import FakeClock
from crampcoach.core.library import LibraryEntry, load_library
from crampcoach.core.routine import Routine
from crampcoach.core.settings import Settings
from crampcoach.core.timeline import build_timeline
from crampcoach.desktop.app import CrampCoachApp
from crampcoach.desktop.session.launcher import PlayOptions, Session, SessionLauncher
from crampcoach.desktop.session.speech import SpeechSynth
from tests.desktop.fakes import FakeOutput, FakeSynth
from tests.fakes import BUILTIN_ROUTINES

MakeSession = Callable[..., Session]


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
def make_session(qtbot: QtBot, clock: FakeClock) -> Iterator[MakeSession]:
    """``make_session(routine or id, voice=, sounds=, path=, synth=, output=)``: a session
    from the launcher, its player shown and focused, not started yet."""
    sessions: list[Session] = []

    def make(
        routine: Routine | str,
        *,
        voice: bool = True,
        sounds: bool = False,
        path: Path | None = None,
        synth: SpeechSynth | None = None,
        output: FakeOutput | None = None,
        settings: Settings | None = None,
    ) -> Session:
        if isinstance(routine, str):
            found = load_library(BUILTIN_ROUTINES, None).get(routine)
            assert found is not None
            routine, path = found.routine, path or found.path
        entry = LibraryEntry(routine, build_timeline(routine), path or Path("r.yaml"), "user")
        launcher = SessionLauncher(
            clock, synth=lambda: synth or FakeSynth(), output=lambda: output or FakeOutput()
        )
        settings = settings or Settings(voice_enabled=voice, sounds_enabled=sounds)
        session = launcher.build(entry, PlayOptions(routine.id), settings, audio=True)
        player = session.player
        qtbot.addWidget(player)
        player.resize(900, 700)
        with qtbot.waitActive(player):
            player.show()
            player.activateWindow()
        player.setFocus()
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.driver.stop()


@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread() -> Iterator[None]:
    """As in the app: no cyclic collection from worker threads (see desktop/collector.py)."""
    import gc

    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        gc.enable()
