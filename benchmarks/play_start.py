"""Benchmark: ``crampcoach play ROUTINE`` to its first cue, with a warm speech cache
(issue #15: under 0.6 s), and to the first narrator line starting.

The command is started as a person starts it, with ``--trace FILE``; the trace's lines are
flushed as they happen, and this script notes when the first cue line and the first
narrator start appear (polling every 2 ms), counted from just before the process was
started. The speech cache is warmed by one run first (not counted), in the same user
folders. Real sound: a PulseAudio server of its own with a null sink, on a private Xvfb
with a D-Bus session bus (desktop_session.py). A null sink woken from idle takes up a new
stream only 1.4-2 s after it opens (paplay's too; the session starts when its stream flows,
so the opening line is heard on the first cue); ``--running-sink`` keeps the sink running
(a keep-alive stream), as a desktop's usually is; ``--silent`` (no sound server) times the
app's own part alone.
Run: .venv/bin/python benchmarks/play_start.py [--runs 8] [--routine calf-cramp-relief] [--json]
"""

from __future__ import annotations

import argparse
import json
import signal
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from desktop_session import desktop
from idle_tray import process_tree, pss_kb
from startup import crampcoach_command, user_env

TARGET_S = 0.6
TARGET_TREE_MB = 120
SESSION_SETTLE_S = 4.0  # into the session: the speech process has started by then


def tree_memory(pid: int) -> dict[str, float]:
    rss = pss = 0
    for p in process_tree(pid):
        try:
            status = Path(f"/proc/{p}/status").read_text()
            rss += next(int(x.split()[1]) for x in status.splitlines() if x.startswith("VmRSS:"))
            pss += pss_kb(p)
        except (OSError, StopIteration, ValueError):
            continue
    return {
        "tree_rss_mb": rss / 1024,
        "tree_pss_mb": pss / 1024,
        "processes": len(process_tree(pid)),
    }


def once(
    env: dict[str, str], routine: str, trace: Path, wanted: int = 2, measure_tree: bool = False
) -> dict[str, float]:
    """Seconds from the process's start to the first cue and the first line starting."""
    found: dict[str, float] = {}
    started = time.monotonic()
    proc = subprocess.Popen(
        [*crampcoach_command(), "play", routine, "--trace", str(trace)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = started + 60
        seen = 0
        while time.monotonic() < deadline and len(found) < wanted:
            if trace.exists():
                lines = trace.read_text().splitlines()
                now = time.monotonic() - started
                for line in lines[seen:]:
                    try:
                        record = json.loads(line)
                    except ValueError:
                        break
                    seen += 1
                    if "cue" in record and "kind" in record:
                        found.setdefault("first_cue_s", now)
                    if record.get("narrator") == "start":
                        found.setdefault("first_line_s", now)
            time.sleep(0.002)
        if measure_tree:  # the session playing: the app, its speech process, any helper
            time.sleep(SESSION_SETTLE_S)
            found.update(tree_memory(proc.pid))
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
    return found


def keep_running(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A stream of silence into the null sink, so it runs before the app opens its own (a
    null sink woken from idle takes up a new stream only after 1.4-2 s)."""
    with open("/dev/zero", "rb") as zeros:
        return subprocess.Popen(
            ["pacat", "--playback", "--raw", "-d", "null", "--latency-msec=200"],
            env=env,
            stdin=zeros,
        )


def measure(
    runs: int,
    routine: str,
    silent: bool = False,
    running_sink: bool = False,
    src: str | None = None,
) -> dict[str, float | str]:
    results = []
    with (
        desktop(sound=not silent) as base,
        tempfile.TemporaryDirectory(prefix="crampcoach-play-") as tmp,
    ):
        env = {**base, **user_env(Path(tmp))}
        if src:  # another checkout's code (its src folder), e.g. the code before a change
            env["PYTHONPATH"] = src
        keeper = keep_running(env) if running_sink and not silent else None
        if silent:  # no sound server to be found: the session runs on captions at once
            env["XDG_RUNTIME_DIR"] = tmp
            env.pop("PULSE_SERVER", None)
        wanted = 1 if silent else 2  # silent: no narrator line will start
        subprocess.run(  # fills the speech cache: every line of the routine, played through
            [*crampcoach_command(), "play", routine, "--speed", "16", "--exit-when-done"],
            env=env,
            capture_output=True,
            timeout=300,
        )
        for i in range(runs):
            results.append(once(env, routine, Path(tmp) / f"run{i}.jsonl", wanted, i == 0))
            if not running_sink:
                time.sleep(3)  # the sink idles again, as before the first run
        if keeper is not None:
            keeper.terminate()
            keeper.wait(5)
    cues = [r["first_cue_s"] for r in results if "first_cue_s" in r]
    lines = [r["first_line_s"] for r in results if "first_line_s" in r]
    return {
        "routine": routine,
        "sound": "none"
        if silent
        else "PulseAudio null sink, " + ("running" if running_sink else "idle before"),
        "runs": runs,
        "first_cue_median_s": statistics.median(cues),
        "first_cue_min_s": min(cues),
        "first_cue_max_s": max(cues),
        "first_line_median_s": statistics.median(lines) if lines else float("nan"),
        "tree_rss_mb": round(results[0].get("tree_rss_mb", float("nan")), 1),
        "tree_pss_mb": round(results[0].get("tree_pss_mb", float("nan")), 1),
        "tree_processes": results[0].get("processes", 0),
        "target_tree_mb": TARGET_TREE_MB,
        "target_s": TARGET_S,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--routine", default="calf-cramp-relief")
    parser.add_argument(
        "--silent", action="store_true", help="no sound server: the app's own part alone"
    )
    parser.add_argument(
        "--running-sink", action="store_true", help="the sink already runs (a keep-alive stream)"
    )
    parser.add_argument("--src", help="run another checkout's code (its src folder)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    f = measure(args.runs, args.routine, args.silent, args.running_sink, args.src)
    if args.json:
        print(json.dumps(f))
        return
    print(
        f"play {f['routine']} to its first cue (warm speech cache, sound: {f['sound']}, "
        f"{f['runs']} runs): median "
        f"{f['first_cue_median_s']:.3f} s ({f['first_cue_min_s']:.3f}-{f['first_cue_max_s']:.3f}; "
        f"target < {TARGET_S} s); first narrator line starts at "
        f"{f['first_line_median_s']:.3f} s"
    )
    print(
        f"a session's process tree {SESSION_SETTLE_S:g} s in: RSS {f['tree_rss_mb']} MB, PSS "
        f"{f['tree_pss_mb']} MB in {f['tree_processes']} processes (target RSS <= "
        f"{TARGET_TREE_MB} MB)"
    )


if __name__ == "__main__":
    main()
