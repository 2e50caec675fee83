"""Add ``figure: POSE_ID`` to the built-in routines' steps, as docs/figure-map.md lists them.

Run: .venv/bin/python scripts/apply_figure_map.py [--check]
Inserts the line after each listed step's ``name:`` line (same indent), leaves steps that
already have a figure alone, and prints the rows it could not place. ``--check`` changes
nothing and exits 1 when anything would change or cannot be placed.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROW = re.compile(r"^\| ([a-z0-9-]+) \| (.+?) \| ([a-z0-9-]+) \|$")


def figure_map(text: str) -> dict[tuple[str, str], str]:
    """(routine id, step name) -> pose id, from the first table of figure-map.md."""
    rows: dict[tuple[str, str], str] = {}
    for line in text.split("## ")[0].splitlines():
        match = ROW.match(line.strip())
        if match and match.group(1) != "routine":
            rows[(match.group(1), match.group(2).strip())] = match.group(3)
    return rows


def apply(text: str, names: dict[str, str]) -> tuple[str, set[str]]:
    """``text`` with a figure line after each named step's name; the names it found."""
    lines = text.splitlines(keepends=True)
    found: set[str] = set()
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        match = re.match(r"^(\s*(?:- )?)name: (.+?)\s*$", line)
        if not match or match.group(2).strip("'\"") not in names:
            continue
        name = match.group(2).strip("'\"")
        found.add(name)
        indent = " " * len(match.group(1))
        rest = []  # the step's other lines: as indented as its keys, up to the next step
        for later in lines[i + 1 :]:
            if later.strip() and not later.startswith(indent):
                break
            rest.append(later)
        if not any(later.startswith(indent + "figure:") for later in rest):
            out.append(f"{indent}figure: {names[name]}\n")
    return "".join(out), found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if stale")
    args = parser.parse_args()
    rows = figure_map((REPO / "docs" / "figure-map.md").read_text(encoding="utf-8"))
    stale = 0
    for path in sorted((REPO / "assets" / "routines").glob("*.yaml")):
        routine_id = path.stem
        names = {step: pose for (rid, step), pose in rows.items() if rid == routine_id}
        text = path.read_text(encoding="utf-8")
        new, placed = apply(text, names)
        for missing in sorted(set(names) - placed):
            print(f"{path.name}: no step named {missing!r}")
            stale += 1
        if new != text:
            stale += 1
            if not args.check:
                path.write_text(new, encoding="utf-8")
                print(f"{path.name}: figures added")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
