"""The command-line contract: names, exit codes, JSON fields."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from crampcoach.cli.main import main
from tests.fakes import BUILTIN_ROUTINES

WriteRoutine = Callable[..., Path]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_all_builtins_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in BUILTIN_ROUTINES.glob("*.yaml"))
    code, out, err = run(capsys, "validate", *files)
    assert code == 0
    assert out == ""
    assert f"{len(files)} of {len(files)} file(s) valid; 0 error(s), 0 warning(s)" in err


def test_validate_reports_compiler_style_and_exits_1(
    capsys: pytest.CaptureFixture[str], write_routine: WriteRoutine
) -> None:
    bad = write_routine(
        "format: 1\nid: x\ntitle: T\nsummary: S\nsteps:\n  - type: rest\n    duraton: 5\n",
        name="bad.yaml",
    )
    good = write_routine(
        "format: 1\nid: y\ntitle: T\nsummary: S\nsteps:\n  - type: rest\n    duration: 5\n",
        name="good.yaml",
    )
    code, out, _ = run(capsys, "validate", str(good), str(bad))
    assert code == 1
    assert out.splitlines() == [
        f"{bad}:6:5: error: step 1: missing required key 'duration'",
        f"{bad}:7:5: error: step 1: unknown key 'duraton' (did you mean 'duration'?)",
    ]


def test_validate_warnings_alone_exit_0(
    capsys: pytest.CaptureFixture[str], write_routine: WriteRoutine
) -> None:
    path = write_routine(
        "format: 1\nid: x\ntitle: T\nsummary: S\nsteps:\n  - type: stretch\n"
        "    name: S\n    prepare: 1\n    say: A long line that will not fit in "
        "one second at all.\n    duration: 10\n"
    )
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 0
    assert ": warning: " in out


def test_list_json_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    items = json.loads(out)
    assert len(items) >= 12
    for item in items:
        assert set(item) == {
            *("id", "title", "summary", "kind", "tags", "duration", "path", "origin"),
            "favourite",  # added: an extension of the contract
        }
        assert item["kind"] in {"stretch", "breathing", "pmr", "mixed"}
        assert item["origin"] == "builtin"
        assert Path(item["path"]).is_file()
        assert item["duration"] > 0


def test_list_text_shows_user_routines_and_reports_broken_ones(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    folder = tmp_path / "crampcoach" / "routines"
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(
        "format: 1\nid: mine\ntitle: Mine\nsummary: S\nsteps:\n  - type: rest\n    duration: 65\n"
    )
    (folder / "bad.yaml").write_text("format: 1\n")
    code, out, err = run(capsys, "list")
    assert code == 0
    assert "mine       stretch" not in out  # columns are aligned to the longest id
    [line] = [ln for ln in out.splitlines() if ln.startswith("mine ")]
    assert line.split() == ["mine", "stretch", "1:05", "Mine", "(user)"]
    assert f"{folder / 'bad.yaml'}:1:1: error: routine: missing required key 'id'" in err


def test_timeline_json_by_id_and_by_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "timeline", "box-breathing", "--json")
    assert code == 0
    by_id = json.loads(out)
    assert set(by_id) == {"id", "title", "duration", "cues"}
    assert by_id["id"] == "box-breathing"
    kinds = [c["kind"] for c in by_id["cues"]]
    assert kinds.count("inhale") == 8
    assert kinds.count("exhale") == 8
    assert kinds[-1] == "end"
    code, out, _ = run(capsys, "timeline", str(BUILTIN_ROUTINES / "box-breathing.yaml"), "--json")
    assert json.loads(out) == by_id


def test_timeline_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "timeline", "calf-cramp-relief")
    assert code == 0
    assert out.splitlines()[0].startswith("Calf cramp relief (calf-cramp-relief), ")


def test_timeline_unknown_id_and_bad_file(
    capsys: pytest.CaptureFixture[str], write_routine: WriteRoutine
) -> None:
    code, _, err = run(capsys, "timeline", "no-such-routine")
    assert code == 1
    assert "no routine with id 'no-such-routine'" in err
    bad = write_routine("format: 3\n")
    code, _, err = run(capsys, "timeline", str(bad))
    assert code == 1
    assert f"{bad}:1:9: error: format:" in err


def test_schema_describes_the_format_and_accepts_every_builtin(
    capsys: pytest.CaptureFixture[str],
) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in BUILTIN_ROUTINES.glob("*.yaml"):
        document = yaml.safe_load(path.read_text())
        assert list(validator.iter_errors(document)) == [], path
    broken = {
        "format": 1,
        "id": "x",
        "title": "T",
        "summary": "S",
        "steps": [{"type": "stretch", "name": "S", "duration": 10, "nmae": 1}],
    }
    assert list(validator.iter_errors(broken))


def test_bad_arguments_exit_2() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "crampcoach", "timeline"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "the following arguments are required: ROUTINE" in result.stderr
    result = subprocess.run(
        [sys.executable, "-m", "crampcoach", "frobnicate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "invalid choice: 'frobnicate'" in result.stderr


def test_installed_entry_point_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "crampcoach", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.startswith("crampcoach ")


def test_list_and_timeline_show_the_length_that_plays_with_the_users_timing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from crampcoach.core import paths
    from crampcoach.core.settings import Settings, save_settings

    folder = paths.user_routines_dir()
    folder.mkdir(parents=True)
    (folder / "mine.yaml").write_text(  # no defaults: the user's timing fills them in
        "format: 1\nid: mine\ntitle: Mine\nsummary: S\nsteps:\n"
        "  - type: stretch\n    name: Calf\n    duration: 20\n    sides: both\n"
    )

    def lengths() -> tuple[float, float]:
        listed = {i["id"]: i["duration"] for i in json.loads(run(capsys, "list", "--json")[1])}
        timeline = json.loads(run(capsys, "timeline", "mine", "--json")[1])
        return listed["mine"], timeline["duration"]

    default_listed, default_timeline = lengths()
    assert default_listed == default_timeline
    save_settings(Settings(prepare=15, switch=12))
    listed, timeline = lengths()
    assert listed == timeline > default_listed


def test_a_routine_is_named_by_id_or_by_path_the_same_way_everywhere(
    capsys: pytest.CaptureFixture[str], write_routine: WriteRoutine
) -> None:
    path = write_routine(
        "format: 1\nid: mine\ntitle: Mine\nsummary: S\nsteps:\n  - type: say\n    say: Hi.\n",
        name="sub/mine.yaml",
    )
    by_path = json.loads(run(capsys, "timeline", str(path), "--json")[1])
    assert by_path["id"] == "mine"
    code, _, err = run(capsys, "timeline", "mine")  # not in the library: an id, not a file
    assert code == 1
    assert "no routine with id 'mine'" in err


def test_install_desktop_puts_an_absolute_command_and_the_icon_in_the_menu(
    tmp_path: Path,
) -> None:
    """Start at login and the menu entry said ``Exec=crampcoach``, which is not on PATH at
    login (it lives in the virtualenv)."""
    import configparser
    import os

    from tests.fakes import run_main

    result = run_main(tmp_path, "install-desktop")
    assert result.returncode == 0, result.stderr
    data = tmp_path / "data"
    entry = data / "applications" / "crampcoach.desktop"
    icon = data / "icons" / "hicolor" / "scalable" / "apps" / "crampcoach.svg"
    assert icon.read_bytes().startswith(b"<svg") or b"<svg" in icon.read_bytes()[:200]
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(entry)
    command = parser["Desktop Entry"]["Exec"].split()[0]
    assert os.path.isabs(command)
    assert os.access(command, os.X_OK)
    assert parser["Desktop Entry"]["Icon"] == "crampcoach"
    assert run_main(tmp_path, "install-desktop").returncode == 0  # again is fine
    removed = run_main(tmp_path, "install-desktop", "--uninstall")
    assert removed.returncode == 0
    assert not entry.exists()
    assert not icon.exists()


SPEECH_ROUTINE = """\
format: 1
id: speech
title: Speech
summary: One line that fits, one that does not.
steps:
  - type: stretch
    name: Calf
    say: Step back and lean in.
    prepare: 6
    duration: 10
  - type: say
    say: A closing line that takes far too long to say in two seconds.
    duration: 2
