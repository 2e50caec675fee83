"""The settings dialog edits every setting and hands back a validated Settings."""

from __future__ import annotations

from collections.abc import Callable

import pytest
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


def test_voices_for_the_contents_language_come_first_the_rest_on_request(
    qtbot: QtBot,
) -> None:
    voices = [
        Voice("gmw/af", "Afrikaans", ("af",)),
        Voice("gmw/en-us", "English (America)", ("en-us",)),
        Voice("zle/ru", "Russian", ("ru",)),
        Voice("gmw/en", "English (Great Britain)", ("en-gb",)),
    ]
    dialog = SettingsDialog(Settings(), voices)
    qtbot.addWidget(dialog)
    shown = [dialog.voice.itemData(i) for i in range(dialog.voice.count())]
    assert shown == ["", "gmw/en-us", "gmw/en"]
    dialog.all_voices.setChecked(True)
    shown = [dialog.voice.itemData(i) for i in range(dialog.voice.count())]
    assert shown == ["", "gmw/en-us", "gmw/en", "gmw/af", "zle/ru"]  # English still first
    chosen_elsewhere = SettingsDialog(Settings().changed(voice="zle/ru"), voices)
    qtbot.addWidget(chosen_elsewhere)
    assert chosen_elsewhere.voice.currentData() == "zle/ru"  # a chosen voice never vanishes


def test_test_voice_says_a_sample_with_the_chosen_voice_rate_and_volume(
    qtbot: QtBot,
) -> None:
    voices = [Voice("gmw/en", "English (Great Britain)", ("en-gb",))]
    dialog = SettingsDialog(Settings(), voices)
    qtbot.addWidget(dialog)
    dialog.voice.setCurrentIndex(dialog.voice.findData("gmw/en"))
    dialog.rate.setValue(140)
    dialog.voice_volume.setValue(70)
    with qtbot.waitSignal(dialog.test_voice) as asked:
        dialog.test_button.click()
    assert asked.args == ["gmw/en", 140, 0.7]


def test_the_sample_goes_through_the_speech_process_and_the_session_stream(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crampcoach.desktop.session import voice_sample
    from crampcoach.desktop.session.voice_sample import SAMPLE, VoiceSample
    from tests.desktop.fakes import FakeSynth

    class SoundAnswers:
        def when_ready(self, callback: Callable[[bool], None]) -> None:
            callback(True)

    monkeypatch.setattr(voice_sample, "shared_gate", SoundAnswers)
    synth = FakeSynth()
    sample = VoiceSample(synth)
    played: list[bytes] = []
    sample._play = played.append  # type: ignore[method-assign]  # no sound device here
    sample.play("gmw/en", 140, 0.7)
    assert synth.requests == [SAMPLE]
    qtbot.waitUntil(lambda: played == [SAMPLE.encode()], timeout=5000)
