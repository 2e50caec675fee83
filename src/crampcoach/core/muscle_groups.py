"""One vocabulary of muscles a person can ask to rest (Settings → Muscles to rest).

Routines name their muscles in their own words (``muscles: [calves, hip flexors]``), poses
highlight anatomical regions (``gastrocnemius``, ``soleus``; core/figure/muscles.py) and the
cramp diary has its own short list (``calf``, ``foot``). Each group here gathers all of
those names, so "calves" in the settings catches the gastrocnemius a figure highlights, the
``calves`` a routine lists and a ``calf`` cramp in the diary. A name may belong to more than
one group: PMR's "thighs" tenses both the front and the back of the thigh.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True, slots=True)
class MuscleGroup:
    id: str  # what the settings file stores
    label: str  # the checkbox's text
    spoken: str  # as in "it works your calves"
    names: frozenset[str]  # every name routines, poses and the diary use for it


def _g(id: str, label: str, spoken: str, names: str = "") -> MuscleGroup:
    return MuscleGroup(id, label, spoken, frozenset((id, *names.split())))


GROUPS: Final[tuple[MuscleGroup, ...]] = (
    _g("calves", "Calves", "calves", "calf gastrocnemius soleus"),
    _g("shins", "Shins", "shins", "shin tibialis-anterior"),
    _g("feet", "Feet and ankles", "feet and ankles", "foot toes toe sole arch ankles ankle"),
    _g("hamstrings", "Hamstrings (back of the thigh)", "hamstrings", "hamstring thighs thigh"),
    _g("quadriceps", "Quadriceps (front of the thigh)", "quadriceps", "quads quad thighs thigh"),
    _g("adductors", "Inner thighs (adductors)", "inner thighs", "adductor inner-thighs groin"),
    _g("hip-flexors", "Hip flexors (front of the hip)", "hip flexors", "hip-flexor"),
    _g("glutes", "Glutes (buttocks)", "glutes", "glute buttocks gluteus"),
    _g("abdomen", "Stomach", "stomach", "stomach abs"),
    _g(
        "chest-back",
        "Chest and upper back",
        "chest and upper back",
        "chest chest-upper-back upper-back back",
    ),
    _g("neck-shoulders", "Neck and shoulders", "neck and shoulders", "neck shoulders shoulder"),
    _g(
        "arms",
        "Arms and hands",
        "arms and hands",
        "arm hands hand hands-forearms forearms upper-arms wrists",
    ),
    _g("face", "Face and jaw", "face and jaw", "forehead eyes-cheeks jaw"),
)
BY_ID: Final[dict[str, MuscleGroup]] = {g.id: g for g in GROUPS}
_BY_NAME: Final[dict[str, tuple[str, ...]]] = {}
for _group in GROUPS:
    for _name in _group.names:
        _BY_NAME[_name] = (*_BY_NAME.get(_name, ()), _group.id)


def normal(name: str) -> str:
    """'Hip Flexors' and 'hip_flexors' are 'hip-flexors'."""
    return "-".join(name.strip().lower().replace("_", " ").split())


def groups_of(names: Iterable[str]) -> frozenset[str]:
    """The groups (ids) these muscle names belong to; names no group knows are left out."""
    return frozenset(g for name in names for g in _BY_NAME.get(normal(name), ()))


def known(ids: Iterable[str]) -> tuple[str, ...]:
    """``ids`` as group ids in the vocabulary's order: aliases ('calf') become their group,
    names no group knows are dropped (a settings file edited by hand stays readable)."""
    wanted = groups_of(ids)
    return tuple(g.id for g in GROUPS if g.id in wanted)


def spoken(ids: Iterable[str]) -> str:
    """'calves', 'calves and hamstrings', 'calves, shins and glutes', in vocabulary order."""
    words = [BY_ID[i].spoken for i in known(ids)]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
