"""The library before the app (desktop/main.py): loaded on the import thread and shown by
the window, then taken by the app as it is, not loaded again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from crampcoach.core.clock import FakeClock
from crampcoach.core.resources import builtin_routines_dir
from crampcoach.desktop.app import CrampCoachApp
from crampcoach.desktop.background import load_for_view
from crampcoach.desktop.main_window import MainWindow
from crampcoach.desktop.session.launcher import PlayOptions


def test_a_library_shown_first_is_taken_as_it_is_and_a_waiting_play_hears_it(
    qapp: QApplication,
    qtbot: QtBot,
    clock: FakeClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    library = load_for_view(builtin_routines_dir(), tmp_path / "routines", None)
    shown: list[object] = []
    window.library_shown.connect(shown.append)
    window.set_library(library)
    assert shown == [library]  # --trace's library-ready: when the cards are in the list
    started: list[str] = []
    monkeypatch.setattr(CrampCoachApp, "start", lambda self, ref, options=None: started.append(ref))
    app = CrampCoachApp(
        qapp,
        clock=clock,
        user_routines=tmp_path / "routines",
        use_tray=False,
        window=window,
        library=library,
    )
    try:
        app.pending_play = PlayOptions("box-breathing")  # as desktop/main.py sets it
        with qtbot.waitSignal(app.loader.loaded, timeout=5000) as loaded:
            pass
        assert loaded.args == [library]  # the same library, not loaded again
        assert app.loader.library is library
        assert shown == [library]  # and not filled again
        assert started == ["box-breathing"]
    finally:
        app.shutdown()
