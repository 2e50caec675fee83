"""The session engine plays a timeline exactly on time against a fake clock."""

from __future__ import annotations

from typing import Any

import pytest

from crampcoach.core.clock import FakeClock
from crampcoach.core.routine import Routine
from crampcoach.core.session import SessionEngine, SessionState
from crampcoach.core.timeline import Cue, Timeline, build_timeline
from tests.fakes import BUILTIN_ROUTINES


def make_timeline(*steps: dict[str, Any], **defaults: float) -> Timeline:
    return build_timeline(
        Routine.model_validate(
            {
                "format": 1,
                "id": "t",
                "title": "T",
                "summary": "s",
                "defaults": defaults,
                "steps": list(steps),
            }
        )
    )


# steps: 0 = two-sided stretch [0, 25), 1 = box breathing [25, 57), 2 = rest [57, 67)
TIMELINE = make_timeline(
    {"type": "stretch", "name": "Calf", "duration": 10, "sides": "both"},
    {
        "type": "breathe",
        "name": "Box",
        "inhale": 4,
        "hold": 4,
        "exhale": 4,
        "hold_out": 4,
        "cycles": 2,
        "prepare": 0,
    },
    {"type": "rest", "duration": 10, "say": "Shake it out."},
    prepare=2,
    switch=3,
    countdown=2,
)


def play(
    engine: SessionEngine, clock: FakeClock, *, limit: float = 10_000
) -> list[tuple[Cue, float]]:
    """Drive the engine like the Qt layer: sleep until the next cue, poll, repeat."""
    fired: list[tuple[Cue, float]] = []
    while engine.state is SessionState.RUNNING and limit > 0:
        wait = engine.time_to_next_cue()
        assert wait is not None
        clock.advance(wait)
        limit -= wait
        fired.extend((cue, engine.position) for cue in engine.poll())
    return fired


def test_a_whole_session_emits_every_cue_once_in_order_exactly_on_time(clock: FakeClock) -> None:
    engine = SessionEngine(TIMELINE, clock)
    assert TIMELINE.duration == 67
    engine.start()
    fired = play(engine, clock)
    assert [c for c, _ in fired] == list(TIMELINE.cues)
    assert all(at == cue.t for cue, at in fired)
    assert engine.state is SessionState.FINISHED
    assert engine.remaining == 0
    summary = engine.summary()
    assert summary.completed
    assert summary.active_seconds == pytest.approx(67)
    assert summary.steps_completed == (0, 1, 2)
    assert summary.steps_skipped == ()


def test_every_builtin_routine_plays_to_the_end_in_milliseconds(clock: FakeClock) -> None:
    from crampcoach.core.library import load_library

    library = load_library(BUILTIN_ROUTINES, None)
    assert len(library.entries) >= 12
    for entry in library.entries.values():
        engine = SessionEngine(entry.timeline, clock)
        engine.start()
        fired = play(engine, clock)
        assert [c for c, _ in fired] == list(entry.timeline.cues), entry.id
        assert engine.state is SessionState.FINISHED


def test_late_polls_catch_up_without_drift(clock: FakeClock) -> None:
    """A stalled host gets every overdue cue at once; the position never drifts."""
    engine = SessionEngine(TIMELINE, clock)
    engine.start()
    clock.advance(8.7)
    cues = engine.poll()
    assert [c.t for c in cues] == [c.t for c in TIMELINE.cues if c.t <= 8.7]
    assert engine.position == pytest.approx(8.7)
    assert engine.poll() == []
    # polling often changes nothing: position comes from the clock
    for _ in range(1000):
        clock.advance(0.001)
        engine.poll()
    assert engine.position == pytest.approx(9.7)


def test_pause_freezes_position_and_pause_time_never_counts(clock: FakeClock) -> None:
    engine = SessionEngine(TIMELINE, clock)
    engine.start()
    clock.advance(30.5)  # mid-breath: inhale of cycle 1 runs 25..29, hold 29..33
    engine.poll()
    engine.pause()
    assert engine.state is SessionState.PAUSED
    phase = engine.phase
    progress = engine.phase_progress()
    clock.advance(600)
    assert engine.position == pytest.approx(30.5)
    assert engine.phase == phase
    assert engine.phase_progress() == progress
    assert engine.poll() == []
    assert engine.time_to_next_cue() is None
    engine.resume()
    assert engine.time_to_next_cue() == pytest.approx(33 - 30.5)
    rest = play(engine, clock)
    assert rest[0][0].t == 33
    assert rest[0][0].kind == "exhale"
    assert engine.summary().active_seconds == pytest.approx(67)


