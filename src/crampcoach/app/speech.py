"""Text-to-speech synthesis off the GUI thread, into cached WAV files.

pyttsx3 must never run on the GUI thread: ``runAndWait`` blocks and can hang a Qt app,
and the espeak driver's ``say`` plays through a blocking external player that cannot be
interrupted. So one worker thread owns the pyttsx3 engine and only ever *writes audio
files*; the narrator plays them with Qt Multimedia, where playback starts on time, can be
stopped at once, and has a known length.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import itertools
import logging
import queue
import sys
import threading
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import platformdirs
from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

CACHE_LIMIT_FILES = 2000


@dataclass(frozen=True)
class Voice:
    id: str
    name: str
    languages: tuple[str, ...] = ()


@dataclass(order=True)
class _Job:
    priority: float
    seq: int
    key: str = field(compare=False)
    text: str = field(compare=False)
    voice: str = field(compare=False)
    rate: int = field(compare=False)


class _QuietStdout(io.TextIOBase):
    """pyttsx3's espeak driver prints "Audio saved to ..." for every file, from espeak's
    own callback thread; keep that chatter out of the app's (and the CLI's) stdout."""

    NOISE = "Audio saved to "

    def __init__(self, real: TextIO) -> None:
        self.real = real
        self._swallow_newline = False

    def write(self, s: str) -> int:
        if s.startswith(self.NOISE):
            self._swallow_newline = not s.endswith("\n")
            return len(s)
        if self._swallow_newline and s == "\n":
            self._swallow_newline = False
            return len(s)
        self._swallow_newline = False
        return self.real.write(s)

    def flush(self) -> None:
        self.real.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("crampcoach", appauthor=False)) / "speech"


def wav_seconds(path: Path) -> float:
    """Length of a WAV file; 0 when it holds no audio or cannot be read."""
    try:
        with wave.open(str(path), "rb") as w:
            rate = w.getframerate()
            return w.getnframes() / rate if rate else 0.0
    except (OSError, EOFError, wave.Error):
        return 0.0


def write_silence(path: Path, seconds: float = 0.3) -> Path:
    """A short silent WAV, for opening the audio output before a session starts."""
    if wav_seconds(path) <= 0:
        path.parent.mkdir(parents=True, exist_ok=True)
        with wave.open(str(path), "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(22050)
            w.writeframes(b"\0\0" * int(22050 * seconds))
    return path


def choose_voice(voices: list[Voice], wanted: str) -> str:
    """The wanted voice if the engine has it, else an English one, else the first."""
    ids = [v.id for v in voices]
    if wanted and wanted in ids:
        return wanted
    for preference in ("en-us", "en-gb", "en"):
        for v in voices:
            if preference in v.languages or v.id.endswith("/" + preference):
                return v.id
    for v in voices:
        if any(lang.startswith("en") for lang in v.languages):
            return v.id
    return ids[0] if ids else ""


class SpeechSynth(QObject):
    """Turns lines of text into WAV files on a worker thread.

    Signals are emitted from the worker thread and reach receivers in the GUI thread as
    queued calls.
    """

    ready = Signal(str, str, float)  # key, wav path, seconds
    line_failed = Signal(str, str)  # key, reason
    unavailable = Signal(str)  # reason: no speech engine at all
    voices_listed = Signal(list)  # list[Voice]

    def __init__(self, cache: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cache = cache or cache_dir()
        self._jobs: queue.PriorityQueue[_Job | None] = queue.PriorityQueue()
        self._seq = itertools.count()
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._engine_error: str | None = None
        self._default_voice = ""
        self.voices: list[Voice] = []

    # -- GUI-thread API --------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self.cache.mkdir(parents=True, exist_ok=True)
        self._thread = threading.Thread(target=self._run, name="crampcoach-speech", daemon=True)
        if sys.stdout is not None and not isinstance(sys.stdout, _QuietStdout):
            sys.stdout = _QuietStdout(sys.stdout)
        self._thread.start()

    @staticmethod
    def key_for(text: str, voice: str, rate: int) -> str:
        return hashlib.sha1(f"{voice}\0{rate}\0{text}".encode()).hexdigest()[:20]

    def path_for(self, key: str) -> Path:
        return self.cache / f"{key}.wav"

    def request(self, text: str, voice: str, rate: int, priority: float) -> str:
        """Ask for ``text`` to be synthesised; lower priority numbers go first.

        Returns the line's key. ``ready`` follows, at once if the line is cached.
        """
        key = self.key_for(text, voice, rate)
        cached = self.path_for(key)
        seconds = wav_seconds(cached) if cached.exists() else 0.0
        if seconds > 0:
            self.ready.emit(key, str(cached), seconds)
            return key
        with self._lock:
            if key in self._pending:
                return key
            self._pending.add(key)
        self.start()
        self._jobs.put(_Job(priority, next(self._seq), key, text, voice, rate))
        return key

    def cancel_all(self) -> None:
        """Forget queued lines (a line being synthesised still finishes)."""
        with self._lock:
            while True:
                try:
                    job = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if job is not None:
                    self._pending.discard(job.key)

    def shutdown(self, timeout: float = 2.0) -> None:
        if self._thread is None:
            return
        self.cancel_all()
        self._jobs.put(None)  # type: ignore[arg-type]
        self._thread.join(timeout)
        self._thread = None

    # -- worker thread -------------------------------------------------------------------------
    def _run(self) -> None:
        engine = self._init_engine()
        while True:
            job = self._jobs.get()
            if job is None:
                break
            if engine is None:
                with self._lock:
                    self._pending.discard(job.key)
                self.line_failed.emit(job.key, self._engine_error or "no speech engine")
                continue
            self._synthesise(engine, job)
        if engine is not None:
            with contextlib.suppress(Exception):
                engine.stop()

    def _init_engine(self) -> Any:
        try:
            import pyttsx3

            engine = pyttsx3.init()
            voices = [
                Voice(str(v.id), str(v.name or v.id), tuple(str(x) for x in (v.languages or ())))
                for v in engine.getProperty("voices") or []
            ]
        except Exception as exc:  # any failure means: no voice, carry on with captions
            self._engine_error = _engine_problem(exc)
            log.warning("speech engine unavailable: %s", self._engine_error)
            self.unavailable.emit(self._engine_error)
            return None
        self.voices = voices
        self._default_voice = choose_voice(voices, "")
        self.voices_listed.emit(voices)
        return engine

    def _synthesise(self, engine: Any, job: _Job) -> None:
        final = self.path_for(job.key)
        partial = final.with_suffix(".part.wav")
        try:
            voice = job.voice if any(v.id == job.voice for v in self.voices) else ""
            if voice or self._default_voice:
                engine.setProperty("voice", voice or self._default_voice)
            engine.setProperty("rate", job.rate)
            engine.save_to_file(job.text, str(partial))
            engine.runAndWait()
            seconds = wav_seconds(partial)
            if seconds <= 0:
                raise RuntimeError("the speech engine produced no audio")
            partial.replace(final)
        except Exception as exc:
            with contextlib.suppress(OSError):
                partial.unlink()
            with self._lock:
                self._pending.discard(job.key)
            self.line_failed.emit(job.key, str(exc) or type(exc).__name__)
            return
        with self._lock:
            self._pending.discard(job.key)
        self.ready.emit(job.key, str(final), seconds)


def _engine_problem(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if "espeak" in text.lower() or isinstance(exc, (OSError, ModuleNotFoundError, RuntimeError)):
        return (
            f"No speech engine could be started ({text}). On Debian or Ubuntu, install "
            "espeak-ng (sudo apt install espeak-ng) to hear the narrator."
        )
    return f"No speech engine could be started ({text})."


def prune_cache(folder: Path, keep: int = CACHE_LIMIT_FILES) -> None:
    """Keep the speech cache bounded: drop the least recently used files."""
    try:
        files = sorted(folder.glob("*.wav"), key=lambda p: p.stat().st_atime, reverse=True)
    except OSError:
        return
    for old in files[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()
