"""The settings dialog: voice, sounds, countdown, theme, default timing and muscles to rest."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QPushButton,
    QSlider,
    QSpinBox,
    QWidget,
)

from crampcoach.core.settings import Settings
from crampcoach.desktop.session.speech import Voice
from crampcoach.desktop.widgets.muscle_checks import MuscleChecks


def _slider(value: float) -> QSlider:
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setRange(0, 100)
    slider.setValue(round(value * 100))
    return slider


CONTENT_LANGUAGE = "en"  # the routines and the narration are in English


def fits_content(voice: Voice) -> bool:
    return any(lang.lower().startswith(CONTENT_LANGUAGE) for lang in voice.languages) or (
        voice.id.split("/")[-1].startswith(CONTENT_LANGUAGE)
    )


class SettingsDialog(QDialog):
    test_voice = Signal(str, int, float)  # voice id, rate, volume: say a sample now

    def __init__(
        self, settings: Settings, voices: list[Voice], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("CrampCoach settings")
        self.original = settings
        form = QFormLayout(self)

        self.voice_enabled = QCheckBox("Speak instructions aloud")
        self.voice_enabled.setChecked(settings.voice_enabled)
        form.addRow("Voice", self.voice_enabled)

        self.voice = QComboBox()
        self.voice.setAccessibleName("Voice")
        self._wanted_voice = settings.voice  # kept until the engine lists it
        self._voices = voices
        self.voice.activated.connect(lambda _i: self._remember_voice())
        self.all_voices = QCheckBox("Show all languages")
        self.all_voices.setToolTip("The narration is in English; other voices read it oddly")
        self.all_voices.toggled.connect(lambda _on: self.set_voices(self._voices))
        self.set_voices(voices)
        self.test_button = QPushButton("Test voice")
        self.test_button.setToolTip("Say a sample line with this voice, rate and volume")
        self.test_button.clicked.connect(self._test)
        voice_row = QHBoxLayout()
        voice_row.addWidget(self.voice, 1)
        voice_row.addWidget(self.test_button)
        form.addRow("Narrator voice", voice_row)
        form.addRow("", self.all_voices)

        self.rate = QSpinBox()
        self.rate.setRange(80, 400)
        self.rate.setSuffix(" words/min")
        self.rate.setValue(settings.rate)
        self.rate.setAccessibleName("Speaking rate")
        form.addRow("Speaking rate", self.rate)

        self.instructions_by = QComboBox()
        self.instructions_by.setAccessibleName("Instructions spoken by")
        for value, label in (
            ("narrator", "CrampCoach's narrator (a screen reader hears step changes)"),
            ("screen-reader", "My screen reader (the narrator stays silent)"),
        ):
            self.instructions_by.addItem(label, value)
        self.instructions_by.setCurrentIndex(
            self.instructions_by.findData(settings.instructions_by)
        )
        form.addRow("Instructions spoken by", self.instructions_by)

        self.voice_volume = _slider(settings.voice_volume)
        self.voice_volume.setAccessibleName("Voice volume")
        form.addRow("Voice volume", self.voice_volume)

        self.countdown = QCheckBox("Count the last seconds of each hold aloud")
        self.countdown.setChecked(settings.countdown_enabled)
        form.addRow("Countdown", self.countdown)

        self.sounds = QCheckBox("Play chimes")
        self.sounds.setChecked(settings.sounds_enabled)
        form.addRow("Sounds", self.sounds)
        self.sound_volume = _slider(settings.sound_volume)
        self.sound_volume.setAccessibleName("Sound volume")
        form.addRow("Sound volume", self.sound_volume)

        self.theme = QComboBox()
        self.theme.setAccessibleName("Theme")
        for value, label in (("system", "Follow the system"), ("light", "Light"), ("dark", "Dark")):
            self.theme.addItem(label, value)
        self.theme.setCurrentIndex(self.theme.findData(settings.theme))
        form.addRow("Theme", self.theme)

        self.prepare = self._seconds(settings.prepare, "Get-ready time before each exercise")
        form.addRow("Default get-ready time", self.prepare)
        self.switch = self._seconds(settings.switch, "Time to switch sides")
        form.addRow("Default switch time", self.switch)

        self.grace = QSpinBox()
        self.grace.setRange(0, 24 * 60)
        self.grace.setSuffix(" min")
        self.grace.setValue(settings.reminder_grace)
        self.grace.setAccessibleName("Late reminders")
        self.grace.setToolTip(
            "A reminder missed while the computer slept still comes on wake "
            "if it is at most this late; older ones are recorded as missed"
        )
        form.addRow("Late reminders still come for", self.grace)

        self.start_at_login = QCheckBox("Start CrampCoach when I log in (for reminders)")
        self.start_at_login.setChecked(settings.start_at_login)
        form.addRow("Start at login", self.start_at_login)

        self.rest = MuscleChecks(settings.avoid_muscles, settings.skip_avoided_steps)
        form.addRow(self.rest)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @Slot(list)
    def set_voices(self, voices: list[Voice]) -> None:
        """Fill the voice list (the engine may list its voices after the dialog opens):
        the voices that speak the content's language, the others only when asked for (or
        when one of them is the chosen voice)."""
        self._voices = voices
        wanted = self._wanted_voice
        show_all = self.all_voices.isChecked() or any(
            v.id == wanted and not fits_content(v) for v in voices
        )
        self.voice.clear()
        self.voice.addItem("Automatic (English)", "")
        for v in sorted(voices, key=lambda v: (not fits_content(v), v.name.lower())):
            if show_all or fits_content(v):
                self.voice.addItem(v.name, v.id)
        self.voice.setCurrentIndex(max(0, self.voice.findData(wanted)))

    def _test(self) -> None:
        voice = self.voice.currentData() or self._wanted_voice
        self.test_voice.emit(voice, self.rate.value(), self.voice_volume.value() / 100)

    def _remember_voice(self) -> None:
        self._wanted_voice = self.voice.currentData() or ""

    def _seconds(self, value: float | None, name: str) -> QDoubleSpinBox:
        spin = QDoubleSpinBox()
        spin.setRange(-1, 600)
        spin.setDecimals(0)
        spin.setSuffix(" s")
        spin.setSpecialValueText("As the routine says")
        spin.setValue(-1 if value is None else value)
        spin.setAccessibleName(name)
        spin.setToolTip("Used when a routine does not set its own time")
        return spin

    def result_settings(self) -> Settings:
        return self.original.changed(
            voice_enabled=self.voice_enabled.isChecked(),
            voice=self.voice.currentData() or self._wanted_voice,
            rate=self.rate.value(),
            voice_volume=self.voice_volume.value() / 100,
            countdown_enabled=self.countdown.isChecked(),
            sounds_enabled=self.sounds.isChecked(),
            sound_volume=self.sound_volume.value() / 100,
            theme=self.theme.currentData(),
            instructions_by=self.instructions_by.currentData(),
            prepare=None if self.prepare.value() < 0 else self.prepare.value(),
            switch=None if self.switch.value() < 0 else self.switch.value(),
            start_at_login=self.start_at_login.isChecked(),
            reminder_grace=self.grace.value(),
            avoid_muscles=self.rest.chosen(),
            skip_avoided_steps=self.rest.skip.isChecked(),
        )
