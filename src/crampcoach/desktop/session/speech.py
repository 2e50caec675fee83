"""Text-to-speech synthesis away from the GUI thread, into cached WAV files.

pyttsx3 must never run on the GUI thread: ``runAndWait`` blocks and can hang a Qt app,
and the espeak driver's ``say`` plays through a blocking external player that cannot be
interrupted. So pyttsx3 runs in a process of its own (``speech_process.py``) and
only ever *writes audio files*; a worker thread here feeds it one line at a time, kills
and restarts it if it hangs, and hands the samples to the narrator, which plays them on
its own audio stream: on time, stoppable at once, with a known length.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import queue
import threading
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import platformdirs
from PySide6.QtCore import QObject, Signal

from crampcoach.desktop.session.speech_engine import EngineProcess as _Engine
from crampcoach.desktop.session.speech_process import Voice, choose_voice, engine_problem, serve

__all__ = [
    "SpeechError",
    "SpeechSynth",
    "SynthesisCancelled",
    "Voice",
    "choose_voice",
    "read_pcm",
]

log = logging.getLogger(__name__)

CACHE_LIMIT_FILES = 2000
ENGINE_START_SECONDS = 15.0  # a cold start imports pyttsx3 and loads espeak-ng
LINE_SECONDS_BASE = 5.0  # a line taking longer than this (plus per word) is a hang
LINE_SECONDS_PER_WORD = 0.2


class SpeechError(Exception):
    """No speech engine, or a line it could not say."""


class SynthesisCancelled(Exception):
    """A batch was cancelled."""


@dataclass(order=True)
class _Job:
    priority: float
    seq: int
    key: str = field(compare=False)
    text: str = field(compare=False)
    voice: str = field(compare=False)
    rate: int = field(compare=False)
    stop: bool = field(default=False, compare=False)  # tells the worker to finish
    voices: bool = field(default=False, compare=False)  # only start the engine (its voices)


def cache_dir() -> Path:
    return Path(platformdirs.user_cache_dir("crampcoach", appauthor=False)) / "speech"


def read_pcm(path: Path) -> bytes:
    """The samples of a 22.05 kHz mono 16-bit WAV (what espeak-ng writes), else b""."""
    try:
        with wave.open(str(path), "rb") as w:
            if (w.getnchannels(), w.getsampwidth(), w.getframerate()) != (1, 2, 22050):
                return b""
            return w.readframes(w.getnframes())
    except (OSError, EOFError, wave.Error):
        return b""


def without_lead_in(pcm: bytes) -> bytes:
    """espeak-ng opens every line with 12-50 ms of digital silence; dropped (before the line
    is cached), a line is heard at its cue, live and in a rendered file."""
    lead = len(pcm) - len(pcm.lstrip(b"\0"))
    return pcm[lead - lead % 2 :]


def write_pcm(path: Path, pcm: bytes) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(22050)
        w.writeframes(pcm)


class SpeechSynth(QObject):
    """Turns lines of text into WAV files on a worker thread.

    Signals are emitted from the worker thread and reach receivers in the GUI thread as
    queued calls.
    """

    ready = Signal(str, str, float, object)  # key, wav path, seconds, PCM bytes
    line_failed = Signal(str, str)  # key, reason
    unavailable = Signal(str)  # reason: no speech engine at all
    voices_listed = Signal(list)  # list[Voice]

    def __init__(
        self,
        cache: Path | None = None,
        parent: QObject | None = None,
        *,
        target: Callable[[Connection], None] = serve,
        line_seconds: float = LINE_SECONDS_BASE,
    ) -> None:
        super().__init__(parent)
        self.cache = cache or cache_dir()
        self._target = target  # what the speech process runs (tests give broken ones)
        self._line_seconds = line_seconds
        self._jobs: queue.PriorityQueue[_Job] = queue.PriorityQueue()
        self._seq = itertools.count()
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._engine_error: str | None = None
        self.voices: list[Voice] = []

    # -- GUI-thread API --------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self.cache.mkdir(parents=True, exist_ok=True)
        self._thread = threading.Thread(target=self._run, name="crampcoach-speech", daemon=True)
        self._thread.start()

    @staticmethod
    def key_for(text: str, voice: str, rate: int) -> str:
        # "2": lines cached since the lead-in silence is dropped (without_lead_in)
        return hashlib.sha1(f"2\0{voice}\0{rate}\0{text}".encode()).hexdigest()[:20]

    def path_for(self, key: str) -> Path:
        return self.cache / f"{key}.wav"

    def request(self, text: str, voice: str, rate: int, priority: float) -> str:
        """Ask for ``text`` to be synthesised; lower priority numbers go first.

        Returns the line's key. ``ready`` follows, at once if the line is cached.
        """
        key = self.key_for(text, voice, rate)
        with self._lock:
            if key in self._pending:
                return key
            self._pending.add(key)
        self._jobs.put(_Job(priority, next(self._seq), key, text, voice, rate))
        self.start()  # after the put: the worker first serves what is cached (_run)
        return key

    def want_voices(self) -> None:
        """Start the speech process (if it is not running) for its list of voices:
        ``voices_listed`` follows. Sessions never need it when their lines are cached."""
        self._jobs.put(_Job(float("inf"), next(self._seq), "", "", "", 0, voices=True))
        self.start()

    def cancel_all(self) -> None:
        """Forget queued lines (a line being synthesised still finishes)."""
        with self._lock:
            while True:
                try:
                    job = self._jobs.get_nowait()
                except queue.Empty:
                    break
                self._pending.discard(job.key)

    def shutdown(self, timeout: float = 2.0) -> None:
        if self._thread is None:
            return
        self.cancel_all()
        self._jobs.put(_Job(float("-inf"), -1, "", "", "", 0, stop=True))
        self._thread.join(timeout)
        self._thread = None

    # -- worker thread: talks to the speech process ----------------------------------------
    def _run(self) -> None:
        """Lines said before come from the cache at once; the speech process (about a
        second to start, 22 MB) starts only with the first line that is not cached, or when
        its voices are wanted (Settings)."""
        engine: _Engine | None = None
        spawned = False
        while True:
            job = self._jobs.get()
            if job.stop:
                break
            if job.voices:
                if not spawned:
                    engine, spawned = self._spawn(), True
                elif self.voices:
                    self.voices_listed.emit(self.voices)
                continue
            final = self.path_for(job.key)
            cached = read_pcm(final)
            if cached:  # said before with this voice and rate
                self._finish(job.key, final, cached)
                continue
            if not spawned:
                engine, spawned = self._spawn(), True
            if engine is None:
                self._fail(job.key, self._engine_error or "no speech engine")
                continue
            engine, pcm, reason = self._synthesise(engine, job)
            if pcm:
                self._finish(job.key, final, pcm)
            else:
                self._fail(job.key, reason)
        if engine is not None:
            engine.stop()

    def _spawn(self) -> _Engine | None:
        """Start the speech process; None (and ``unavailable``) when there is no engine."""
        engine: _Engine | None = None
        try:
            engine = _Engine(self._target)
            reply = engine.receive(ENGINE_START_SECONDS)
        except Exception as exc:  # could not start, died, or never answered
            reply = ("unavailable", engine_problem(exc))
        if reply[0] != "voices" or engine is None:
            self._engine_error = str(reply[1])
            log.warning("speech engine unavailable: %s", self._engine_error)
            self.unavailable.emit(self._engine_error)
            if engine is not None:
                engine.stop()
            return None
        self.voices = list(reply[1])
        self.voices_listed.emit(self.voices)
        return engine

    def _synthesise(
        self, engine: _Engine, job: _Job, retry: bool = True
    ) -> tuple[_Engine | None, bytes, str]:
        """One line: the engine to go on with, the samples (cached) or b"", and why not.

        A hung or dead engine is killed and started afresh, and the line is tried once more
        on the new one before it is reported as failed."""
        final = self.path_for(job.key)
        # one partial file per thread: a batch and the live queue may say the same line
        partial = final.with_suffix(f".{threading.get_ident()}.part.wav")
        limit = self._line_seconds + len(job.text.split()) * LINE_SECONDS_PER_WORD
        try:
            engine.send(("synth", job.key, job.text, job.voice, job.rate, str(partial)))
            reply = engine.receive(limit)
        except (OSError, EOFError, TimeoutError) as exc:
            reason = "took too long" if isinstance(exc, TimeoutError) else "stopped"
            log.warning("speech engine %s on %r; restarting it", reason, job.text[:40])
            engine.stop()
            fresh = self._spawn()
            if retry and fresh is not None:
                return self._synthesise(fresh, job, retry=False)
            return fresh, b"", f"the speech engine {reason}; it was restarted"
        pcm = without_lead_in(read_pcm(partial)) if reply[0] == "done" else b""
        if not pcm:
            with contextlib.suppress(OSError):
                partial.unlink()
            if retry and reply[0] == "done":  # an empty file on a busy machine: once more
                log.warning("no audio came out for %r; trying again", job.text[:40])
                return self._synthesise(engine, job, retry=False)
            return engine, b"", str(reply[2]) if reply[0] == "failed" else "no audio came out"
        write_pcm(partial, pcm)
        partial.replace(final)
        return engine, pcm, ""

    # -- a batch: every line of a routine at once (an audio file), in the calling thread ------
    def synthesise_all(
        self,
        texts: list[str],
        voice: str,
        rate: int,
        *,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> dict[str, bytes]:
        """Every text's samples, keyed by text, through the same cache as the narrator's
        lines (voice, rate, text) and a speech process of this call's own, so a session
        playing meanwhile keeps its queue. Blocks: call it from a worker thread (the app)
        or a command. ``progress(done, total)`` follows each line.

        Raises SpeechError when there is no engine or a line cannot be said, and
        SynthesisCancelled as soon as ``cancelled()`` is true.
        """
        unique = list(dict.fromkeys(texts))
        self.cache.mkdir(parents=True, exist_ok=True)
        done: dict[str, bytes] = {}
        for text in unique:
            cached = read_pcm(self.path_for(self.key_for(text, voice, rate)))
            if cached:
                done[text] = cached
        report = progress or (lambda _done, _total: None)
        report(len(done), len(unique))
        todo = [text for text in unique if text not in done]
        if not todo:
            return done
        engine = self._spawn()
        try:
            for text in todo:
                if engine is None:
                    raise SpeechError(self._engine_error or "no speech engine")
                if cancelled():
                    raise SynthesisCancelled
                job = _Job(0.0, 0, self.key_for(text, voice, rate), text, voice, rate)
                engine, pcm, reason = self._synthesise(engine, job)
                if not pcm and engine is not None:  # pyttsx3 now and then writes nothing:
                    engine.stop()  # a file must have every line, so once more, afresh
                    engine = self._spawn()
                    if engine is not None:
                        engine, pcm, reason = self._synthesise(engine, job)
                if not pcm:
                    raise SpeechError(f"{text[:60]!r} could not be spoken: {reason}")
                done[text] = pcm
                report(len(done), len(unique))
        finally:
            if engine is not None:
                engine.stop()
        return done

    def list_voices(self) -> list[Voice]:
        """The engine's voices (starts and stops a speech process); SpeechError if none."""
        engine = self._spawn()
        if engine is None:
            raise SpeechError(self._engine_error or "no speech engine")
        engine.stop()
        return list(self.voices)

    def _finish(self, key: str, path: Path, pcm: bytes) -> None:
        with self._lock:
            self._pending.discard(key)
        self.ready.emit(key, str(path), len(pcm) / 44100, pcm)

    def _fail(self, key: str, reason: str) -> None:
        with self._lock:
            self._pending.discard(key)
        self.line_failed.emit(key, reason)


def prune_cache(folder: Path, keep: int = CACHE_LIMIT_FILES) -> None:
    """Keep the speech cache bounded: drop the least recently used files."""
    try:
        files = sorted(folder.glob("*.wav"), key=lambda p: p.stat().st_atime, reverse=True)
    except OSError:
        return
    for old in files[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()
