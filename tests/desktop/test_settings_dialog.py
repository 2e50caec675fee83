"""The settings dialog edits every setting and hands back a validated Settings."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from crampcoach.core.settings import Settings
from crampcoach.desktop.session.speech import Voice
from crampcoach.desktop.settings_dialog import SettingsDialog


def test_dialog_round_trips_and_edits(qtbot: QtBot) -> None:
    voices = [Voice("gmw/en", "English (Great Britain)", ("en-gb",))]
    dialog = SettingsDialog(Settings(), voices)
    qtbot.addWidget(dialog)
    assert dialog.result_settings() == Settings()
    dialog.voice.setCurrentIndex(dialog.voice.findData("gmw/en"))
    dialog.voice.activated.emit(dialog.voice.currentIndex())
    dialog.rate.setValue(150)
    dialog.voice_volume.setValue(40)
    dialog.countdown.setChecked(False)
    dialog.sounds.setChecked(False)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    dialog.prepare.setValue(8)
    result = dialog.result_settings()
    assert result.voice == "gmw/en"
    assert result.rate == 150
    assert result.voice_volume == 0.4
    assert not result.countdown_enabled
    assert not result.sounds_enabled
    assert result.theme == "dark"
    assert result.prepare == 8
    assert result.switch is None


def test_voices_listed_later_fill_the_list_and_keep_the_choice(qtbot: QtBot) -> None:
    dialog = SettingsDialog(Settings().changed(voice="gmw/en-us"), [])
    qtbot.addWidget(dialog)
    assert dialog.voice.count() == 1
    dialog.set_voices(
        [
            Voice("gmw/en", "English", ("en-gb",)),
            Voice("gmw/en-us", "English (America)", ("en-us",)),
        ]
    )
    assert dialog.voice.count() == 3
    assert dialog.result_settings().voice == "gmw/en-us"
