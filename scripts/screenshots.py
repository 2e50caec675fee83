"""Take the README's screenshots: the library and the player at a stretch, a breathing
and a PMR step. Runs the real app on a fake clock so each shot shows a chosen moment.

Run under Xvfb (the README and CI do): xvfb-run -s "-screen 0 1280x860x24" \
    .venv/bin/python scripts/screenshots.py [OUTDIR]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from crampcoach.core.clock import FakeClock
from crampcoach.gui import CrampCoachApp, PlayOptions
from crampcoach.ui.theme import apply_theme

SHOTS = [  # (file, routine, seconds into the session)
    ("player-stretch.png", "post-workout-leg-cooldown", 62.0),
    ("player-breathing.png", "box-breathing", 13.0),
    ("player-pmr.png", "pmr-lower-body", 16.0),
]


def settle(qapp: QApplication, rounds: int = 20) -> None:
    for _ in range(rounds):
        qapp.processEvents()


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "docs"
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="crampcoach-shots-"))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(home / var.lower())
    qapp = QApplication(sys.argv[:1])
    apply_theme(qapp, "light")
    clock = FakeClock()
    app = CrampCoachApp(qapp, clock=clock)
    app.window.resize(1100, 760)
    app.window.show()
    app.background.shutdown()  # wait for the library to load
    settle(qapp)
    app.window.grab().save(str(out / "library.png"))
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
    print(f"screenshots written to {out}")
    app.window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
