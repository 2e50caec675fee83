"""The speech engine's own process: pyttsx3 + espeak-ng turn text into WAV files here.

pyttsx3 has well-known traps: ``runAndWait`` blocks and can hang, and a later call can
stall. In a process of its own it can hang without freezing anything else, and the app
can kill and restart it. Nothing here imports Qt.
"""

from __future__ import annotations

import os
import sys
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


def serve(conn: Connection) -> None:
    """Answer ("synth", key, text, voice, rate, path) requests until told to stop (None)."""
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
            engine.setProperty("rate", rate)
            engine.save_to_file(text, path)
            engine.runAndWait()
            conn.send(("done", key))
        except Exception as exc:
            conn.send(("failed", key, str(exc) or type(exc).__name__))
