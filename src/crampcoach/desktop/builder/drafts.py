"""Where kept drafts live, and which there are: light enough for the library's menu to
ask before the builder (and the routine models) is loaded."""

from __future__ import annotations

from pathlib import Path

from crampcoach.core import paths

DRAFT_OF = "crampcoach draft of: "  # a draft's first line: the file it is a draft of


def drafts_dir() -> Path:
    return paths.data_dir() / "drafts"


def draft_files() -> list[Path]:
    """Kept drafts, newest first."""
    folder = drafts_dir()
    try:
        files = [p for p in folder.glob("*.yaml") if p.is_file()]
    except OSError:
        return []
    return sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)
