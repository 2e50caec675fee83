"""Fuzz the routine loader and validator: every input ends in a valid routine or in
``error:`` lines that name the file and a line, never in an exception or a hang.

CI runs a few hundred fixed cases per strategy; ``scripts/fuzz.sh`` runs 20,000+ fresh
ones and reports the slowest. ``CRAMPCOACH_FUZZ_EXAMPLES`` sets the count per strategy.
"""

from __future__ import annotations

import json
import math
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crampcoach.core.loader import load_routine_file
from tests.fakes import BUILTIN_ROUTINES

EXAMPLES = int(os.environ.get("CRAMPCOACH_FUZZ_EXAMPLES", "300"))
HANG_SECONDS = 5  # a guard only: the slowest case is reported by scripts/fuzz.sh
REPORT = os.environ.get("CRAMPCOACH_FUZZ_REPORT")
SEEDS = sorted(BUILTIN_ROUTINES.glob("*.yaml"))
SEED_BYTES = [p.read_bytes() for p in SEEDS]
KEYS = [
    "format", "id", "title", "summary", "steps", "type", "name", "duration", "sides",
    "inhale", "exhale", "hold", "cycles", "prepare", "switch", "say", "muscle", "tense",
    "relax", "defaults", "tags", "source", "image", "countdown", "hold_empty", "text", "figure",
]  # fmt: skip
TYPES = ["stretch", "breathe", "tense", "say", "rest", "pmr", "hold"]
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    # CI replays the same cases every run, so a red build always means a change broke
    # something; scripts/fuzz.sh (which sets the count) explores new ones each time.
    derandomize="CRAMPCOACH_FUZZ_EXAMPLES" not in os.environ,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
timings: list[float] = []


