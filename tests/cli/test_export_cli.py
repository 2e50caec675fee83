"""``render`` and ``handout``: bad arguments exit 2 with one line and leave no file."""

from __future__ import annotations

from pathlib import Path

import pytest

from crampcoach.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["render", "box-breathing", "{tmp}/out.xyz"], "unknown audio format '.xyz'"),
        (["render", "box-breathing", "{tmp}/out"], "unknown audio format '(no extension)'"),
        (["render", "no-such-routine", "{tmp}/out.wav"], "no routine with id 'no-such-routine'"),
        (["render", "box-breathing", "{tmp}/missing/out.wav"], "cannot write there"),
        (["render", "box-breathing", "{tmp}/out.wav", "--rate", "20"], "between 80 and 400"),
        (["render", "box-breathing", "{tmp}/out.wav", "--length", "huge"], "invalid choice"),
        (["handout", "box-breathing", "{tmp}/out.txt"], "must end in .pdf"),
        (["handout", "no-such-routine", "{tmp}/out.pdf"], "no routine with id"),
        (["handout", "box-breathing", "{tmp}/missing/out.pdf"], "cannot write there"),
        (["handout", "box-breathing", "{tmp}/out.pdf", "--paper", "a3"], "invalid choice"),
    ],
)
def test_bad_arguments_exit_2_with_one_line_and_no_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], message: str
) -> None:
    argv = [a.format(tmp=tmp_path) for a in args]
    try:
        code, out, err = run(capsys, *argv)
    except SystemExit as exit_:  # argparse's own errors
        code, (out, err) = int(str(exit_.code)), capsys.readouterr()
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert message in err
    assert list(tmp_path.iterdir()) == []  # nothing written, not even a temporary file


def test_a_protocol_keeps_its_length_and_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from crampcoach.cli.common import library
    from crampcoach.cli.export import at_length

    entry = library().get("bedtime-calf-hamstring")
    assert entry is not None
    assert at_length(entry, "short", _settings()) is entry
    assert "follows a trial's protocol" in capsys.readouterr().err
    other = library().get("hamstring-cramp-relief")  # 30 s holds: room to grow
    assert other is not None
    longer = at_length(other, "long", _settings())
    assert longer.timeline.duration > other.timeline.duration


def _settings():  # type: ignore[no-untyped-def]
    from crampcoach.core.settings import Settings

    return Settings()


def test_handout_writes_a_pdf(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "bedtime.pdf"
    code, printed, _err = run(capsys, "handout", "bedtime-calf-hamstring", str(out))
    assert code == 0
    assert printed.startswith(f"{out}: 2 pages, 13 steps")  # a figure beside each stretch
    assert out.read_bytes().startswith(b"%PDF")
    assert list(tmp_path.iterdir()) == [out]


def test_handout_leaves_out_the_steps_that_work_a_muscle_to_rest(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from crampcoach.core.settings import Settings, save_settings

    save_settings(Settings(avoid_muscles=("calves",)))
    out = tmp_path / "bedtime.pdf"
    code, printed, err = run(capsys, "handout", "bedtime-calf-hamstring", str(out))
    assert code == 0
    # the six calf stretches become one note: 1 + 1 + 6 hamstring steps
    assert " 8 steps" in printed
    assert "the steps that work your calves are left out" in err
    save_settings(Settings(avoid_muscles=("calves",), skip_avoided_steps=False))
    code, printed, err = run(capsys, "handout", "bedtime-calf-hamstring", str(out))
    assert " 13 steps" in printed
    assert err == ""
