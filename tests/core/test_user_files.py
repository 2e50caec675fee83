"""Reading user JSON files: missing, damaged in each way, or fine."""

from __future__ import annotations

from pathlib import Path

import pytest

from crampcoach.core.atomic import read_json_object


def test_missing_is_none_and_an_object_is_returned(tmp_path: Path) -> None:
    assert read_json_object(tmp_path / "none.json") is None
    (tmp_path / "ok.json").write_text('{"a": 1}')
    assert read_json_object(tmp_path / "ok.json") == {"a": 1}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xff\xfe{}", "can't decode byte 0xff"),
        (b'{"a": ', "Expecting value"),
        (b"[1, 2]", "not a JSON object"),
    ],
)
def test_damage_is_a_one_line_value_error(tmp_path: Path, data: bytes, reason: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(data)
    with pytest.raises(ValueError, match=reason) as raised:
        read_json_object(path)
    assert "\n" not in str(raised.value)


def test_an_unreadable_path_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError):
        read_json_object(tmp_path)
