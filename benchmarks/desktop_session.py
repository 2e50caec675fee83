"""A private desktop for benchmarks that start real windows: Xvfb and a D-Bus session bus.

Without a session bus, Qt's accessibility bridge makes libdbus autolaunch a bus at the
first accessible name (15 ms and a dbus-launch process), which no real desktop pays: the
figures would be of the test rig, not of the app. With ``tray``, trayer gives Qt a system
tray. Falls back to offscreen Qt when Xvfb is missing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from collections.abc import Iterator


@contextlib.contextmanager
def desktop(tray: bool = False) -> Iterator[dict[str, str]]:
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
        yield env
    finally:
        for proc in reversed(procs):
            proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(5)
