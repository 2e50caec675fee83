"""Settings: one versioned file, atomic writes, corrupt files kept and replaced by defaults."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from crampcoach.core import settings as settings_module
from crampcoach.core.atomic import write_atomic
from crampcoach.core.settings import Settings, load_settings, save_settings, settings_path


def test_defaults_when_there_is_no_file() -> None:
    loaded = load_settings()
    assert loaded.settings == Settings()
    assert loaded.notice is None


def test_round_trip_in_xdg_config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert settings_path() == tmp_path / "crampcoach" / "settings.json"
    changed = Settings().changed(voice_enabled=False, rate=150, theme="dark", prepare=8)
    save_settings(changed)
    data = json.loads(settings_path().read_text())
    assert data["version"] == 1
    assert data["rate"] == 150
    assert load_settings().settings == changed


@pytest.mark.parametrize(
    "content",
    [b"{not json", b"[1, 2]", b'{"rate": "fast"}', b'{"version": 99}', b"\xff\xfe\x00"],
)
def test_a_corrupt_file_is_backed_up_and_replaced_by_defaults(content: bytes) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    loaded = load_settings()
    assert loaded.settings == Settings()
    assert loaded.notice is not None
    assert "damaged" in loaded.notice
    backup = path.with_name("settings.json.corrupt-1")
    assert backup.read_bytes() == content, "the user's file is kept, byte for byte"
    assert not path.exists()
    path.write_bytes(content)
    load_settings()
    assert path.with_name("settings.json.corrupt-2").exists()


def test_unknown_keys_from_newer_releases_are_ignored() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 1, "rate": 190, "future_feature": true}')
    loaded = load_settings()
    assert loaded.settings.rate == 190
    assert loaded.notice is None


def test_migrations_run_from_older_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(settings_module, "SETTINGS_VERSION", 1)
    monkeypatch.setitem(
        settings_module.MIGRATIONS, 0, lambda d: {**d, "version": 1, "rate": d.pop("speed") * 100}
    )
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"version": 0, "speed": 1.5}')
    assert load_settings().settings.rate == 150


def test_atomic_write_leaves_old_content_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "file.json"
    write_atomic(target, b"old")

    with pytest.raises(TypeError):
        write_atomic(target, "not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"], "no temporary file left"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_read_only_folder_raises_oserror(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    with pytest.raises(PermissionError, match="Permission denied"):
        save_settings(Settings(), folder / "settings.json")
