"""What the built-in routines say and when: the protocols they cite, the wording that can be
followed with eyes closed, and the safety texts of ``core/safety.py`` word for word."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from crampcoach.core import safety
from crampcoach.core.library import LibraryEntry, load_library
from crampcoach.core.narration import utterances
from crampcoach.core.routine import MoveStep, RestStep, Routine, SayStep
from crampcoach.core.timeline import Timeline
from tests.fakes import BUILTIN_ROUTINES, REPO

LEARN = REPO / "assets" / "learn" / "leg-cramps.html"
RELIEF = (
    "calf-cramp-relief",
    "foot-cramp-relief",
    "hamstring-cramp-relief",
    "quadriceps-cramp-relief",
)


def entries() -> dict[str, LibraryEntry]:
    library = load_library(BUILTIN_ROUTINES, None)
    assert library.failed == []
    return dict(library.entries)


def entry(routine_id: str) -> LibraryEntry:
    return entries()[routine_id]


def spoken(timeline: Timeline) -> list[str]:
    return [u.text for _, u in sorted(utterances(timeline).items())]


def plain(text: str) -> str:
    return " ".join(text.split())


def texts(node: Any) -> Iterator[str]:
    """Every text in a routine file (descriptions, names, lines, cues)."""
    if isinstance(node, str):
        yield plain(node)
    elif isinstance(node, dict):
        for value in node.values():
            yield from texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from texts(value)


def holds(timeline: Timeline) -> list[tuple[float, float, str]]:
    """(start, end, step name) of every stretch hold."""
    return [
        (p.start, p.end, timeline.steps[p.step].name) for p in timeline.phases if p.kind == "hold"
    ]


# -- the bedtime stretch: Hallegraeff et al. 2012 ---------------------------------------------
def test_standing_bedtime_stretch_follows_the_trial_within_three_minutes() -> None:
    """10 s holds at a moderate stretch, 3 per leg and muscle, both legs, breathing, <= 3 min;
    each leg rests while the other stretches (16-17 s, where the trial says 10 s)."""
    bedtime = entry("bedtime-calf-hamstring")
    timeline = bedtime.timeline
    assert timeline.duration <= 180
    found = holds(timeline)
    assert len(found) == 12
    for leg in ("Left", "Right"):
        for muscle in ("calf", "hamstring"):
            mine = [(s, e) for s, e, name in found if name == f"{leg} {muscle}"]
            assert [round(e - s, 3) for s, e in mine] == [10, 10, 10]
            rests = [b[0] - a[1] for a, b in itertools.pairwise(mine)]
            assert all(10 <= r <= 17 for r in rests), rests
    lines = " ".join(spoken(timeline))
    assert "Moderate stretch, never pain." in lines
    assert lines.count("Keep breathing.") == 12, "said in every hold"
    assert "knee straight" in lines
    source = plain(bedtime.routine.source or "")
    assert "J Physiother 2012;58(1):17-22" in source
    assert "16 s" in source, "the deviation is said in the routine"
    assert "not 10 s" in source


def test_the_single_leg_hamstring_stretch_says_to_hold_a_support() -> None:
    lines = spoken(entry("bedtime-calf-hamstring").timeline)
    [hamstring] = [line for line in lines if line.startswith("Left hamstring. ")]
    assert "hold a support" in hamstring


def test_bedtime_stretch_in_bed_is_the_same_protocol_sitting() -> None:
    in_bed = entry("bedtime-stretch-in-bed")
    timeline = in_bed.timeline
    assert timeline.duration <= 180
    assert "bedtime" in in_bed.routine.tags
    found = holds(timeline)
    for muscle in ("Calves", "Hamstrings"):
        mine = [(s, e) for s, e, name in found if name.startswith(muscle)]
        assert [round(e - s, 3) for s, e in mine] == [10, 10, 10]
        assert [round(b[0] - a[1], 3) for a, b in itertools.pairwise(mine)] == [10, 10]
    lines = " ".join(spoken(timeline))
    assert "Moderate stretch, never pain." in lines
    assert "Keep breathing." in lines
    assert "stand" not in lines.lower()


# -- wording that can be followed ---------------------------------------------------------------
def test_well_done_is_said_once_at_the_end_of_every_routine() -> None:
    for routine_id, found in entries().items():
        lines = spoken(found.timeline)
        assert " ".join(lines).count("Well done") == 1, routine_id
        assert lines[-1] == "Session complete. Well done."


def test_cut_off_lines_named_in_the_issue_now_have_room() -> None:
    """Every built-in passes the validator (estimate) without a warning; the real engine is
    tested in tests/system/test_speech_fit.py."""
    from crampcoach.core.loader import validate_paths

    results = validate_paths(sorted(BUILTIN_ROUTINES.glob("*.yaml")))
    assert [d.format() for r in results for d in r.diagnostics] == []


def test_box_breathing_speaks_a_count_to_follow_with_eyes_closed() -> None:
    timeline = entry("box-breathing").timeline
    lines = spoken(timeline)
    start = lines.index("Breathe in.")
    assert lines[start : start + 16] == [
        "Breathe in.", "2", "3", "4",
        "Hold.", "2", "3", "4",
        "Breathe out.", "2", "3", "4",
        "Hold.", "2", "3", "4",
    ]  # fmt: skip
    assert "count" in " ".join(lines[:start]).lower()


def test_four_seven_eight_is_spoken_as_numbers_and_shown_as_written() -> None:
    timeline = entry("breathing-4-7-8").timeline
    lines = spoken(timeline)
    assert any(line.startswith("four seven eight breathing.") for line in lines)
    assert not any("4-7-8" in line for line in lines)
    assert any(c.text == "4-7-8 breathing" for c in timeline.cues), "the caption is as written"
    exhale = lines.index("Breathe out.")
    assert lines[exhale : exhale + 8] == ["Breathe out.", "2", "3", "4", "5", "6", "7", "8"]


def test_the_bedtime_calf_stretch_says_back_knee_not_foot() -> None:
    for found in entries().values():
        assert "foot straight" not in " ".join(spoken(found.timeline)).lower()


def test_the_glute_stretch_says_which_thigh_to_pull_in() -> None:
    lines = spoken(entry("post-workout-leg-cooldown").timeline)
    [glute] = [line for line in lines if line.startswith("Figure-four glute stretch.")]
    assert "thigh of the uncrossed leg" in glute


def test_pmr_only_ever_curls_the_toes_never_points_them() -> None:
    for routine_id in ("pmr-full-body", "pmr-lower-body"):
        lines = " ".join(spoken(entry(routine_id).timeline)).lower()
        assert "point" not in lines
        assert lines.count("curl") >= (2 if routine_id == "pmr-full-body" else 1)


def test_single_leg_warm_up_moves_say_to_hold_a_support() -> None:
    lines = spoken(entry("pre-workout-leg-warmup").timeline)
    [circles] = [line for line in lines if line.startswith("Ankle circles.")]
    assert "Hold a support" in circles


# -- cramp relief: safety first, and last ------------------------------------------------------
@pytest.mark.parametrize("routine_id", RELIEF)
def test_relief_guides_open_with_the_safety_check_and_end_with_what_if_not_eased(
    routine_id: str,
) -> None:
    found = entry(routine_id)
    lines = spoken(found.timeline)
    assert lines[0] == safety.CHECK_FIRST, "said first, before any stretch or massage"
    assert lines[-2] == safety.NOT_EASED
    assert safety.LONG_CRAMP in safety.NOT_EASED
    assert found.routine.tags == ["cramp-relief"]
    assert not any(line.startswith("Go:") for line in lines), "walking is not counted in reps"
    assert not any(isinstance(step, MoveStep) for step in found.routine.steps)
    walk = [s for s in found.routine.steps if isinstance(s, RestStep) and "Walk" in s.name]
    assert walk, "ends by walking it off"
    text = " ".join(lines).lower()
    assert "take care" in text, "getting up (at night) says to take care"
    assert "gently" in text


def test_the_calf_cramp_stretch_says_gently() -> None:
    lines = spoken(entry("calf-cramp-relief").timeline)
    [toes] = [line for line in lines if line.startswith("Toes toward you.")]
    assert "Gently" in toes


def test_red_flags_in_routines_use_the_safety_texts_word_for_word() -> None:
    """Routines are YAML: wherever one mentions a red-flag sign or the 10-minute rule, it
    quotes core/safety.py exactly, so every place gives the same advice and urgency."""
    flagged = re.compile(r"swell|redness|\bred\b|warmth|weakness|10 minutes|health professional")
    shared = (safety.RED_FLAGS, safety.CHECK_FIRST, safety.NOT_EASED)
    for path in sorted(BUILTIN_ROUTINES.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        source = plain(raw.get("source", ""))
        for text in texts({k: v for k, v in raw.items() if k != "source"}):
            if not flagged.search(text.lower()):
                continue
            rest = text
            for quote in shared:
                rest = rest.replace(quote, "")
            assert not flagged.search(rest.lower()), f"{path.name}: {text!r}"
        assert "the same day" not in source


def test_cramp_relief_descriptions_give_the_red_flags() -> None:
    for routine_id in RELIEF:
        routine: Routine = entry(routine_id).routine
        assert safety.RED_FLAGS in plain(routine.description or ""), routine_id


def test_the_ending_of_a_guide_is_a_say_step() -> None:
    for routine_id in RELIEF:
        last = entry(routine_id).routine.steps[-1]
        assert isinstance(last, SayStep)
        assert plain(last.say) == safety.NOT_EASED


# -- Learn --------------------------------------------------------------------------------------
def test_learn_gives_the_same_red_flags_and_cites_the_evidence_honestly() -> None:
    html = plain(LEARN.read_text(encoding="utf-8"))
    assert safety.RED_FLAGS in html
    assert safety.LONG_CRAMP in html
    assert safety.CHECK_FIRST in html
    assert "the same day" not in html, "one urgency: today"
    assert "Coppin" in html
    assert "British Journal of General Practice 2005" in html
    assert "<i>not</i>" in html
    assert "Hallegraeff" in html
    assert "meditation" in html
    assert "Seek support" in html
    assert "limit how much you drink" in html
    assert "pregnancy" in html[html.index("Tonic water") : html.index("Apple cider")]
    assert 'routine:bedtime-stretch-in-bed"' in html


def test_a_relief_guide_reaches_its_stretch_quickly_after_the_safety_line() -> None:
    """Mid-cramp, the stretch must come fast: the one safety line is short (6.2 s at 175
    words a minute), and the calf guide's first hold starts at 16.5 s, slots sized for the
    narration at 140 words a minute (19 s with the longer line; 12 s before any safety
    line). The others need time to sit or lie down first (and say so)."""
    for routine_id in RELIEF:
        timeline = entry(routine_id).timeline
        assert spoken(timeline)[0] == safety.CHECK_FIRST
        assert next(p for p in timeline.phases if p.kind == "hold").start <= 23
    calf = entry("calf-cramp-relief").timeline
    assert holds(calf)[0][0] == 16.5
