"""The validator explains every mistake at the right line, and never raises."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from crampcoach.core.loader import load_routine_file, validate_paths

WriteRoutine = Callable[..., Path]

GOOD = """
format: 1
id: my-routine
title: My routine
summary: A short test routine.
steps:
  - type: stretch
    name: Calf stretch
    duration: 30
"""


def problems(path: Path) -> list[str]:
    """Diagnostics without the path prefix: 'LINE:COL: severity: message'."""
    return [d.format().removeprefix(f"{path}:") for d in load_routine_file(path).diagnostics]


def test_a_good_file_loads(write_routine: WriteRoutine) -> None:
    result = load_routine_file(write_routine(GOOD))
    assert result.ok
    assert result.diagnostics == []
    assert result.routine is not None
    assert result.routine.id == "my-routine"
    assert result.timeline is not None
    assert result.timeline.duration == 35


def test_every_problem_is_reported_at_once_with_its_line(write_routine: WriteRoutine) -> None:
    path = write_routine("""
        format: 1
        id: My Routine
        title: Mine
        sumary: Typo in a key.
        steps:
          - type: stretch
            nmae: Calf
            duration: 0
            sides: bth
          - type: strech
            duration: 10
          - type: move
            name: Swings
            reps: ten
          - type: breathe
            name: Box
            inhale: 4
            exhale: 4
            cycles: 3
            duration: 60
        """)
    assert problems(path) == [
        "1:1: error: routine: missing required key 'summary'",
        "2:5: error: id: 'My Routine' may contain only a-z, 0-9 and single '-' between them "
        "(e.g. calf-cramp-relief)",
        "4:1: error: routine: unknown key 'sumary' (did you mean 'summary'?)",
        "6:5: error: step 1: missing required key 'name'",
        "7:5: error: step 1: unknown key 'nmae' (did you mean 'name'?)",
        "8:15: error: step 1: duration: must be at least 1 seconds, found 0",
        "9:12: error: step 1: sides: must be one of none, left, right, both, "
        "found the text 'bth' (did you mean 'both'?)",
        "10:11: error: step 2: unknown step type 'strech' (did you mean 'stretch'?); "
        "expected one of stretch, move, breathe, tense, rest, say",
        "14:11: error: step 3 (Swings): reps: expected a whole number, found the text 'ten'",
    ]


def test_checks_that_need_the_whole_routine(write_routine: WriteRoutine) -> None:
    path = write_routine("""
        format: 1
        id: r
        title: R
        summary: S
        steps:
          - type: breathe
            name: Box
            inhale: 4
            exhale: 4
            cycles: 3
            duration: 60
          - type: breathe
            name: Nothing
            inhale: 4
            exhale: 4
          - type: stretch
            name: Calf
            duration: 20
            cues:
              - at: 25
                say: Too late.
        """)
    assert problems(path) == [
        "11:5: error: step 1 (Box): give either 'cycles' or 'duration', not both",
        "12:5: error: step 2 (Nothing): missing 'cycles' (or 'duration' in seconds)",
        "20:13: error: step 3 (Calf), cue 1: 'at' 25 s is not inside the 20 s the step lasts",
    ]


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (
            "format: 2",
            "1:9: error: format: this version of CrampCoach reads routine format 1, found 2",
        ),
        (
            "format: 1\nid: x\ntitle: T\nsummary: S\nsteps: []",
            "5:8: error: steps: must contain at least one step",
        ),
        (
            "format: 1\nid: x\ntitle: T\nsummary: S\nsteps:\n  - type: rest\n    duration: 4000",
            "7:15: error: step 1: duration: must be at most 3600 seconds, found 4000",
        ),
        (
            "format: 1\nid: x\ntitle: T\nsummary: S\nsteps:\n  - type: move\n    name: M\n"
            "    reps: 501",
            "8:11: error: step 1 (M): reps: must be at most 500, found 501",
        ),
        (
            "format: 1\nid: x\ntitle: T\nsummary: S\nsteps:\n  - type: breathe\n    name: B\n"
            "    inhale: 4\n    exhale: 4\n    cycles: 201",
            "10:13: error: step 1 (B): cycles: must be at most 200, found 201",
        ),
        (
            # a `tense` step has a `tense` key too: the error is at `relax`, named `relax`
            "format: 1\nid: x\ntitle: T\nsummary: S\nsteps:\n  - type: tense\n    name: Calves\n"
            "    tense: 5\n    relax: 99999",
            "9:12: error: step 1 (Calves): relax: must be at most 600 seconds, found 99999",
        ),
        (
            "format: 1\nid: x\ntitle: T\nsummary: S\nsteps:\n  - type: tense\n    name: Calves\n"
            "    tense: 500\n    relax: 9",
            "8:12: error: step 1 (Calves): tense: must be at most 120 seconds, found 500",
        ),
        (
            "format: 1\nid: x\ntitle: T\nsummary: S\nsteps:\n  - type: rest\n    duration: .nan",
            "7:15: error: step 1: duration: expected a finite number, found nan",
        ),
        (
            "format: 1\nid: x\ntitle: T\nsummary: S\nsteps:\n  - type: rest\n    duration: -5",
            "7:15: error: step 1: duration: must be at least 1 seconds, found -5",
        ),
        (
            "format: 1\nid: x\ntitle: T\nsummary: S\nsteps:\n  - type: rest\n    duration: '10'",
            "7:15: error: step 1: duration: expected a number of seconds, found the text '10'",
        ),
        (
            "format: 1\nid: x\ntitle: T\nsummary: S\nsteps:\n  - type: stretch\n    name: S\n"
            "    duration: 10\n    reps: 3",
            "9:5: error: step 1 (S): unknown key 'reps'; it belongs to move steps",
        ),
        (
            "format: 1\nid: x\ntitle: T\nsummary: S\nsteps:\n  - name: S\n    duration: 10",
            "6:5: error: step 1 (S): missing required key 'type' (one of stretch, move, breathe, "
            "tense, rest, say)",
        ),
        (
            "format: 1\nid: x\ntitle: T\nsummary: S\nsteps:\n  - just text",
            "6:5: error: step 1: expected a mapping of keys, found the text 'just text'",
        ),
        (
            "format: 1\nid: x\ntitle: T\nsummary: " + "x" * 121 + "\nsteps:\n  - type: rest\n"
            "    duration: 5",
            "4:10: error: summary: must be at most 120 characters, found 121",
        ),
        (
            "format: 1\nid: x\ntitle: T\nsummary: S\nsteps:\n  - type: stretch\n    name: S\n"
            "    duration: 10\n    cues: [{at: 5, say: Breathe, slowly.}]",
            "9:34: error: step 1 (S), cue 1: unknown key 'slowly.'; inside { }, text that contains "
            "a comma must be put in quotes",
        ),
        ("- a list", "1:1: error: a routine file must be a mapping of keys, not a list"),
        (
            "",
            "1:1: error: the file is empty; expected a routine (format, id, title, summary, steps)",
        ),
        ("format: 1\nid: x\nid: y", "3:1: error: duplicate key 'id'"),
        (
            "format: 1\ntitle: [unclosed",
            "3:1: error: YAML syntax: did not find expected ',' or ']'",
        ),
        (
            "format: 1\n---\nformat: 1",
            "3:1: error: the file holds more than one YAML document "
            "('---'); put one routine per file",
        ),
        (
            "format: !!python/object:os.system 1",
            "1:9: error: unsupported YAML tag 'tag:yaml.org,2002:python/object:os.system'",
        ),
        ("format: !custom 1", "1:9: error: unsupported YAML tag '!custom'"),
    ],
)
def test_single_mistakes(write_routine: WriteRoutine, snippet: str, expected: str) -> None:
    path = write_routine(snippet + "\n")
    found = problems(path)
    assert expected in found, found


def test_routine_longer_than_four_hours_is_refused(write_routine: WriteRoutine) -> None:
    steps = "".join("  - type: rest\n    duration: 3600\n" for _ in range(5))
    path = write_routine(f"format: 1\nid: x\ntitle: T\nsummary: S\nsteps:\n{steps}")
    assert problems(path) == [
        "5:1: error: routine: lasts 5:00:00, more than the 4 hours a routine may last"
    ]


def test_images_must_exist_inside_the_routine_folder(
    tmp_path: Path, write_routine: WriteRoutine
) -> None:
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "calf.svg").write_text("<svg/>")
    (tmp_path / "outside.svg").write_text("<svg/>")
    base = "format: 1\nid: x\ntitle: T\nsummary: S\nsteps:\n"
    step = "  - type: stretch\n    name: S{n}\n    duration: 10\n    image: {img}\n"
    text = base + "".join(
        step.format(n=n, img=img)
        for n, img in enumerate(["calf.svg", "../outside.svg", "/etc/passwd", "missing.png"])
    )
    path = write_routine(text, name="pics/routine.yaml")
    assert problems(path) == [
        "13:12: error: step 2 (S1): image '../outside.svg' points outside the routine's folder",
        "17:12: error: step 3 (S2): image must be a path relative to the routine file, "
        "found '/etc/passwd'",
        f"21:12: error: step 4 (S3): image 'missing.png' does not exist (looked in "
        f"{tmp_path / 'pics'})",
    ]


def test_speech_that_cannot_fit_before_the_next_cue_is_a_warning(
    write_routine: WriteRoutine,
) -> None:
    path = write_routine("""
        format: 1
        id: x
        title: T
        summary: S
        steps:
          - type: stretch
            name: Calf
            prepare: 2
            say: Face a wall, step one foot back, keep the heel down and lean in gently.
            duration: 20
        """)
    result = load_routine_file(path)
    assert result.ok, "warnings do not make a routine invalid"
    [warning] = [d.format() for d in result.diagnostics]
    assert warning.startswith(f"{path}:9:10: warning: step 1 (Calf): 'Calf. Face a wall")
    assert "(estimated), but the next cue comes 2 s later" in warning


def test_duplicate_ids_across_files(write_routine: WriteRoutine) -> None:
    first = write_routine(GOOD, name="a.yaml")
    second = write_routine(GOOD, name="b.yaml")
    results = validate_paths([first, second])
    assert results[0].ok
    assert not results[1].ok
    assert [d.format() for d in results[1].diagnostics] == [
        f"{second}:2:5: error: duplicate id 'my-routine': {first} already uses it"
    ]


def test_encodings_and_line_endings(tmp_path: Path) -> None:
    crlf = tmp_path / "crlf.yaml"
    crlf.write_bytes(GOOD.replace("\n", "\r\n").encode())
    assert load_routine_file(crlf).ok
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert load_routine_file(bom).ok
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(GOOD.replace("My routine", "Mollet étiré").encode("latin-1"))
    assert problems(latin) == [
        "4:15: error: the file is not UTF-8 text (byte 0xe9 cannot be decoded); save it as UTF-8"
    ]
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert problems(binary) == ["1:1: error: this is a binary file, not a YAML text file"]


def test_unicode_spoken_text_is_fine(write_routine: WriteRoutine) -> None:
    path = write_routine(GOOD.replace("Calf stretch", "Étirement du mollet 🦵 שלום"))
    assert load_routine_file(path).ok


def test_paths_that_are_not_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.symlink_to(tmp_path / "nowhere.yaml")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (1024 * 1024) + b"\n")
    cases = {
        tmp_path: "error: this is a folder, not a routine file",
        tmp_path / "missing.yaml": "error: no such file",
        broken: f"error: broken link: it points to {tmp_path / 'nowhere.yaml'}, "
        "which does not exist",
        big: "error: the file is 1024 KiB; routine files may be at most 1024 KiB",
    }
    for path, message in cases.items():
        assert [d.format() for d in load_routine_file(path).diagnostics] == [f"{path}: {message}"]


def test_alias_bombs_are_refused_quickly(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\nformat: 1\n")
    started = time.perf_counter()
    found = problems(bomb)
    assert time.perf_counter() - started < 5  # generous: the point is "not minutes"
    assert len(found) == 1
    assert "expands to more than 20000 values" in found[0]


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text("steps: " + "[" * 200 + "]" * 200 + "\n")
    [message] = problems(deep)
    assert "nesting deeper than 50 levels" in message


def test_merge_keys_and_anchors_work(write_routine: WriteRoutine) -> None:
    path = write_routine("""
        format: 1
        id: x
        title: T
        summary: S
        steps:
          - &calf
            type: stretch
            name: Calf
            duration: 10
          - <<: *calf
            duration: 20
        """)
    result = load_routine_file(path)
    assert result.ok, problems(path)
    assert result.routine is not None
    assert [s.duration for s in result.routine.steps] == [10, 20]  # type: ignore[union-attr]
