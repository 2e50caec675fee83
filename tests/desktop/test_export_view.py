"""In the app: "Save as audio…" (off the GUI thread, progress and Cancel) and "Print or save
as PDF…" on a routine in the library."""

from __future__ import annotations

from pathlib import Path

import pytest
import soundfile
from pytestqt.qtbot import QtBot

from crampcoach.core.library import load_library
from crampcoach.core.settings import Settings
from crampcoach.desktop.export.controller import ExportController
from crampcoach.desktop.library_view import LibraryView
from crampcoach.desktop.session import speech
from tests.desktop.test_render import tone_engine
from tests.fakes import BUILTIN_ROUTINES


@pytest.fixture
def view(qtbot: QtBot, tmp_path: Path) -> LibraryView:
    view = LibraryView()
    qtbot.addWidget(view)
    view.set_library(load_library(BUILTIN_ROUTINES, tmp_path / "user"))
    view.select("box-breathing")
    return view


@pytest.fixture
def tone_speech(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = speech.SpeechSynth
    monkeypatch.setattr(
        speech, "SpeechSynth", lambda: real(cache=tmp_path / "cache", target=tone_engine)
    )


def test_the_details_pane_and_a_cards_menu_offer_both(view: LibraryView, qtbot: QtBot) -> None:
    menu = view.take_along.menu()
    assert menu is not None
    assert [a.text() for a in menu.actions()] == [
        "Save as audio…",
        "Print or save as PDF…",
        "Share as a file (.yaml)…",  # desktop/share/
    ]
    assert view.cards.actions() == menu.actions()  # the same on a card's context menu
    for action, kind in zip(menu.actions(), ("audio", "handout", "routine"), strict=True):
        with qtbot.waitSignal(view.export_requested) as asked:
            action.trigger()
        assert asked.args == [kind, "box-breathing"]


@pytest.mark.usefixtures("tone_speech")
def test_save_as_audio_works_off_the_gui_thread_with_progress(
    view: LibraryView, qtbot: QtBot, tmp_path: Path
) -> None:
    controller = ExportController(view, Settings)
    entry = view.library.get("box-breathing")
    assert entry is not None
    with qtbot.waitSignal(controller.saved, timeout=60000) as finished:
        job = controller.save_audio(entry, tmp_path / "box.ogg")
        assert job is not None
        assert job.worker.is_alive()  # the work is on a thread of its own
        assert controller.save_audio(entry, tmp_path / "again.ogg") is None  # one at a time
    assert finished.args == [str(tmp_path / "box.ogg"), ""]
    with soundfile.SoundFile(tmp_path / "box.ogg") as f:
        assert f.frames / f.samplerate > entry.timeline.duration
    assert controller.job is None


@pytest.mark.usefixtures("tone_speech")
def test_cancel_leaves_no_file(view: LibraryView, qtbot: QtBot, tmp_path: Path) -> None:
    controller = ExportController(view, Settings)
    entry = view.library.get("box-breathing")
    assert entry is not None
    with qtbot.waitSignal(controller.saved, timeout=60000) as finished:
        job = controller.save_audio(entry, tmp_path / "box.wav")
        assert job is not None
        job.cancel.set()  # the progress dialog's Cancel
    assert finished.args[1] == "cancelled"
    job.worker.join(5)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(("box", ".box"))] == []
