"""A private desktop for benchmarks that start real windows: Xvfb and a D-Bus session bus.

Without a session bus, Qt's accessibility bridge makes libdbus autolaunch a bus at the
first accessible name (15 ms and a dbus-launch process), which no real desktop pays: the
figures would be of the test rig, not of the app. With ``tray``, trayer gives Qt a system
tray; with ``sound``, a PulseAudio server of its own plays into a null sink. Falls back to
offscreen Qt when Xvfb is missing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator


@contextlib.contextmanager
def desktop(tray: bool = False, sound: bool = False) -> Iterator[dict[str, str]]:
    """The environment for processes on the private desktop, for as long as it lasts."""
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        if not shutil.which("Xvfb"):
            env["QT_QPA_PLATFORM"] = "offscreen"
        else:
            display = f":{100 + os.getpid() % 800}"
            procs.append(
                subprocess.Popen(
                    ["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            env["DISPLAY"] = display
            time.sleep(1)
        if shutil.which("dbus-daemon"):
            bus = subprocess.Popen(
                ["dbus-daemon", "--session", "--nofork", "--print-address"],
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            procs.append(bus)
            assert bus.stdout is not None
            env["DBUS_SESSION_BUS_ADDRESS"] = bus.stdout.readline().decode().strip()
        if tray and env.get("DISPLAY") and shutil.which("trayer"):
            procs.append(
                subprocess.Popen(
                    ["trayer"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
                )
            )
            time.sleep(1)
        if sound and shutil.which("pulseaudio"):
            procs.append(pulseaudio(env))
        yield env
    finally:
        for proc in reversed(procs):
            proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)


def pulseaudio(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A sound server in a runtime folder of its own (set in ``env``), with a null sink."""
    runtime = tempfile.mkdtemp(prefix="crampcoach-bench-runtime-")
    os.chmod(runtime, 0o700)
    env["XDG_RUNTIME_DIR"] = runtime
    env.pop("PULSE_SERVER", None)
    server = subprocess.Popen(
        [
            "pulseaudio",
            "-n",
            "--daemonize=no",
            "--exit-idle-time=-1",
            "--load=module-null-sink sink_name=null",
            "--load=module-native-protocol-unix",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(50):
        if subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode == 0:
            break
        time.sleep(0.1)
    subprocess.run(["pactl", "set-default-sink", "null"], env=env, capture_output=True)
    return server