class Hang(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise Hang


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    yield
    if REPORT and timings:
        ordered = sorted(timings)
        figures = {
            "cases": len(ordered),
            "max_ms": round(ordered[-1] * 1000, 1),
            "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1] * 1000, 1),
        }
        Path(REPORT).write_text(json.dumps(figures) + "\n")


def check(path: Path) -> None:
    """The loader's contract on one input."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, HANG_SECONDS)
    started = time.perf_counter()
    try:
        result = load_routine_file(path)
    except Hang:
        pytest.fail(f"the loader hung on {path.read_bytes()[:200]!r}")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    timings.append(time.perf_counter() - started)
    errors = [d for d in result.diagnostics if d.is_error]
    if result.ok:
        assert result.routine is not None
        assert result.timeline is not None
        assert math.isfinite(result.timeline.duration)
        assert 0 < result.timeline.duration <= 4 * 3600
        return
    assert errors, "an invalid routine must say why"
    regular = path.is_file() and not path.is_symlink()
    for error in errors:
        text = error.format()
        assert text.startswith(f"{path}:"), text
        assert ": error: " in text
        if regular:
            assert error.line >= 1, text
        assert "\n" not in error.message, text


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    return path


# -- mutated real routines ------------------------------------------------------------------
@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEED_BYTES)))
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "delete", "insert", "dup-line", "drop-line"]))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif action == "insert":
            snippet = draw(
                st.sampled_from(
                    [b":", b"- ", b"{", b"[", b"&a ", b"*a", b"!!python/object ", b"\t",
                     b"'", b'"', b"\n  ", b"-1", b"1e999", b".nan", b"\xef\xbb\xbf",
                     b"\xd7\xa9\xd7\x9c", b"\xcc\x81", b"\xf0\x9f\x92\xaa", b"\r\n", b"\x00"]
                )
            )  # fmt: skip
            data[at:at] = snippet
        else:
            lines = bytes(data).split(b"\n")
            n = draw(st.integers(0, len(lines) - 1))
            lines[n : n + 1] = [lines[n], lines[n]] if action == "dup-line" else []
            data = bytearray(b"\n".join(lines))
    return bytes(data)


@FUZZ
@given(data=mutated())
def test_mutated_real_routines(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    check(write(tmp_path_factory.mktemp("m"), data))


# -- random routine-shaped YAML -------------------------------------------------------------
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([*TYPES, "both", "left", "right", "1", "0", "-5", "1e309"]),
    st.text(max_size=40),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=6),
    ),
    max_leaves=40,
)
steps = st.lists(
    st.dictionaries(st.sampled_from(KEYS), values, max_size=7).map(
        lambda d: d if "type" in d else {**d, "type": "stretch"}
    ),
    max_size=6,
)
routines = st.fixed_dictionaries(
    {},
    optional={
        "format": st.one_of(st.just(1), values),
        "id": st.one_of(st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True), values),
        "title": st.one_of(st.text(max_size=30), values),
        "summary": st.one_of(st.text(max_size=60), values),
        "steps": st.one_of(steps, values),
        "defaults": values,
        "tags": values,
    },
)


@FUZZ
@given(routine=routines, crlf=st.booleans(), bom=st.booleans())
def test_random_routine_shaped_yaml(
    tmp_path_factory: pytest.TempPathFactory, routine: dict[str, object], crlf: bool, bom: bool
) -> None:
    text = yaml.safe_dump(routine, allow_unicode=True, sort_keys=False)
    if crlf:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    check(write(tmp_path_factory.mktemp("r"), (b"\xef\xbb\xbf" if bom else b"") + data))


@FUZZ
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_random_bytes_and_text(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    check(write(tmp_path_factory.mktemp("b"), data))


# -- the named hard cases -------------------------------------------------------------------
VALID_HEAD = "format: 1\nid: x\ntitle: X\nsummary: S\nsteps:\n"


def step(**fields: object) -> str:
    return (
        "  - "
        + json.dumps({"type": "stretch", "name": "Calf", **fields}, ensure_ascii=False)
        + "\n"
    )


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
    f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(9)
)
HARD_CASES = {
    "alias bomb": BOMB.encode(),
    "deep nesting": (VALID_HEAD + "  - " + "[" * 5000 + "]" * 5000 + "\n").encode(),
    "deep mapping": ("a: " + "{b: " * 3000 + "1" + "}" * 3000 + "\n").encode(),
    "huge int": (VALID_HEAD + step(duration=10**400)).encode(),
    "huge float": (VALID_HEAD + "  - {type: stretch, name: Calf, duration: 1e400}\n").encode(),
    "nan": (VALID_HEAD + "  - {type: stretch, name: Calf, duration: .nan}\n").encode(),
    "inf": (VALID_HEAD + "  - {type: stretch, name: Calf, duration: .inf}\n").encode(),
    "negative": (VALID_HEAD + step(duration=-30)).encode(),
    "zero": (VALID_HEAD + step(duration=0)).encode(),
    "zero cycles": (
        VALID_HEAD + "  - {type: breathe, name: B, inhale: 4, exhale: 4, cycles: 0}\n"
    ).encode(),
    "rtl and combining marks": (
        VALID_HEAD + step(duration=30, say="שלום، مرحبا e\u0301\u0301\u0301 \u202eabc")
    ).encode(),
    "emoji": (VALID_HEAD + step(duration=30, say="Stretch 💪🦵 and breathe 🫁")).encode(),
    "crlf": (VALID_HEAD + step(duration=30)).replace("\n", "\r\n").encode(),
    "bom": b"\xef\xbb\xbf" + (VALID_HEAD + step(duration=30)).encode(),
    "latin-1": (VALID_HEAD + step(duration=30, say="Étirez le mollet")).encode("latin-1"),
    "empty": b"",
    "only a comment": b"# nothing here\n",
    "nul bytes": b"format: 1\x00\x00\n",
    "python tag": b"!!python/object/apply:os.system ['echo hi']\n",
    "a list": b"- 1\n- 2\n",
    "tabs": (VALID_HEAD + "\t- {type: stretch}\n").encode(),
    "long line": b"title: " + b"x" * 500_000 + b"\n",
}
VALID = {"rtl and combining marks", "emoji", "crlf", "bom"}


@pytest.mark.parametrize("name", sorted(HARD_CASES))
def test_hard_cases(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, HARD_CASES[name])
    check(path)
    assert load_routine_file(path).ok is (name in VALID), name


def test_paths_that_are_not_files(tmp_path: Path) -> None:
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    broken = tmp_path / "broken.yaml"
    broken.symlink_to(tmp_path / "gone.yaml")
    for path, message in (
        (folder, "this is a folder, not a routine file"),
        (broken, "broken link"),
        (tmp_path / "missing.yaml", "no such file"),
        (Path("/dev/null"), "not a regular file"),
    ):
        check(path)
        [error] = load_routine_file(path).diagnostics
        assert message in error.message
