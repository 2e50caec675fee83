"""A sound server that stops answering must not freeze CrampCoach.

Qt Multimedia waits forever on a PulseAudio server that accepts the connection but never
replies (see app/audio_gate.py). This starts a private PulseAudio, freezes it with SIGSTOP
and plays a narrated routine against it: the session must run on captions and exit.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes import SHORT_ROUTINE, run_cli

pytestmark = pytest.mark.skipif(
    not shutil.which("pulseaudio") and not os.environ.get("CRAMPCOACH_REQUIRE_AUDIO"),
    reason="needs the pulseaudio daemon (scripts/setup.sh test installs it)",
)


@pytest.fixture
def frozen_sound_server(tmp_path: Path) -> Iterator[dict[str, str]]:
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    env = {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}
    server = subprocess.Popen(
        [
            "pulseaudio",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "-n",
            "--load=module-null-sink sink_name=null",
            "--load=module-native-protocol-unix",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(50):
            if subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the private PulseAudio server did not start")
        server.send_signal(signal.SIGSTOP)
        yield {"XDG_RUNTIME_DIR": str(runtime)}
    finally:
        server.send_signal(signal.SIGCONT)
        server.kill()
        server.wait()


def test_a_frozen_sound_server_leaves_the_session_on_captions(
    tmp_path: Path, frozen_sound_server: dict[str, str]
) -> None:
    routine = tmp_path / "quick.yaml"
    routine.write_text(SHORT_ROUTINE)
    trace = tmp_path / "trace.jsonl"
    started = time.monotonic()
    result = run_cli(
        tmp_path,
        "play",
        str(routine),
        "--speed",
        "4",
        "--exit-when-done",
        "--trace",
        str(trace),
        timeout=45,
        **frozen_sound_server,
    )
    assert result.returncode == 0, result.stderr
    cues = [json.loads(line) for line in trace.read_text().splitlines()]
    assert [c["cue"] for c in cues if "cue" in c and "kind" in c] == list(range(14))
    assert not [c for c in cues if "narrator" in c]  # no voice: captions carried it
    assert time.monotonic() - started < 30
