"""Benchmark: CrampCoach idle in the tray with 20 reminders armed, beside a bare PySide6
tray icon, Safe Eyes and Workrave, on the same virtual screen: proportional and resident
memory (PSS, RSS: each app's whole process tree), CPU seconds per 10 minutes, and wake-ups
(voluntary context switches) per minute. Targets (issue #15): PSS at most 1.15x the bare
tray icon's; CPU <= 0.05 s per 10 minutes.

Needs Xvfb, dbus-x11 and trayer (and safeeyes, workrave for the side-by-side).
Run: .venv/bin/python benchmarks/idle_tray.py [--minutes 10] [--no-peers] [--json]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def process_tree(pid: int) -> list[int]:
    """pid and all its descendants (a peer may run helpers)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


BARE_TRAY = """
import sys
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon
app = QApplication(sys.argv[:1])
app.setQuitOnLastWindowClosed(False)
pixmap = QPixmap(22, 22)
pixmap.fill(QColor("#c2410c"))
tray = QSystemTrayIcon(QIcon(pixmap))
menu = QMenu()
menu.addAction("Quit", app.quit)
tray.setContextMenu(menu)
tray.show()
app.exec()
"""


def pss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def detached(pid: int) -> list[int]:
    """CrampCoach processes of the same user folders outside ``pid``'s tree: the tray
    agent starts the window process detached (so that it outlives the agent), and it is
    counted as the app's while it runs."""
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return []
    mark = next((e for e in environ if e.startswith(b"XDG_CONFIG_HOME=")), None)
    if mark is None:
        return []
    tree, found = set(process_tree(pid)), []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) not in tree:
            try:
                if b"crampcoach" in (entry / "cmdline").read_bytes() and mark in (
                    (entry / "environ").read_bytes().split(b"\0")
                ):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def settled(pid: int, longest: float = 60.0) -> float:
    """Wait until the window process the agent started to plan has quit (it does once
    idle); seconds waited."""
    started = time.monotonic()
    while detached(pid) and time.monotonic() - started < longest:
        time.sleep(0.5)
    return time.monotonic() - started


def stop(proc: subprocess.Popen[bytes]) -> None:
    """End an app, its process group and any window process it started detached."""
    leftover = detached(proc.pid)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    for other in leftover:
        with contextlib.suppress(ProcessLookupError):
            os.kill(other, signal.SIGTERM)
    proc.wait(10)


def sample(pid: int) -> dict[str, float]:
    rss_kb = pss = cpu = switches = 0.0
    pids = process_tree(pid) + detached(pid)
    for p in pids:
        try:
            pss += pss_kb(p)
            status = Path(f"/proc/{p}/status").read_text()
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            cpu += (int(fields[11]) + int(fields[12])) / TICKS
            rss_kb += next(
                int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")
            )
            for task in Path(f"/proc/{p}/task").iterdir():
                for line in (task / "status").read_text().splitlines():
                    if line.startswith("voluntary_ctxt_switches:"):
                        switches += int(line.split()[1])
        except (OSError, StopIteration, ValueError):
            continue
    return {"rss_mb": rss_kb / 1024, "pss_mb": pss / 1024, "cpu_s": cpu, "switches": switches,
            "processes": len(pids)}  # fmt: skip


