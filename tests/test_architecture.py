"""The layers hold: the core stays Qt-free (sessions and reminders run on a fake clock), the
CLI sits above the desktop app, and the desktop's features do not import each other.

import-linter enforces every import rule (pyproject.toml); this runs it from pytest so the
fast loop checks it too. Only what import-linter cannot express is checked here."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import crampcoach.core

CORE = Path(crampcoach.core.__file__).parent
MAX_LINES = 400  # a module past this is two concepts (shared/STYLE.md)


def test_import_linter_contracts_hold() -> None:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    assert Path(exe).exists(), "import-linter is a test dependency (pip install -e .[test])"
    repo = Path(__file__).resolve().parents[1]
    result = subprocess.run([exe], cwd=repo, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom | ast.Import):
            names |= {alias.name for alias in node.names}
    return names


def test_sound_goes_through_the_one_session_stream() -> None:
    """No QSoundEffect and no QMediaPlayer: each opens streams and socket notifiers per
    sound, and Qt 6.11's QSoundEffect churn froze a session in CI (desktop/session/audio.py).
    QAudioSink is only the fallback stream's, where libpulse-simple is not to be had."""
    package = CORE.parent
    imports = {p.relative_to(package).as_posix(): imported_names(p) for p in package.rglob("*.py")}
    assert [p for p, names in imports.items() if names & {"QSoundEffect", "QMediaPlayer"}] == []
    assert [p for p, names in imports.items() if "QAudioSink" in names] == [
        "desktop/session/audio_qt.py"
    ]


def test_every_module_is_small_enough_to_hold_one_concept() -> None:
    package = CORE.parent
    sizes = {
        p.relative_to(package).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
        for p in package.rglob("*.py")
    }
    assert {p: n for p, n in sizes.items() if n > MAX_LINES} == {}