"""


def cache_lengths(monkeypatch: pytest.MonkeyPatch, folder: Path, path: Path, rate: int) -> None:
    """Measured lengths in the cache, so no speech engine is started: 0.4 s for a count,
    1.5 s for a line, 4 s for the closing one."""
    from crampcoach.core.loader import load_routine_file
    from crampcoach.core.narration import utterances
    from crampcoach.desktop.session.speech_lengths import CACHE_VERSION, SpeechMeter

    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    timeline = load_routine_file(path).timeline
    assert timeline is not None
    meter = SpeechMeter("", rate)

    def seconds(text: str) -> float:
        return 4.0 if text.startswith("A closing") else 1.5 if len(text) > 2 else 0.4

    lengths = {meter.key(u.text): seconds(u.text) for u in utterances(timeline).values()}
    meter.cache_path.parent.mkdir(parents=True)
    meter.cache_path.write_text(json.dumps({"version": CACHE_VERSION, "lengths": lengths}))

    def no_engine(self: object) -> None:
        raise AssertionError("every line was in the cache")

    monkeypatch.setattr(SpeechMeter, "_start", no_engine)


def test_validate_speech_reports_measured_overruns_at_the_spoken_line(
    capsys: pytest.CaptureFixture[str],
    write_routine: WriteRoutine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_routine(SPEECH_ROUTINE)
    cache_lengths(monkeypatch, tmp_path / "cache", path, 140)
    code, out, err = run(capsys, "validate", "--speech", "--rate", "140", str(path))
    assert code == 0, "warnings only"
    assert out.splitlines() == [
        f"{path}:12:10: warning: step 2: 'A closing line that takes far too long to say in t...' "
        "takes 4.0 s to say at 140 words/min (measured with the speech engine), but the next "
        "cue comes 2 s later; shorten the text or give it more time (e.g. a longer 'prepare')"
    ]
    assert "1 of 1 file(s) valid; 0 error(s), 1 warning(s)" in err


def test_validate_speech_without_an_engine_is_an_error(
    capsys: pytest.CaptureFixture[str],
    write_routine: WriteRoutine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from crampcoach.desktop.session.speech_lengths import SpeechMeter, SpeechUnavailable

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty-cache"))

    def broken(self: object) -> None:
        raise SpeechUnavailable("No speech engine could be started (test)")

    monkeypatch.setattr(SpeechMeter, "_start", broken)
    code, out, err = run(capsys, "validate", "--speech", str(write_routine(SPEECH_ROUTINE)))
    assert code == 1
    assert out == ""
    assert err == (
        "crampcoach: error: cannot measure speech: No speech engine could be started (test)\n"
    )


def test_validate_rate_is_words_a_minute(
    capsys: pytest.CaptureFixture[str], write_routine: WriteRoutine
) -> None:
    path = write_routine(SPEECH_ROUTINE.replace("duration: 2\n", "duration: 5\n"))
    assert run(capsys, "validate", "--rate", "175", str(path))[1] == ""
    code, out, _ = run(capsys, "validate", "--rate", "90", str(path))
    assert code == 0
    assert "at 90 words/min (estimated)" in out
    result = subprocess.run(
        [sys.executable, "-m", "crampcoach", "validate", "--rate", "fast", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "argument --rate: words a minute from 80 to 400, not 'fast'" in result.stderr


def test_list_json_says_which_routines_are_favourites(capsys: pytest.CaptureFixture[str]) -> None:
    from crampcoach.core.settings import Settings, save_settings

    save_settings(Settings(favourites=("box-breathing",)))
    items = {i["id"]: i for i in json.loads(run(capsys, "list", "--json")[1])}
    assert items["box-breathing"]["favourite"] is True
    assert items["calf-cramp-relief"]["favourite"] is False
    assert "★" in next(line for line in run(capsys, "list")[1].splitlines() if "box-b" in line)
