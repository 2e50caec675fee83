"""How long the narrator really takes to say a line: measured with the app's own speech
process (pyttsx3 + espeak-ng, ``speech_process.serve``), without Qt, and remembered.

``crampcoach validate --speech`` hands :meth:`SpeechMeter.seconds` to the core's speech
check (which knows nothing of engines). A line is synthesised once per voice, rate and text;
the lengths are kept in a small JSON file in the user's cache folder, so checking the
library a second time starts no engine at all.
"""

from __future__ import annotations

import array
import contextlib
import hashlib
import json
import multiprocessing
import statistics
import tempfile
import wave
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import platformdirs

from crampcoach.core.atomic import write_atomic
from crampcoach.desktop.session.speech_process import engine_problem, serve

ENGINE_START_SECONDS = 20.0  # a cold start imports pyttsx3 and loads espeak-ng
LINE_SECONDS_BASE = 5.0  # as the app's synthesiser: longer than this (plus per word) is a hang
LINE_SECONDS_PER_WORD = 0.2
CACHE_VERSION = 2  # 2: the median of three takes
TAKES = 3  # each line is synthesised three times: the median is its length
ATTEMPTS = 8
SILENCE = 328  # samples below 1% of full scale after the last word are the WAV's tail


class SpeechUnavailable(Exception):
    """No speech engine could be started, or it kept failing; the message says why."""


def lengths_file() -> Path:
    return Path(platformdirs.user_cache_dir("crampcoach", appauthor=False)) / "speech-lengths.json"


def spoken_seconds(path: Path) -> float:
    """Seconds from the start of a 16-bit mono WAV to the end of its last word.

    espeak-ng ends every file with about 0.3 s of silence; the narrator cuts it when the
    next line starts, so it is not part of what must fit.
    """
    with wave.open(str(path), "rb") as w:
        if (w.getnchannels(), w.getsampwidth()) != (1, 2):
            raise wave.Error("expected 16-bit mono audio")
        rate = w.getframerate()
        samples = array.array("h", w.readframes(w.getnframes()))
    end = len(samples)
    while end > 0 and abs(samples[end - 1]) < SILENCE:
        end -= 1
    return end / rate


class SpeechMeter:
    """Measures lines with the real engine at one voice and rate; use as a context manager.

    The speech process is started on the first line that is not in the cache and stopped
    by :meth:`close`, which also saves the cache.
    """

    def __init__(
        self,
        voice: str = "",
        rate: int = 175,
        cache: Path | None = None,
        *,
        target: Callable[[Connection], None] = serve,
    ) -> None:
        self.voice = voice  # as in the settings: "" lets the engine pick an English voice
        self.rate = rate
        self.cache_path = cache or lengths_file()
        self._target = target
        self._lengths = self._load()
        self._dirty = False
        self._process: Any = None
        self._conn: Connection | None = None
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self.measured = 0  # lines synthesised (not found in the cache) by this meter
        self._takes = 0

    def __enter__(self) -> SpeechMeter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def key(self, text: str) -> str:
        return hashlib.sha1(f"{self.voice}\0{self.rate}\0{text}".encode()).hexdigest()

    def seconds(self, text: str) -> float:
        """How long the narrator takes to say ``text``, in seconds."""
        if not text.strip():
            return 0.0
        key = self.key(text)
        if key not in self._lengths:
            self._lengths[key] = self._measure(text)
            self._dirty = True
            self.measured += 1
        return self._lengths[key]

    def close(self) -> None:
        self._stop()
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
        if self._dirty:
            data = {"version": CACHE_VERSION, "lengths": self._lengths}
            with contextlib.suppress(OSError):  # a cache that cannot be written is no loss
                write_atomic(self.cache_path, json.dumps(data, sort_keys=True).encode())
            self._dirty = False

    # -- the cache ---------------------------------------------------------------------------
    def _load(self) -> dict[str, float]:
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return {}
        lengths = data.get("lengths")
        if not isinstance(lengths, dict):
            return {}
        return {
            str(k): float(v)
            for k, v in lengths.items()
            if isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0
        }

    # -- the speech process ------------------------------------------------------------------
    def _measure(self, text: str) -> float:
        """The median of three takes. pyttsx3 2.99 now and then reports a line done and
        writes no file or one with no samples (such a take is tried again), and rarely one
        with the wrong length (a line's audio cut short, or another line's); two takes
        of the same line can also differ by a tenth of a second or two."""
        takes: list[float] = []
        for _ in range(ATTEMPTS):
            seconds = self._synthesise(text)
            if seconds > 0:
                takes.append(seconds)
                if len(takes) == TAKES:
                    return statistics.median(takes)
        if takes:
            return max(takes)
        raise SpeechUnavailable(f"no audio came out for {text[:40]!r}")

    def _synthesise(self, text: str, retry: bool = True) -> float:
        conn = self._start()
        assert self._folder is not None
        self._takes += 1
        path = Path(self._folder.name) / f"take-{self._takes}.wav"  # never a stale file
        limit = LINE_SECONDS_BASE + len(text.split()) * LINE_SECONDS_PER_WORD
        try:
            conn.send(("synth", "line", text, self.voice, self.rate, str(path)))
            if not conn.poll(limit):
                raise TimeoutError
            reply = conn.recv()
        except (OSError, EOFError, TimeoutError) as exc:
            self._stop()  # hung or died: start afresh once
            if retry:
                return self._synthesise(text, retry=False)
            raise SpeechUnavailable(f"the speech engine stopped answering ({exc!r})") from exc
        if reply[0] != "done":
            raise SpeechUnavailable(f"the speech engine could not say {text[:40]!r}: {reply[2]}")
        try:
            return round(spoken_seconds(path), 3)
        except (OSError, EOFError, wave.Error):
            return 0.0  # no file or no samples: a failed take, tried again
        finally:
            with contextlib.suppress(OSError):
                path.unlink()

    def _start(self) -> Connection:
        if self._conn is not None:
            return self._conn
        if self._folder is None:
            self._folder = tempfile.TemporaryDirectory(prefix="crampcoach-measure-")
        context = multiprocessing.get_context("spawn")
        conn, child = context.Pipe()
        process = context.Process(
            target=self._target, args=(child,), daemon=True, name="crampcoach-speech-meter"
        )
        try:
            process.start()
        except OSError as exc:
            raise SpeechUnavailable(engine_problem(exc)) from exc
        child.close()
        self._process, self._conn = process, conn
        try:
            if not conn.poll(ENGINE_START_SECONDS):
                raise TimeoutError("it did not start in time")
            reply = conn.recv()
        except (OSError, EOFError, TimeoutError) as exc:
            self._stop()
            raise SpeechUnavailable(engine_problem(exc)) from exc
        if reply[0] != "voices":
            self._stop()
            raise SpeechUnavailable(str(reply[1]))
        return conn

    def _stop(self) -> None:
        conn, process = self._conn, self._process
        self._conn = self._process = None
        if conn is not None:
            with contextlib.suppress(OSError, ValueError):
                conn.send(None)
        if process is not None:
            process.join(1.0)
            if process.is_alive():
                process.kill()
                process.join(1.0)
        if conn is not None:
            conn.close()
