"""The tray agent on a real X display with a real tray (Xvfb + trayer): at login it starts
the window process hidden to plan, which writes what comes next and quits; what stays in
the tray is the agent alone, without Qt Multimedia or pydantic loaded. Opening the app
from it starts the window process (showing no second icon); Quit ends both; a window
process whose agent died keeps the reminders and takes the tray.

Needs Xvfb and trayer (scripts/setup.sh test installs them); skipped elsewhere, unless
CRAMPCOACH_REQUIRE_TRAY=1 (CI) makes that a failure.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("trayer"))
    and not os.environ.get("CRAMPCOACH_REQUIRE_TRAY"),
    reason="needs Xvfb and trayer (scripts/setup.sh test installs them)",
)


def wait_for(what: Callable[[], object], seconds: float = 30) -> object:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := what():
            return found
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A private X display with an XEmbed tray, and isolated user folders."""
    number = next(n for n in range(200 + os.getpid() % 300, 1000)
                  if not Path(f"/tmp/.X{n}-lock").exists())  # fmt: skip
    display = f":{number}"
    xvfb = ["Xvfb", display, "-screen", "0", "1024x768x24", "-nolisten", "tcp"]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [subprocess.Popen(xvfb, **quiet)]  # type: ignore[call-overload]
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    env.update(
        {f"XDG_{kind.upper()}_HOME": str(tmp_path / kind) for kind in ("config", "data", "cache")}
    )
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # the tray is XEmbed: no bus needed
    wait_for(lambda: Path(f"/tmp/.X11-unix/X{display[1:]}").exists(), 10)
    procs.append(subprocess.Popen(["trayer"], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL))  # fmt: skip
    time.sleep(1)
    try:
        yield env
    finally:
        for pid in ours(env):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for proc in reversed(procs):
            proc.kill()
            proc.wait()


def ours(env: dict[str, str]) -> list[int]:
    """CrampCoach processes of this test's user folders (the window process is started
    detached, so it is no child of the agent)."""
    mark = f"XDG_CONFIG_HOME={env['XDG_CONFIG_HOME']}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if b"crampcoach" in (entry / "cmdline").read_bytes() and mark in (
                (entry / "environ").read_bytes().split(b"\0")
            ):
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if stat[0] != "Z":
                    found.append(int(entry.name))
    return found


def crampcoach(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "crampcoach", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


def maps(pid: int) -> str:
    return Path(f"/proc/{pid}/maps").read_text()


def agent_state(env: dict[str, str]) -> dict[str, object] | None:
    try:
        data = json.loads((Path(env["XDG_CACHE_HOME"]) / "crampcoach" / "agent.json").read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def test_at_login_the_agent_stays_alone_in_the_tray_and_quit_ends_everything(
    desktop: dict[str, str],
) -> None:
    env = desktop
    subprocess.run([sys.executable, "-m", "crampcoach", "remind", "add", "--at", "23:59",
                    "--message", "Stretch your calves"], env=env, check=True,
                   capture_output=True)  # fmt: skip
    trace = Path(env["XDG_CACHE_HOME"]).parent / "agent-trace.jsonl"
    agent = crampcoach(env, "--hidden", "--trace", str(trace))
    # the window process it started plans and writes what comes next ...
    state = wait_for(lambda: agent_state(env))
    assert isinstance(state, dict)
    assert "Stretch your calves" in str(state["next_text"])
    assert state["next_wakeup"] is not None
    # ... and quits once idle: the agent alone stays, small
    wait_for(lambda: ours(env) == [agent.pid], 40)
    assert agent.poll() is None
    loaded = maps(agent.pid)
    assert "libQt6Multimedia" not in loaded
    assert "pydantic_core" not in loaded
    assert "libQt6Svg" not in loaded

    # Open: the window process starts (the agent is still the only tray icon holder)
    window = crampcoach(env)
    wait_for(lambda: len(ours(env)) == 2)
    time.sleep(2)
    assert window.poll() is None  # it stays while its window is open

    # Quit in the agent's menu (here: its socket) quits the window process, then itself
    from crampcoach.desktop.single_instance import send

    with _user_env(env):
        from crampcoach.desktop.agent.link import agent_name

        assert send(agent_name(), {"cmd": "quit"})
    assert agent.wait(20) == 0
    assert window.wait(20) == 0
    assert ours(env) == []
    records = [json.loads(line) for line in trace.read_text().splitlines()]
    ready = [r for r in records if r.get("event") == "library-ready"]
    assert len(ready) == 1
    assert ready[0]["entries"] >= 13  # the built-in library, loaded by the window process
    assert records[-1]["event"] == "longest-stall"


def test_a_window_process_whose_agent_died_keeps_running_and_takes_the_tray(
    desktop: dict[str, str],
) -> None:
    env = desktop
    agent = crampcoach(env, "--hidden")
    wait_for(lambda: agent_state(env))
    wait_for(lambda: ours(env) == [agent.pid], 40)
    window = crampcoach(env)
    wait_for(lambda: len(ours(env)) == 2)
    time.sleep(2)
    agent.kill()
    agent.wait()
    time.sleep(8)  # longer than the idle checks: it must not quit, nor crash
    assert window.poll() is None
    window.terminate()
    assert window.wait(20) == 0


@contextlib.contextmanager
def _user_env(env: dict[str, str]) -> Iterator[None]:
    """The socket names depend on the user folders: compute them with the test's."""
    saved = {k: os.environ.get(k) for k in ("XDG_CONFIG_HOME",)}
    os.environ["XDG_CONFIG_HOME"] = env["XDG_CONFIG_HOME"]
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
