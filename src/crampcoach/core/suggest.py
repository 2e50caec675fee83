""" "What should I do now?": one routine for this moment, and one sentence saying why.

``suggest`` is a pure function of the moment (an aware ``now`` from the injected clock, in the
user's zone), the day's workouts, the cramp diary, the sessions played, the library and the
user's favourites and muscles to rest. The rules, in order of priority:

1. **A cramp** logged in the last hour (``CRAMP_RECENT``) that no cramp-relief routine has
   followed yet -> the relief guide for that muscle (every relief guide for "other"). If every
   such guide works a muscle you asked to rest, slow breathing instead.
2. **Before a workout**: one starts within the next two hours (``PRE_WINDOW``) and no warm-up
   has been played for it (since ``PRE_DONE`` before its start) -> its warm-up routine, or
   another pre-workout routine.
3. **After a workout**: one ended within the last three hours (``POST_WINDOW``) and no
   cool-down has been played since it started -> its cool-down routine, or another.
4. **Bedtime**: from 20:00 (``EVENING``) until 04:00 and no bedtime routine played since noon
   (a night runs noon to noon, as in Progress) -> a bedtime routine; a stretching one first
   when cramps were logged at night (in sleep, or 22:00-06:00) in the last week.
5. **Otherwise** a favourite, then a breathing or relaxation routine; failing those, any
   routine but the cramp guides.

A routine counts as played when it completed or at least half of it played. What was
already played (today, or since the cramp for rule 1) is suggested only when nothing else
fits; a routine that works a muscle you asked to rest comes after the others of its rule
(and the sentence says so). Within a rule favourites come first, then by title.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from crampcoach.core.avoid import avoided_in, routine_groups
from crampcoach.core.diary import Cramp
from crampcoach.core.history_store import SessionRecord
from crampcoach.core.library import LibraryEntry
from crampcoach.core.muscle_groups import groups_of, known, spoken
from crampcoach.core.workout_times import PlannedWorkout

CRAMP_RECENT = dt.timedelta(hours=1)
CRAMP_DEALT = dt.timedelta(minutes=15)  # relief started this long before the log counts
PRE_WINDOW = dt.timedelta(hours=2)
PRE_DONE = dt.timedelta(hours=3)
POST_WINDOW = dt.timedelta(hours=3)
EVENING, LATE = dt.time(20, 0), dt.time(4, 0)
NIGHT_START, NIGHT_END = dt.time(22, 0), dt.time(6, 0)
NIGHT_WEEK = dt.timedelta(days=7)
CALM_TAGS = ("breathing", "relaxation")
CRAMP_WORDS = {"calf": "calf", "foot": "foot", "hamstring": "hamstring", "quadriceps": "thigh"}


@dataclass(frozen=True, slots=True)
class Suggestion:
    routine_id: str
    title: str
    why: str  # one sentence
    rule: str  # cramp | pre-workout | post-workout | bedtime | calm | any


@dataclass(frozen=True, slots=True)
class _Candidate:
    entry: LibraryEntry
    why: str
    rule: int  # its rule's priority (0 first)
    since: dt.datetime  # played since then: a repeat


def suggest(
    now: dt.datetime,
    *,
    entries: Iterable[LibraryEntry],
    workouts: Sequence[PlannedWorkout] = (),
    cramps: Sequence[Cramp] = (),
    sessions: Sequence[SessionRecord] = (),
    favourites: Sequence[str] = (),
    avoid: Iterable[str] = (),
    skip_avoided: bool = True,
) -> Suggestion | None:
    """The routine for right now (see the module's rules); None for an empty library."""
    if now.utcoffset() is None:
        raise ValueError("suggest() needs an aware 'now' in the user's time zone")
    s = _Rules(now, list(entries), workouts, cramps, sessions, favourites, known(avoid))
    candidates = [*s.cramp(), *s.pre(), *s.post(), *s.bedtime(), *s.calm()]
    if not candidates:
        return None
    order = {id(c): n for n, c in enumerate(candidates)}
    best = min(
        candidates,
        key=lambda c: (s.played_since(c.entry.id, c.since), c.rule, s.rests(c), order[id(c)]),
    )
    why = best.why
    resting = avoided_in(best.entry.routine, s.avoid)
    if resting:
        then = "those steps are skipped" if skip_avoided else "go gently"
        why += f" It works your {spoken(resting)}, which you asked to rest: {then}."
    names = ("cramp", "pre-workout", "post-workout", "bedtime", "calm", "any")
    return Suggestion(best.entry.id, best.entry.routine.title, why, names[best.rule])


class _Rules:
    def __init__(
        self,
        now: dt.datetime,
        entries: list[LibraryEntry],
        workouts: Sequence[PlannedWorkout],
        cramps: Sequence[Cramp],
        sessions: Sequence[SessionRecord],
        favourites: Sequence[str],
        avoid: tuple[str, ...],
    ) -> None:
        self.now = now
        self.zone = now.tzinfo
        self.workouts = workouts
        self.cramps = cramps
        self.sessions = [r for r in sessions if _played(r)]
        self.avoid = avoid
        starred = {f: n for n, f in enumerate(favourites)}
        # favourites first (in the order starred), then by title
        self.entries = sorted(
            entries, key=lambda e: (starred.get(e.id, len(starred)), e.routine.title.lower())
        )
        self.favourites = [e for e in self.entries if e.id in starred]
        self.midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)

    # -- helpers ---------------------------------------------------------------------------
    def played_since(self, routine_id: str, since: dt.datetime) -> bool:
        return any(r.routine_id == routine_id and r.started >= since for r in self.sessions)

    def tag_played_since(self, tag: str, since: dt.datetime, also: str | None = None) -> bool:
        return any(
            (tag in r.tags or r.routine_id == also) and r.started >= since for r in self.sessions
        )

    def rests(self, c: _Candidate) -> bool:
        return bool(self.avoid) and bool(avoided_in(c.entry.routine, self.avoid))

    def tagged(self, tag: str) -> list[LibraryEntry]:
        return [e for e in self.entries if tag in e.routine.tags]

    def first(self, routine_id: str | None, others: list[LibraryEntry]) -> list[LibraryEntry]:
        """The workout's own routine first (when the library has it), then the others."""
        own = [e for e in self.entries if e.id == routine_id]
        return own + [e for e in others if e.id != routine_id]

    def clock(self, moment: dt.datetime) -> str:
        return moment.astimezone(self.zone).strftime("%H:%M")

    # -- the rules -------------------------------------------------------------------------
    def cramp(self) -> list[_Candidate]:
        recent = [c for c in self.cramps if dt.timedelta(0) <= self.now - c.at <= CRAMP_RECENT]
        if not recent:
            return []
        cramp = max(recent, key=lambda c: c.at)
        since = cramp.at - CRAMP_DEALT
        if self.tag_played_since("cramp-relief", since):
            return []
        relief = self.tagged("cramp-relief")
        muscle = groups_of([cramp.muscle])
        matching = [e for e in relief if muscle & routine_groups(e.routine)] or relief
        word = CRAMP_WORDS.get(cramp.muscle)
        what = f"a {word} cramp" if word else "a cramp"
        logged = f"You logged {what} {_ago(self.now - cramp.at)}"
        out = [
            _Candidate(e, f"{logged}: a gentle stretch can ease it.", 0, since) for e in matching
        ]
        resting = known(muscle & set(self.avoid))
        if resting and all(avoided_in(e.routine, self.avoid) for e in matching):
            why = (
                f"{logged}, and your {spoken(resting)} are resting: breathe slowly while it eases."
            )
            out += [_Candidate(e, why, 0, since) for e in self.calm_entries()]
        return out

    def pre(self) -> list[_Candidate]:
        soon = [w for w in self.workouts if self.now < w.starts <= self.now + PRE_WINDOW]
        for w in soon:
            if self.tag_played_since("pre-workout", w.starts - PRE_DONE, w.pre_routine):
                continue
            when = f"{self.clock(w.starts)}, {_in(w.starts - self.now)}"
            why = f"{w.name} starts at {when}: warm up first."
            chosen = self.first(w.pre_routine, self.tagged("pre-workout"))
            return [_Candidate(e, why, 1, w.starts - PRE_DONE) for e in chosen]
        return []

    def post(self) -> list[_Candidate]:
        done = [w for w in self.workouts if w.ends <= self.now <= w.ends + POST_WINDOW]
        for w in sorted(done, key=lambda w: w.ends, reverse=True):
            if self.tag_played_since("post-workout", w.starts, w.post_routine):
                continue
            why = f"{w.name} ended at {self.clock(w.ends)}: cool down with slow stretches."
            chosen = self.first(w.post_routine, self.tagged("post-workout"))
            return [_Candidate(e, why, 2, w.starts) for e in chosen]
        return []

    def bedtime(self) -> list[_Candidate]:
        local = self.now.astimezone(self.zone)
        if LATE <= local.time() < EVENING:
            return []
        noon = local.replace(hour=12, minute=0, second=0, microsecond=0)
        if local.time() < LATE:
            noon -= dt.timedelta(days=1)
        if self.tag_played_since("bedtime", noon):
            return []
        nights = [c for c in self.cramps if self._at_night(c)]
        routines = self.tagged("bedtime")
        if nights:
            routines.sort(key=lambda e: e.routine.kind != "stretch")  # stable: favourites kept
            count = "a cramp" if len(nights) == 1 else f"{len(nights)} cramps"
            why = f"It's evening and you logged {count} at night this week: stretch before bed."
        else:
            why = "It's evening and you haven't done a bedtime routine yet."
        return [_Candidate(e, why, 3, noon) for e in routines]

    def _at_night(self, cramp: Cramp) -> bool:
        if not dt.timedelta(0) <= self.now - cramp.at <= NIGHT_WEEK:
            return False
        clock = cramp.at.astimezone(self.zone).time()
        return cramp.during_sleep or clock >= NIGHT_START or clock < NIGHT_END

    def calm_entries(self) -> list[LibraryEntry]:
        return [e for e in self.entries if any(t in e.routine.tags for t in CALM_TAGS)]

    def calm(self) -> list[_Candidate]:
        out = [
            _Candidate(e, "Nothing is due right now: a favourite of yours.", 4, self.midnight)
            for e in self.favourites
        ]
        why = "Nothing is due right now: a few minutes of slow breathing or relaxing."
        out += [_Candidate(e, why, 4, self.midnight) for e in self.calm_entries()]
        why = "Nothing is due right now: something you haven't done today."
        out += [
            _Candidate(e, why, 5, self.midnight)
            for e in self.entries
            if "cramp-relief" not in e.routine.tags
        ]
        return out


def _played(record: SessionRecord) -> bool:
    """Completed, or at least half of it played."""
    return record.status == "completed" or (
        record.duration > 0 and record.position >= record.duration / 2
    )


def _ago(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    if minutes < 2:
        return "just now"
    return "an hour ago" if minutes >= 60 else f"{minutes} minutes ago"


def _in(delta: dt.timedelta) -> str:
    minutes = math.ceil(delta.total_seconds() / 60)
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' if hours > 1 else ''}"] if hours else []
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return "in " + " ".join(parts)
