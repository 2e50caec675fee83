"""Take the README's screenshots: the library, the player at a stretch, a breathing and a
PMR step, the progress page over eight weeks of sample diary, the cramp form and Learn.
Runs the real app on a fake clock so each shot shows a chosen moment.

Run under Xvfb (the README and CI do): xvfb-run -s "-screen 0 1280x860x24" \
    .venv/bin/python scripts/screenshots.py [OUTDIR]
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication

from crampcoach.core.clock import FakeClock
from crampcoach.core.diary import Cramp
from crampcoach.core.history_store import HistoryStore, SessionRecord, history_path
from crampcoach.desktop.app import CrampCoachApp
from crampcoach.desktop.session.launcher import PlayOptions
from crampcoach.desktop.theme import apply_theme

SHOTS = [  # (file, routine, seconds into the session)
    ("player-stretch.png", "post-workout-leg-cooldown", 62.0),
    ("player-breathing.png", "box-breathing", 13.0),
    ("player-pmr.png", "pmr-lower-body", 16.0),
]


def settle(qapp: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        qapp.processEvents()


def wait_for(qapp: QApplication, done: object, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:  # type: ignore[operator]
        qapp.processEvents()
        time.sleep(0.01)


def sample_diary(now: dt.datetime) -> None:
    """Eight weeks: cramps most nights at first, fewer once the bedtime stretch became a habit."""
    rng = random.Random(2012)
    with HistoryStore(history_path()) as store:
        for days_ago in range(55, 0, -1):
            night = now - dt.timedelta(days=days_ago)
            habit = min(1.0, max(0.0, (40 - days_ago) / 25))
            if rng.random() < 0.15 + 0.8 * habit:
                start = night.replace(hour=22, minute=rng.randint(0, 40))
                store.start_session(
                    SessionRecord(
                        "bedtime-calf-hamstring",
                        "Bedtime calf & hamstring stretch",
                        start,
                        tags=("bedtime",),
                        status="completed",
                        active_seconds=rng.randint(300, 420),
                    )
                )
            if days_ago % 7 in (1, 4):
                store.start_session(
                    SessionRecord(
                        "post-workout-leg-cooldown",
                        "Post-workout cool-down",
                        night.replace(hour=18),
                        status="completed",
                        active_seconds=600,
                    )
                )
            if rng.random() < 0.55 - 0.35 * habit:
                store.add_cramp(
                    Cramp(
                        at=night.replace(hour=3, minute=rng.randint(0, 59)),
                        muscle="calf",
                        side=rng.choice(["left", "right"]),
                        severity=max(2, min(9, round(rng.gauss(7 - 3 * habit, 1.2)))),
                        minutes=rng.choice([1, 2, 3, 5]),
                        during_sleep=True,
                    )
                )


def builder_shots(qapp: QApplication, app: CrampCoachApp, out: Path) -> None:
    """The builder: a copy of the bedtime stretch, its step list and live timeline, a
    form with a validation message on its field, and the figure picker."""
    from crampcoach.desktop.builder.figure_picker import FigurePicker

    app.window.library_view.select("bedtime-calf-hamstring")
    app.window.my_routines.requested.emit("duplicate", "")
    view = app.builder.view
    assert view is not None
    view.steps.setCurrentRow(3)
    settle(qapp)
    app.window.grab().save(str(out / "builder.png"))
    view.draft.set(("steps", 2, "cues"), [{"at": 40, "say": "Nearly there."}])
    view._fill_steps(select=3)
    view.recheck()
    settle(qapp)
    app.window.grab().save(str(out / "builder-problem.png"))
    view.undo()
    picker = FigurePicker(app.builder.host_poses(), "wall-calf-stretch", app.window)
    picker.muscle.setCurrentIndex(max(0, picker.muscle.findData("calves")))
    picker.show()
    settle(qapp)
    picker.grab().save(str(out / "builder-figures.png"))
    picker.reject()
    view.draft.mark_saved(Path("unused.yaml"), "")  # leave without a question
    app.builder.close()


def main() -> int:
    default = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="crampcoach-shots-"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(home / var.lower())
    qapp = QApplication(sys.argv[:1])
    apply_theme(qapp, "light")
    clock = FakeClock()
    now = dt.datetime.now().astimezone().replace(hour=21, minute=30, second=0, microsecond=0)
    sample_diary(now)
    app = CrampCoachApp(qapp, clock=clock, wall=lambda: now)
    app.settings = app.settings.changed(sounds_enabled=False)  # silent: no audio probe
    app.window.resize(1100, 760)
    app.window.show()
    wait_for(qapp, lambda: app.loader.library is not None)
    settle(qapp)
    app.window.grab().save(str(out / "library.png"))
    view = app.diary.show_progress()
    wait_for(qapp, lambda: view.insights is not None)
    settle(qapp)
    app.window.grab().save(str(out / "progress.png"))
    dialog = app.diary.log_cramp()
    dialog.severity.setValue(6)
    dialog.triggers["hard-workout"].setChecked(True)
    settle(qapp)
    dialog.grab().save(str(out / "log-cramp.png"))
    dialog.reject()
    app.show_learn()
    settle(qapp)
    app.window.grab().save(str(out / "learn.png"))
    for name, routine, seconds in SHOTS:
        player = app.start(routine, PlayOptions(routine, voice=False))
        assert player is not None
        clock.advance(seconds)
        player.driver.poll_now()
        player.driver.pause()  # freeze the moment
        player.driver.resume()
        settle(qapp)
        player.refresh()
        app.window.grab().save(str(out / name))
        app.window.close_player()
        settle(qapp)
    builder_shots(qapp, app, out)
    app.shutdown()
    print(f"screenshots written to {out}")
    app.window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
