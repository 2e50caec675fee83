"""Benchmark: load and validate routine files (built-ins, and 1,000 generated ones), and
show a library of 1,000 and 5,000 routines in the window's list.

Prints figures; it is not a pass/fail test. Targets: built-ins <= 100 ms, 1,000 files <= 1.0 s;
showing 5,000 routines in the library view: the GUI thread busy < 50 ms at a time (filling
the list is one such stretch).
Run: .venv/bin/python benchmarks/library_load.py [--json]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from crampcoach.core.library import Library, LibraryEntry, load_library
from crampcoach.core.resources import builtin_routines_dir


def _time(fn: object, repeat: int) -> list[float]:
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        runs.append(time.perf_counter() - started)
    return runs


def measure(count: int = 1000, repeat: int = 5) -> dict[str, float]:
    builtins = builtin_routines_dir()
    load_library(builtins, None)  # warm imports and caches once
    builtin_runs = _time(lambda: load_library(builtins, None), repeat)
    sources = sorted(builtins.glob("*.yaml"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(count):
            source = sources[i % len(sources)]
            text = source.read_text(encoding="utf-8")
            text = text.replace(f"id: {source.stem}", f"id: {source.stem}-{i}", 1)
            (folder / f"{source.stem}-{i}.yaml").write_text(text, encoding="utf-8")
        library = load_library(None, folder)
        assert len(library.entries) == count
        assert not library.failed
        many_runs = _time(lambda: load_library(None, folder), max(1, repeat // 2))
        shutil.rmtree(folder, ignore_errors=True)
    fills = {n: _fill_view(library, n) for n in (1000, 5000)}
    return {
        "builtin_files": len(sources),
        "builtin_load_ms_median": statistics.median(builtin_runs) * 1000,
        "files": count,
        "files_load_s_median": statistics.median(many_runs),
        "per_file_ms": statistics.median(many_runs) / count * 1000,
        "view_fill_1000_ms": fills[1000] * 1000,
        "view_fill_5000_ms": fills[5000] * 1000,
    }


def _fill_view(library: Library, count: int) -> float:
    """Seconds to show ``count`` routines in the library view (offscreen, shown window)."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from crampcoach.desktop.library_view import LibraryView

    app = QApplication.instance() or QApplication([])
    template = next(iter(library.entries.values()))
    big = Library()
    for i in range(count):
        routine = template.routine.model_copy(update={"id": f"r{i}", "title": f"Routine {i}"})
        big.entries[routine.id] = LibraryEntry(routine, template.timeline, template.path, "user")
    view = LibraryView()
    view.resize(980, 700)
    view.show()
    app.processEvents()
    started = time.perf_counter()
    view.set_library(big)
    app.processEvents()  # the first paint included
    seconds = time.perf_counter() - started
    view.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    figures = measure(args.count)
    if args.json:
        print(json.dumps(figures))
        return
    print(
        f"built-in routines: {figures['builtin_files']} files, "
        f"{figures['builtin_load_ms_median']:.1f} ms (target <= 100 ms)"
    )
    print(
        f"{figures['files']} routine files: {figures['files_load_s_median']:.3f} s, "
        f"{figures['per_file_ms']:.2f} ms per file (target <= 1.0 s)"
    )
    print(
        f"library view: 1,000 routines shown in {figures['view_fill_1000_ms']:.0f} ms, "
        f"5,000 in {figures['view_fill_5000_ms']:.0f} ms (was 3.0-3.8 s and 76-80 s)"
    )


if __name__ == "__main__":
    main()
