"""The core stays Qt-free: that is what lets sessions and reminders run on a fake clock."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import crampcoach.core

CORE = Path(crampcoach.core.__file__).parent
FORBIDDEN = ("PySide6", "shiboken6", "pyttsx3")


def test_no_core_module_imports_qt_or_speech() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FORBIDDEN]
    assert offenders == []


def test_importing_the_whole_core_loads_no_qt() -> None:
    modules = sorted(f"crampcoach.core.{p.stem}" for p in CORE.glob("*.py") if p.stem != "__init__")
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_import_linter_contract_holds() -> None:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(exe).exists():
        pytest.skip("import-linter is not installed")
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
    sound, and Qt 6.11's QSoundEffect churn froze a session in CI (app/session_audio.py)."""
    package = CORE.parent
    imports = {p.relative_to(package).as_posix(): imported_names(p) for p in package.rglob("*.py")}
    assert [p for p, names in imports.items() if names & {"QSoundEffect", "QMediaPlayer"}] == []
    assert [p for p, names in imports.items() if "QAudioSink" in names] == ["app/session_audio.py"]
