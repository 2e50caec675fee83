"""Assembling a session: the driver on the monotonic clock, and everything that follows it.

The launcher builds a ``Session`` (driver, player view, narrator, chimes, trace) and
connects the narrator, sounds and tracer to the driver's signals directly; the player only
shows. The app and the tests build sessions the same way, through here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QTimer, Signal

from crampcoach.core.avoid import entry_without_avoided, nothing_left
from crampcoach.core.clock import Clock
from crampcoach.core.length import Length
from crampcoach.core.library import LibraryEntry
from crampcoach.core.narration import chime_for
from crampcoach.core.session import SessionState
from crampcoach.core.settings import Settings
from crampcoach.core.timeline import Cue
from crampcoach.desktop.session.audio_gate import shared_gate
from crampcoach.desktop.session.dial import BREATH_PHASES
from crampcoach.desktop.session.driver import SessionDriver

if TYPE_CHECKING:  # Qt Multimedia and speech load only when a session needs them (memory)
    from crampcoach.desktop.session.narrator import Narrator, Output
    from crampcoach.desktop.session.player import PlayerView  # and the player (start-up)
    from crampcoach.desktop.session.sounds import ChimeOutput, Sounds
    from crampcoach.desktop.session.speech import SpeechSynth
    from crampcoach.desktop.session.trace import Tracer
    from crampcoach.desktop.session.voice_sample import VoiceSample

NO_SOUND = "No sound output answered, so this session runs on captions only."
VOICE_WAIT_MS = 3000  # longest wait for the opening line before starting without it
# Cues are announced this much earlier than the stream needs (the GUI thread may be busy).
AHEAD_SLACK = 0.25

if TYPE_CHECKING:

    class Stream(Output, ChimeOutput, Protocol):
        """The session's one audio stream: the voice and the chimes (audio.py)."""


@dataclass
class PlayOptions:
    """``crampcoach play`` options (also a second launch's request)."""

    routine: str
    voice: bool = True
    speed: float = 1.0
    exit_when_done: bool = False
    trace: Path | None = None
    length: Length = "standard"  # short/standard/long (core/length.py)
    try_out: bool = False  # the builder's "Play from this step": not stretching done


