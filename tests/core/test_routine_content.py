"""What the built-in routines say and when: the protocols they cite, the wording that can be
followed with eyes closed, and the safety texts of ``core/safety.py`` word for word."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from crampcoach.core import safety
from crampcoach.core.library import LibraryEntry, load_library
from crampcoach.core.narration import utterances
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
