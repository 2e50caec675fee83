"""Shared test set-up: isolated user folders, offscreen Qt, a fake clock, markers by folder."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from crampcoach.core.clock import FakeClock

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Each test is marked by the folder it lives in (see [tool.pytest.ini_options] markers), so
# ``-m "not system"`` is the fast loop.
FOLDER_MARKERS = {"core", "desktop", "cli", "system", "fuzz"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    tests = Path(__file__).parent
    for item in items:
        parts = item.path.relative_to(tests).parts
        folder = parts[0] if len(parts) > 1 else "project"
        item.add_marker(folder if folder in FOLDER_MARKERS else "project")


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test may read or write the real user's settings, routines, history or caches."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def write_routine(tmp_path: Path) -> Callable[..., Path]:
    """Write a routine file from an indented YAML snippet; returns its path."""

    def write(text: str, name: str = "routine.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write