def test_next_mid_breath_cycle_skips_to_the_next_step(clock: FakeClock) -> None:
    engine = SessionEngine(TIMELINE, clock)
    engine.start()
    clock.advance(35)  # exhale of cycle 1
    engine.poll()
    assert engine.step_index == 1
    assert engine.phase.kind == "exhale"
    engine.next_step()
    assert engine.position == 57
    assert engine.step_index == 2
    cues = engine.poll()
    assert [(c.kind, c.text) for c in cues] == [("step", "Rest"), ("say", "Shake it out.")]
    play(engine, clock)
    summary = engine.summary()
    assert summary.completed
    assert summary.steps_skipped == (1,)
    assert summary.steps_completed == (0, 2)


def test_previous_mid_side_replays_the_previous_step_and_its_cues(clock: FakeClock) -> None:
    engine = SessionEngine(TIMELINE, clock)
    engine.start()
    clock.advance(40)
    engine.poll()
    engine.previous_step()
    assert engine.position == 0
    assert engine.step_index == 0
    fired = play(engine, clock)
    assert [c for c, _ in fired] == list(TIMELINE.cues)


def test_previous_on_the_first_step_restarts_it(clock: FakeClock) -> None:
    engine = SessionEngine(TIMELINE, clock)
    engine.start()
    clock.advance(17)  # right side of the two-sided stretch
    engine.poll()
    assert engine.phase.side == "right"
    engine.previous_step()
    assert engine.position == 0
    assert engine.poll()[0].kind == "step"


def test_restart_step_mid_side_goes_back_to_the_step_start(clock: FakeClock) -> None:
    engine = SessionEngine(TIMELINE, clock)
    engine.start()
    clock.advance(20)  # right side hold
    first = engine.poll()
    assert any(c.kind == "switch" for c in first)
    engine.restart_step()
    assert engine.position == 0
    again = engine.poll()
    assert [(c.t, c.kind) for c in again] == [(0, "step")]
    clock.advance(25)
    cues = engine.poll()
    assert [c.kind for c in cues].count("switch") == 1


def test_controls_while_paused_move_position_but_not_time(clock: FakeClock) -> None:
    engine = SessionEngine(TIMELINE, clock)
    engine.start()
    clock.advance(5)
    engine.poll()
    engine.pause()
    engine.next_step()
    assert engine.state is SessionState.PAUSED
    assert engine.position == 25
    clock.advance(100)
    assert engine.position == 25
    engine.resume()
    assert [c.kind for c in engine.poll()] == ["step", "inhale"]


def test_next_on_the_last_step_finishes(clock: FakeClock) -> None:
    engine = SessionEngine(TIMELINE, clock)
    engine.start()
    clock.advance(60)
    engine.poll()
    engine.next_step()
    cues = engine.poll()
    assert [c.kind for c in cues] == ["end"]
    assert engine.state is SessionState.FINISHED
    engine.next_step()  # no effect once finished
    engine.previous_step()
    assert engine.position == TIMELINE.duration


def test_stop_ends_the_session_and_freezes_everything(clock: FakeClock) -> None:
    engine = SessionEngine(TIMELINE, clock)
    engine.start()
    clock.advance(12)
    engine.poll()
    engine.stop()
    clock.advance(100)
    assert engine.state is SessionState.STOPPED
    assert engine.position == 12
    assert engine.poll() == []
    engine.resume()
    engine.start()
    assert engine.state is SessionState.STOPPED
    summary = engine.summary()
    assert not summary.completed
    assert summary.position == 12
    assert summary.active_seconds == pytest.approx(12)


def test_ready_engine_does_nothing_until_started(clock: FakeClock) -> None:
    engine = SessionEngine(TIMELINE, clock)
    clock.advance(50)
    assert engine.poll() == []
    assert engine.position == 0
    engine.toggle_pause()
    assert engine.state is SessionState.RUNNING
    engine.toggle_pause()
    assert engine.state is SessionState.PAUSED
    engine.toggle_pause()
    assert engine.state is SessionState.RUNNING


def test_speed_previews_the_same_cues_faster(clock: FakeClock) -> None:
    engine = SessionEngine(TIMELINE, clock, speed=10)
    engine.start()
    fired = play(engine, clock)
    assert [c for c, _ in fired] == list(TIMELINE.cues)
    assert engine.summary().active_seconds == pytest.approx(6.7)
    with pytest.raises(ValueError, match="positive"):
        SessionEngine(TIMELINE, clock, speed=0)


def test_phase_progress_follows_the_clock_smoothly(clock: FakeClock) -> None:
    engine = SessionEngine(TIMELINE, clock)
    engine.start()
    clock.advance(26)  # inhale 25..29
    assert engine.phase.kind == "inhale"
    assert engine.phase_progress() == pytest.approx(0.25)
    clock.advance(1)
    assert engine.phase_progress() == pytest.approx(0.5)