def desktop(display: str) -> tuple[dict[str, str], list[subprocess.Popen[bytes]]]:
    procs = [
        subprocess.Popen(
            ["Xvfb", display, "-screen", "0", "1280x800x24"], stderr=subprocess.DEVNULL
        )
    ]
    time.sleep(1)
    env = {**os.environ, "DISPLAY": display}
    env.pop("QT_QPA_PLATFORM", None)
    out = subprocess.run(
        ["dbus-launch", "--sh-syntax"], env=env, capture_output=True, text=True, check=True
    ).stdout
    for part in out.split(";"):
        part = part.strip()
        if part.startswith(("DBUS_SESSION_BUS_ADDRESS=", "DBUS_SESSION_BUS_PID=")):
            key, value = part.split("=", 1)
            env[key] = value.strip("'")
    # Safe Eyes also needs a system bus (it listens for suspend): a private one stands in.
    system_bus = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--print-address"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert system_bus.stdout is not None
    env["DBUS_SYSTEM_BUS_ADDRESS"] = system_bus.stdout.readline().strip()
    procs.append(system_bus)
    procs.append(
        subprocess.Popen(["trayer"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    )
    time.sleep(1)
    return env, procs


def crampcoach_command(home: Path) -> tuple[list[str], dict[str, str]]:
    env = {
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    exe = [sys.executable, "-m", "crampcoach"]
    # 20 rules: 10 workouts and 10 reminders, all at least three hours ahead (every day),
    # so that none fires while the app is measured idle: a reminder firing starts the
    # window process, which stays until the prompt is answered (a run at 16:21 once
    # measured that instead of the idle tray)
    first = (time.localtime().tm_hour + 3) % 24
    for i in range(10):
        subprocess.run(
            [
                *exe,
                "workout",
                "add",
                "--days",
                "mon,tue,wed,thu,fri,sat,sun",
                "--at",
                f"{(first + 1 + i) % 24:02d}:00",
                "--duration",
                "60",
            ],
            env={**os.environ, **env},
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [*exe, "remind", "add", "--at", f"{(first + i) % 24:02d}:30", "--message", "Stretch"],
            env={**os.environ, **env},
            check=True,
            capture_output=True,
        )
    return [*exe, "--hidden"], env


def measure(
    name: str, command: list[str], env: dict[str, str], minutes: float, settle: float = 20
) -> dict[str, float | str]:
    proc = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(settle)
    settled(proc.pid)
    first = sample(proc.pid)
    time.sleep(minutes * 60)
    last = sample(proc.pid)
    alive = proc.poll() is None
    stop(proc)
    per10 = 10 / minutes
    return {
        "app": name,
        "alive": str(alive),
        "rss_mb": round(last["rss_mb"], 1),
        "pss_mb": round(last["pss_mb"], 1),
        "cpu_s_per_10min": round((last["cpu_s"] - first["cpu_s"]) * per10, 3),
        "wakeups_per_min": round((last["switches"] - first["switches"]) / minutes, 1),
        "processes": int(last["processes"]),
    }


def alone_memory(command: list[str], env: dict[str, str], settle: float = 15) -> dict[str, float]:
    """PSS and RSS of an app running alone, ``settle`` seconds after its start."""
    proc = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    time.sleep(settle)
    settled(proc.pid)
    figures = sample(proc.pid)
    stop(proc)
    return {
        "alone_pss_mb": round(figures["pss_mb"], 1),
        "alone_rss_mb": round(figures["rss_mb"], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    env, procs = desktop(":97")
    results = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            command, extra = crampcoach_command(Path(tmp))
            jobs = [
                ("CrampCoach", command, {**env, **extra}),
                ("bare PySide6 tray", [sys.executable, "-c", BARE_TRAY], env),
            ]
            if not args.no_peers:
                for peer, cmd in (("Safe Eyes", ["safeeyes"]), ("Workrave", ["workrave"])):
                    if shutil.which(cmd[0]):
                        home = Path(tmp) / peer.replace(" ", "")
                        # Safe Eyes 2.1 copies its defaults into folders it does not create
                        (home / "config" / cmd[0] / "style").mkdir(parents=True, exist_ok=True)
                        jobs.append(
                            (
                                peer,
                                cmd,
                                {**env, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config")},
                            )
                        )
            # Memory of each alone first: side by side, each app's PSS also takes its share
            # of the pages the others map (Qt's libraries), which blurs the comparison.
            alone = {name: alone_memory(cmd, job_env) for name, cmd, job_env in jobs}
            # then the apps run side by side, on the same screen, for the same minutes
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(len(jobs)) as pool:
                results = list(pool.map(lambda j: measure(j[0], j[1], j[2], args.minutes), jobs))
            for r in results:
                r.update(alone[str(r["app"])])
    finally:
        for proc in reversed(procs):
            proc.terminate()
    if args.json:
        print(json.dumps(results))
        return
    ours, bare = results[0], results[1]
    print(f"idle in the tray for {args.minutes:g} min (CrampCoach with 20 reminders armed)")
    print(
        f"{'app':<18} {'PSS MB':>7} {'RSS MB':>7} {'CPU s/10min':>12} {'wake-ups/min':>13}  "
        "PSS vs bare tray (alone, side by side); vs CrampCoach (CPU / wake-ups)"
    )
    for r in results:
        if r["alive"] != "True":
            print(f"{r['app']:<18} exited before the measurement ended (no figures)")
            continue
        ratio = f"{float(r['alone_pss_mb']) / float(bare['alone_pss_mb']):.2f}x alone"
        ratio += f" ({r['alone_pss_mb']} MB), {float(r['pss_mb']) / float(bare['pss_mb']):.2f}x"
        if r is not ours:
            ratio += "; " + " / ".join(
                f"{float(r[k]) / float(ours[k]):.2f}" if float(ours[k]) else "-"
                for k in ("cpu_s_per_10min", "wakeups_per_min")
            )
        print(
            f"{r['app']:<18} {r['pss_mb']:>7} {r['rss_mb']:>7} {r['cpu_s_per_10min']:>12} "
            f"{r['wakeups_per_min']:>13}  {ratio}"
        )
    print("targets: PSS <= 1.15x the bare tray icon's; CPU <= 0.05 s per 10 min")


if __name__ == "__main__":
    main()
