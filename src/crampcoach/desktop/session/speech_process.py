"""The speech engine's own process: pyttsx3 + espeak-ng turn text into WAV files here.

pyttsx3 has well-known traps: ``runAndWait`` blocks and can hang, and a later call can
stall. In a process of its own it can hang without freezing anything else, and the app
can kill and restart it. Nothing here imports Qt.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any


@dataclass(frozen=True)
class Voice:
    id: str
    name: str
    languages: tuple[str, ...] = ()


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


def engine_problem(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return (
        f"No speech engine could be started ({text}). On Debian or Ubuntu, install "
        "espeak-ng (sudo apt install espeak-ng) to hear the narrator."
    )


LINE_LIMIT_SECONDS = 60.0  # the app's own watchdog (speech.py) acts long before this


def _settler() -> Callable[[], object]:
    """What waits until espeak-ng's command queue is idle.

    Its voice, rate and synthesis commands run on its own thread, and not always in the
    order pyttsx3 sent them: a voice change that lands after the rate puts the rate back
    to 175, and a line came out at the old rate, or empty (1 run in 4 on a busy
    machine). Waiting after each one keeps them in order (0 in 60).
    """
    try:
        from pyttsx3.drivers import _espeak
    except Exception:  # another driver (SAPI5, NSSpeech): nothing to wait for
        return lambda: None
    return _espeak.Synchronize  # type: ignore[no-any-return]


def serve(conn: Connection) -> None:
    """Answer ("synth", key, text, voice, rate, path) requests until told to stop (None).

    pyttsx3 2.99's espeak driver synthesises on espeak-ng's own thread and its
    ``runAndWait`` can return before that thread has written the file (the queued
    ``endLoop`` is pumped before the synthesis starts), so a line read at once could be
    missing or cut short. The file is complete when ``finished-utterance`` is notified,
    which the driver does after writing it: that, not ``runAndWait``, says "done".
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # pyttsx3 prints "Audio saved to ..." for every file
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - lives as long as the process
    try:
        import pyttsx3

        engine: Any = pyttsx3.init()
        voices = [
            Voice(str(v.id), str(v.name or v.id), tuple(str(x) for x in (v.languages or ())))
            for v in engine.getProperty("voices") or []
        ]
    except Exception as exc:  # no engine: the app carries on with captions
        conn.send(("unavailable", engine_problem(exc)))
        return
    settle = _settler()
    finished = threading.Event()
    engine.connect("finished-utterance", lambda **_: finished.set())
    conn.send(("voices", voices))
    default = choose_voice(voices, "")
    known = {v.id for v in voices}
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        if request is None:
            return
        _, key, text, voice, rate, path = request
        try:
            engine.setProperty("voice", voice if voice in known else default)
            settle()  # a voice change resets the rate when espeak-ng gets round to it
            engine.setProperty("rate", rate)
            settle()
            finished.clear()
            engine.save_to_file(text, path)
            engine.runAndWait()
            if finished.wait(LINE_LIMIT_SECONDS):
                settle()
                conn.send(("done", key))
            else:
                conn.send(("failed", key, "the speech engine never finished the line"))
        except Exception as exc:
            conn.send(("failed", key, str(exc) or type(exc).__name__))
