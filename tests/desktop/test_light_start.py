"""What start-up leaves out until it is needed (issue #15): the window is shown without
the command parser, pydantic, the routine models, Qt Network or Qt Multimedia, and PySide6
does not keep every module's source. Figures are benchmarks/'s job; these keep the shape."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from crampcoach.cli.main import app_only

FIRST_WINDOW = """
import json, sys
from PySide6.QtWidgets import QApplication
from crampcoach.cli.main import app_only
from crampcoach.desktop import main
app = QApplication([])
window = main.first_window(app)
window.show()
app.processEvents()
heavy = ["pydantic", "yaml", "icalendar", "crampcoach.core.routine",
         "crampcoach.core.settings", "crampcoach.desktop.app", "PySide6.QtNetwork",
         "PySide6.QtMultimedia", "multiprocessing"]
print(json.dumps({"loaded": [m for m in heavy if m in sys.modules],
                  "shown": window.isVisible()}))
"""


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], (False, None)),
        (["--hidden"], (True, None)),
        (["--trace", "t.jsonl"], (False, Path("t.jsonl"))),
        (["--hidden", "--trace=t.jsonl"], (True, Path("t.jsonl"))),
        (["--trace"], None),  # the full parser says what is missing
        (["--trace", "--hidden"], None),
        (["play", "box-breathing"], None),
        (["--hidden", "list"], None),
        (["--version"], None),
        (["--hid"], None),  # argparse's abbreviations stay argparse's
    ],
)
def test_only_the_bare_app_skips_the_command_parser(
    argv: list[str], expected: tuple[bool, Path | None] | None
) -> None:
    assert app_only(argv) == expected


def test_the_first_window_needs_none_of_the_app_behind_it(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", FIRST_WINDOW], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"loaded": [], "shown": True}


def test_modules_imported_after_pyside6_leave_no_source_behind(tmp_path: Path) -> None:
    module = tmp_path / "late_module.py"
    module.write_text("from PySide6.QtCore import QObject\nVALUE = 1\n")
    code = textwrap.dedent(
        f"""
        import linecache, sys
        import crampcoach.desktop.main
        sys.path.insert(0, {str(tmp_path)!r})
        import late_module
        print(any(name.endswith("late_module.py") for name in linecache.cache))
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


TRAY_AGENT = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from crampcoach.desktop.agent.link import AppLink
from crampcoach.desktop.agent.run import tray_icon
from crampcoach.desktop.agent.tray_agent import TrayAgent
app = QApplication([])
link = AppLink(deliver=lambda payload: False, launch=lambda args: True)
agent = TrayAgent(tray_icon(), link, path=Path(sys.argv[1]))
agent.reload()
app.processEvents()
heavy = ["pydantic", "yaml", "ruamel", "icalendar", "dateutil", "crampcoach.core.routine",
         "crampcoach.core.schedule", "crampcoach.core.settings", "crampcoach.core.library",
         "crampcoach.desktop.app", "PySide6.QtNetwork", "PySide6.QtMultimedia", "PySide6.QtSvg",
         "multiprocessing", "subprocess"]
print(json.dumps({"loaded": [m for m in heavy if m in sys.modules],
                  "menu": agent.next_action.text(), "icon": not tray_icon().isNull()}))
"""


def test_the_tray_agent_holds_the_reminders_without_the_app_s_models(tmp_path: Path) -> None:
    """Idle in the tray, the agent is what runs: a bare tray icon plus a few modules."""
    from crampcoach.core.agent_state import AgentState

    state = tmp_path / "agent.json"
    state.write_bytes(AgentState(next_text="Next: Mon 21:30: Stretch").encode())
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", TRAY_AGENT, str(state)], env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"loaded": [], "menu": "Next: Mon 21:30: Stretch", "icon": True}
