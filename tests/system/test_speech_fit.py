"""Every built-in routine's spoken lines fit their slots, with time to get into position, as
the real engine (pyttsx3 + espeak-ng) says them: ``crampcoach validate --speech``."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from crampcoach.cli.main import main
from crampcoach.desktop.session.speech_lengths import SpeechMeter
from tests.fakes import BUILTIN_ROUTINES

pytestmark = pytest.mark.system  # a real speech process

needs_espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None and not os.environ.get("CI"),
    reason="espeak-ng is not installed (CI installs it)",
)


@pytest.fixture(scope="module")
def speech_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache of measured lengths for the module: each line is synthesised once."""
    return tmp_path_factory.mktemp("cache")


@needs_espeak
@pytest.mark.parametrize("rate", [175, 140])
def test_every_builtin_fits_as_the_real_engine_says_it(
    rate: int,
    speech_cache: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(speech_cache))
    files = sorted(str(p) for p in BUILTIN_ROUTINES.glob("*.yaml"))
    code = main(["validate", "--speech", "--rate", str(rate), *files])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out == "", "no line runs over its slot or leaves too little time to move"
    assert f"{len(files)} of {len(files)} file(s) valid; 0 error(s), 0 warning(s)" in err


@needs_espeak
def test_a_line_that_runs_over_is_found_with_the_real_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "tight.yaml"
    path.write_text(
        "format: 1\nid: tight\ntitle: T\nsummary: S\nsteps:\n"
        "  - type: say\n"
        "    say: Cool-down complete. Drink some water. Well done.\n"
        "    duration: 3\n"
    )
    assert main(["validate", "--speech", str(path)]) == 0
    out, _ = capsys.readouterr()
    [warning] = out.splitlines()
    assert warning.startswith(f"{path}:7:10: warning: step 1: 'Cool-down complete.")
    seconds = float(warning.split(" takes ")[1].split(" s ")[0])
    assert 3.0 < seconds < 3.8, "the issue measured 3.3 s at 175 words/min"
    assert "(measured with the speech engine)" in warning


@needs_espeak
def test_lengths_are_measured_once_and_slower_rates_take_longer(tmp_path: Path) -> None:
    cache = tmp_path / "lengths.json"
    line = "Breathe out and let the calf lengthen."
    with SpeechMeter(rate=175, cache=cache) as meter:
        fast = meter.seconds(line)
        assert meter.seconds(line) == fast
        assert meter.measured == 1
    with SpeechMeter(rate=175, cache=cache) as again:
        assert again.seconds(line) == fast
        assert again.measured == 0, "read from the cache: no engine started"
    with SpeechMeter(rate=140, cache=cache) as slow:
        assert slow.seconds(line) > fast * 1.15
    assert 1.5 < fast < 2.6