class Session(QObject):
    """One routine being played: its driver, its view, and what it sounds like."""

    closed = Signal()  # torn down: the stream, the speech queue and the trace are closed

    def __init__(
        self,
        entry: LibraryEntry,
        options: PlayOptions,
        driver: SessionDriver,
        player: PlayerView,
        *,
        narrator: Narrator | None = None,
        sounds: Sounds | None = None,
        tracer: Tracer | None = None,
        output: QObject | None = None,
    ) -> None:
        super().__init__(player)  # lives and dies with its view
        self.entry = entry
        self.options = options
        self.driver = driver
        self.player = player
        self.narrator = narrator
        self.sounds = sounds
        self.tracer = tracer
        self.stream = output
        self._closed = False
        self._placed_chimes: set[int] = set()  # cues whose chime is written ahead
        for part in (driver, narrator, output):
            if part is not None:
                part.setParent(self)
        driver.cue_fired.connect(self._on_cue)
        driver.cue_ahead.connect(self._on_cue_ahead)
        driver.state_changed.connect(self._on_state)
        driver.jumped.connect(self.silence)
        driver.finished.connect(self._on_finished)
        player.discarded.connect(self.close)
        if narrator is not None:
            player.set_voice_available(True)
            player.mute_toggled.connect(lambda muted: narrator.set_enabled(not muted))
            narrator.notice.connect(player.show_notice)
            # no voice after all (no engine, no output): the screen reader says everything
            narrator.notice.connect(
                lambda _t: player.announcer.set_everything(not narrator.available)
            )
            narrator.recovered.connect(player.clear_notice)
            if tracer is not None:
                narrator.line_event.connect(
                    lambda event, cue: tracer.narrator(event, cue, driver.seconds_since_start())
                )

    # -- starting ----------------------------------------------------------------------------
    def start(self) -> None:
        """Start once the opening sound can be heard on time.

        Lines are synthesised ahead of their cues; only the very first one can be behind,
        and a new audio stream needs a moment to settle. So the session waits for both (at
        most VOICE_WAIT_MS) instead of starting mute.
        """
        self.player.setFocus()
        if self.narrator is not None:
            self.narrator.prepare(self.driver.timeline)
            self.narrator.first_line_ready.connect(self._begin_when_ready)
        if self.sounds is not None:
            self.sounds.prepare()
            self.sounds.output.running.connect(self._begin_when_ready)
        if self._sound_ready():
            self._begin()
            return
        self.player.show_waiting("Getting the sound ready…")
        QTimer.singleShot(VOICE_WAIT_MS, self._begin)

    def _sound_ready(self) -> bool:
        return (self.narrator is None or self.narrator.is_ready(0)) and (
            self.sounds is None or self.sounds.is_ready()
        )

    def _begin_when_ready(self) -> None:
        if self._sound_ready():
            self._begin()

    def _begin(self) -> None:
        """Start the clock so that the opening sound, written now, comes out on the first
        cue: one stream latency from now (nothing is cut or rushed to make up for it)."""
        if not self._closed and self.driver.state is SessionState.READY:
            self.player.show_waiting("")
            lead = self._lead()
            self.driver.ahead = lead + AHEAD_SLACK if lead > 0 else 0.0
            self.driver.start(delay=lead)

    def _lead(self) -> float:
        """Seconds before its cue a sound must be handed to the stream (0: no placing)."""
        lead = getattr(self.stream, "lead", None)
        return float(lead()) if callable(lead) else 0.0

    # -- following the driver ------------------------------------------------------------------
    def _on_cue(self, index: int, cue: Cue) -> None:
        if self.tracer is not None:
            engine = self.driver.engine
            self.tracer.cue(
                index, cue, self.driver.seconds_since_start(), engine.position, engine.due_at(cue)
            )
        if self.narrator is not None:
            self.narrator.speak_cue(index)
        if self.sounds is not None and index not in self._placed_chimes:
            chime = chime_for(cue, self.driver.engine.phase.kind in BREATH_PHASES)
            if chime is not None:
                self.sounds.play(chime)
        self._placed_chimes.discard(index)

    def _on_cue_ahead(self, index: int, cue: Cue, when: float) -> None:
        """The cue is due at ``when``: its line and chime go into the stream now."""
        if self.narrator is not None:
            self.narrator.place_cue(index, when)
        if self.sounds is not None:
            phase = self.driver.timeline.phase_at(cue.t)
            chime = chime_for(cue, phase.kind in BREATH_PHASES)
            if chime is not None:
                self.sounds.place(chime, when)
                self._placed_chimes.add(index)

    def _on_state(self, state: str) -> None:
        # Pause and stop cut the voice; a finished session lets its last line end.
        if state not in (SessionState.RUNNING.value, SessionState.FINISHED.value):
            self.silence()

    def _on_finished(self, _summary: object) -> None:
        if self.tracer is not None:
            stats = getattr(self.stream, "stats", None)
            if callable(stats):
                self.tracer.audio(stats())
            self.tracer.close()

    def silence(self) -> None:
        if self.narrator is not None:
            self.narrator.silence()
        if self.sounds is not None and self._placed_chimes:
            self._placed_chimes.clear()
            self.sounds.cancel_ahead()

    # -- while it plays ----------------------------------------------------------------------
    def set_volumes(self, voice: float, chimes: float) -> None:
        """New volumes from Settings reach a session already playing."""
        if self.narrator is not None:
            self.narrator.set_volume(voice)
        if self.sounds is not None:
            self.sounds.set_volume(chimes)

    def is_making_sound(self) -> bool:
        return (self.narrator is not None and self.narrator.is_speaking()) or (
            self.sounds is not None and self.sounds.is_playing()
        )

    def close(self) -> None:
        """Stop, and close the stream, the speech queue and the trace (once)."""
        if self._closed:
            return
        self._closed = True
        self.driver.stop()
        if self.narrator is not None:
            self.narrator.shutdown()
        if self.sounds is not None:
            self.sounds.close()
        if self.tracer is not None:
            self.tracer.close()
        self.closed.emit()


