"""The library: at least twelve good built-ins, user routines, overrides, broken files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from crampcoach.core import paths
from crampcoach.core.library import load_library
from crampcoach.core.loader import load_routine_file, routine_files
from crampcoach.core.routine import LIBRARY_TAGS, BreatheStep, StretchStep, TenseStep
from tests.fakes import BUILTIN_ROUTINES

WriteRoutine = Callable[..., Path]


def builtins() -> dict[str, object]:
    library = load_library(BUILTIN_ROUTINES, None)
    assert library.failed == []
    return dict(library.entries)


@pytest.mark.parametrize("path", routine_files(BUILTIN_ROUTINES), ids=lambda p: p.name)
def test_every_builtin_is_valid_without_warnings_and_cites_a_source(path: Path) -> None:
    result = load_routine_file(path)
    assert result.diagnostics == []
    assert result.routine is not None
    assert result.routine.source
    assert len(result.routine.source) > 40
    assert path.stem == result.routine.id, "file name and id match, so people can find it"
    assert set(result.routine.tags) & set(LIBRARY_TAGS), "every built-in sits in a library group"


def test_the_library_covers_every_need_in_the_brief() -> None:
    library = load_library(BUILTIN_ROUTINES, None)
    assert len(library.entries) >= 12
    for tag in LIBRARY_TAGS:
        assert library.with_tag(tag), f"no built-in routine for {tag}"
    relief = {e.id for e in library.with_tag("cramp-relief")}
    assert {
        "calf-cramp-relief",
        "hamstring-cramp-relief",
        "quadriceps-cramp-relief",
        "foot-cramp-relief",
    } <= relief
    kinds = {e.id: e.routine.kind for e in library.entries.values()}
    assert kinds["box-breathing"] == "breathing"
    assert kinds["pmr-full-body"] == "pmr"
    assert kinds["post-workout-leg-cooldown"] == "stretch"


def test_bedtime_routines_are_calf_and_hamstring_stretches_of_10_seconds() -> None:
    """Hallegraeff et al. 2012; the timing itself is checked in test_routine_content.py."""
    library = load_library(BUILTIN_ROUTINES, None)
    for routine_id in ("bedtime-calf-hamstring", "bedtime-stretch-in-bed"):
        entry = library.get(routine_id)
        assert entry is not None
        stretches = [s for s in entry.routine.steps if isinstance(s, StretchStep)]
        assert len(stretches) == (12 if routine_id == "bedtime-calf-hamstring" else 6)
        assert all(s.duration == 10 for s in stretches)
        names = " ".join(s.name.lower() for s in stretches)
        assert "calf" in names or "calves" in names
        assert "hamstring" in names
        assert "bedtime" in entry.routine.tags
        assert "Hallegraeff" in (entry.routine.source or "")


def test_cooldown_holds_60_seconds_each_side_for_each_leg_muscle() -> None:
    """ACSM: about 60 s of stretching per muscle (here 1 x 60 s on each side)."""
    entry = load_library(BUILTIN_ROUTINES, None).get("post-workout-leg-cooldown")
    assert entry is not None
    stretches = [s for s in entry.routine.steps if isinstance(s, StretchStep)]
    assert all(s.duration == 60 and s.sides.value == "both" for s in stretches)
    names = " ".join(s.name.lower() for s in stretches)
    for muscle in ("calf", "bent-knee", "hamstring", "quad", "hip flexor", "glute"):
        assert muscle in names
    source = entry.routine.source or ""
    assert "ACSM" in source
    assert "60 s per muscle" in source
    assert "Baumbach" in source, "the soleus claim cites a study of knee position"
    assert "Moseley" not in source
    assert "Cochrane" not in source


def test_breathing_patterns_are_what_their_names_say() -> None:
    entries = load_library(BUILTIN_ROUTINES, None).entries

    def breath(routine_id: str) -> BreatheStep:
        [step] = [s for s in entries[routine_id].routine.steps if isinstance(s, BreatheStep)]
        return step

    box = breath("box-breathing")
    assert (box.inhale, box.hold, box.exhale, box.hold_out) == (4, 4, 4, 4)
    relaxing = breath("breathing-4-7-8")
    assert (relaxing.inhale, relaxing.hold, relaxing.exhale) == (4, 7, 8)
    resonance = breath("resonance-breathing")
    assert 60 / resonance.cycle_seconds == pytest.approx(5.5, abs=0.1)


def test_full_body_pmr_has_sixteen_groups_with_classic_timing() -> None:
    entry = load_library(BUILTIN_ROUTINES, None).get("pmr-full-body")
    assert entry is not None
    groups = [s for s in entry.routine.steps if isinstance(s, TenseStep)]
    assert len(groups) == 16
    assert all(5 <= g.tense <= 7 and 30 <= g.relax <= 40 for g in groups)


def test_user_routines_live_in_xdg_data_home_and_override_builtins(
    tmp_path: Path, write_routine: WriteRoutine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    user_dir = paths.user_routines_dir()
    assert user_dir == tmp_path / "xdg" / "crampcoach" / "routines"
    user_dir.mkdir(parents=True)
    (user_dir / "box.yaml").write_text(
        "format: 1\nid: box-breathing\ntitle: My box\nsummary: Mine.\n"
        "steps:\n  - type: say\n    say: Hello.\n"
    )
    (user_dir / "mine.yaml").write_text(
        "format: 1\nid: my-own\ntitle: Mine\nsummary: Mine.\nsteps:\n  - type: say\n    say: Hi.\n"
    )
    (user_dir / "broken.yaml").write_text("format: 1\nid: broken\ntitle: [\n")
    library = load_library(BUILTIN_ROUTINES, user_dir)
    box = library.get("box-breathing")
    assert box is not None
    assert box.origin == "user"
    assert box.routine.title == "My box"
    mine = library.get("my-own")
    assert mine is not None
    assert mine.origin == "user"
    assert [f.path.name for f in library.failed] == ["broken.yaml"]
    messages = [d.format() for d in library.diagnostics]
    assert (
        f"{user_dir / 'box.yaml'}:2:5: warning: this routine replaces the built-in routine "
        "'box-breathing' (box-breathing.yaml)" in messages
    )
    assert any(
        m.startswith(f"{user_dir / 'broken.yaml'}:4:1: error: YAML syntax") for m in messages
    )
    assert len(library.entries) == len(builtins()) + 1


def test_missing_user_folder_is_fine(tmp_path: Path) -> None:
    library = load_library(BUILTIN_ROUTINES, tmp_path / "does-not-exist")
    assert library.failed == []
    assert len(library.entries) >= 12
