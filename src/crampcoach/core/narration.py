"""What the narrator says and when: the timeline's cues grouped into utterances.

Cues that share a moment (a step's name and its instruction) become one utterance, so
speech never overlaps itself; user settings decide which cue kinds are spoken at all. An
utterance holds what is *said* (a routine's ``pronounce`` applied), which may differ from
the captions.
"""

from __future__ import annotations

from dataclasses import dataclass

from crampcoach.core.timeline import Cue, Timeline

COUNTING_KINDS = frozenset({"countdown"})


@dataclass(frozen=True, slots=True)
class Utterance:
    """One line to speak at cue ``cue`` (the first of its group), time ``t``."""

    cue: int
    t: float
    text: str


def utterances(timeline: Timeline, *, countdown: bool = True) -> dict[int, Utterance]:
    """Utterances keyed by the index of the cue that triggers them."""
    result: dict[int, Utterance] = {}
    cues = timeline.cues
    i = 0
    while i < len(cues):
        j = i
        parts: list[str] = []
        while j < len(cues) and cues[j].t == cues[i].t:
            if _spoken(cues[j], countdown):
                parts.append(_sentence(cues[j].spoken))
            j += 1
        if parts:
            result[i] = Utterance(i, cues[i].t, " ".join(parts))
        i = j
    return result


def _spoken(cue: Cue, countdown: bool) -> bool:
    return bool(cue.text.strip()) and (countdown or cue.kind not in COUNTING_KINDS)


def _sentence(text: str) -> str:
    """A cue as a spoken sentence: a full stop where it has none (so "Calves, 2 of 3" and
    its instruction do not run together), except after a bare count ("3")."""
    text = " ".join(text.split())
    return text if text[-1:] in ".!?:" or text.isdigit() else text + "."


CHIME_FOR_KIND = {
    "step": "step",
    "hold": "step",  # a stretch hold begins (breath holds are told apart below)
    "switch": "switch",
    "inhale": "breath",
    "exhale": "breath",
    "tense": "breath",
    "relax": "breath",
    "end": "end",
}


def chime_for(cue: Cue, in_breathing: bool) -> str | None:
    """Which chime (if any) marks this cue: step, switch, breath or end."""
    if cue.kind == "hold" and in_breathing:
        return "breath"
    return CHIME_FOR_KIND.get(cue.kind)