class SessionLauncher(QObject):
    """Builds sessions with the user's settings, once Qt Multimedia is known to answer."""

    started = Signal(object)  # Session, set up and starting
    notice = Signal(str)

    def __init__(
        self,
        clock: Clock,
        *,
        synth: Callable[[], SpeechSynth] | None = None,
        output: Callable[[], Stream] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.clock = clock
        self._make_synth = synth
        self._make_output = output
        self._synth: SpeechSynth | None = None
        self._next: tuple[LibraryEntry, PlayOptions, Settings] | None = None
        self._sample: VoiceSample | None = None

    def synth(self) -> SpeechSynth:
        """The one speech process, started on first use (it lists the voices too)."""
        if self._synth is None:
            if self._make_synth is not None:
                self._synth = self._make_synth()
            else:
                from crampcoach.desktop.session.speech import SpeechSynth

                self._synth = SpeechSynth()
            self._synth.unavailable.connect(self.notice)
            self._synth.start()
        return self._synth

    def voice_sample(self) -> VoiceSample:
        """Settings' "Test voice", through this launcher's speech process."""
        if self._sample is None:
            from crampcoach.desktop.session.voice_sample import VoiceSample

            self._sample = VoiceSample(self.synth(), self)
            self._sample.notice.connect(self.notice)
        return self._sample

    def request(
        self, entry: LibraryEntry, options: PlayOptions, settings: Settings
    ) -> Session | None:
        """Set up a session now, or (returning None) once the audio probe answered
        (see audio_gate.py); a later request wins over one still waiting.

        With skipping on, the steps that work a muscle to rest are left out (core/avoid.py);
        a routine with no exercise left is not played, and ``notice`` says why."""
        empty = nothing_left(entry.routine, settings.avoid_muscles)
        if settings.skip_avoided_steps and empty:
            self.notice.emit(empty)
            return None
        entry = entry_without_avoided(entry, settings)
        wants_sound = (options.voice and settings.voice_enabled) or settings.sounds_enabled
        from crampcoach.desktop.session import pulse

        if pulse.available():  # its own stream opens off the GUI thread, with a deadline
            return self.launch(entry, options, settings, audio=True)
        gate = shared_gate()
        if self._make_output is not None or not wants_sound or gate.usable:
            usable = self._make_output is not None or bool(gate.usable)
            return self.launch(entry, options, settings, audio=usable)
        self._next = request = (entry, options, settings)

        def ready(ok: bool) -> None:
            if self._next is request:
                self._next = None
                self.launch(entry, options, settings, audio=ok)

        gate.when_ready(ready)
        return None

    def launch(
        self, entry: LibraryEntry, options: PlayOptions, settings: Settings, *, audio: bool
    ) -> Session:
        """Build the session, announce it (``started``) and start it."""
        session = self.build(entry, options, settings, audio=audio)
        self.started.emit(session)
        session.start()
        return session

    def build(
        self, entry: LibraryEntry, options: PlayOptions, settings: Settings, *, audio: bool
    ) -> Session:
        """The session, wired and ready to ``start()``."""
        s = settings
        # The entry's timeline was built with the user's timing (library.py, resolve.py):
        # what its card showed is what plays.
        driver = SessionDriver(entry.timeline, self.clock, speed=options.speed)
        by_screen_reader = s.instructions_by == "screen-reader"
        wants_voice = options.voice and s.voice_enabled and not by_screen_reader
        silent = (wants_voice or s.sounds_enabled) and not audio
        if silent:
            self.notice.emit(NO_SOUND)
        narrator = sounds = output = None
        if audio and (wants_voice or s.sounds_enabled):
            from crampcoach.desktop.session.narrator import Narrator
            from crampcoach.desktop.session.sounds import Sounds

            output = self._output()  # voice and chimes share one stream
            if wants_voice:
                narrator = Narrator(
                    self.synth(),
                    voice=s.voice,
                    rate=s.rate,
                    volume=s.voice_volume,
                    countdown=s.countdown_enabled,
                    output=output,
                )
            if s.sounds_enabled:
                sounds = Sounds(output, s.sound_volume)
        from crampcoach.desktop.session.player import PlayerView

        tracer = self._tracer(options.trace, driver)
        # With no narrator speaking (the screen reader's choice, or the voice off), every
        # instruction and phase is announced: somebody must say them.
        player = PlayerView(driver, entry.routine, entry.path, announce_everything=narrator is None)
        if silent:  # said as the player takes focus, so a screen reader reads it first
            player.announcer.step(NO_SOUND)
        return Session(
            entry,
            options,
            driver,
            player,
            narrator=narrator,
            sounds=sounds,
            tracer=tracer,
            output=output,  # type: ignore[arg-type]
        )

    def _output(self) -> Stream:
        if self._make_output is not None:
            return self._make_output()
        from crampcoach.desktop.session.audio import SessionAudio

        return SessionAudio()

    @staticmethod
    def _tracer(path: Path | None, driver: SessionDriver) -> Tracer | None:
        if path is None:
            return None
        from crampcoach.desktop.session.trace import StallProbe, Tracer

        tracer = Tracer(path)
        probe = StallProbe()
        driver.state_changed.connect(lambda state: probe.start() if state == "running" else None)
        driver.finished.connect(lambda _s: tracer.probe(probe.stop()))
        return tracer

    def shutdown(self) -> None:
        if self._synth is not None:
            self._synth.shutdown()
