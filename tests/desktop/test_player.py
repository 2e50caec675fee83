"""The player, end to end on a fake clock: cues, narration, visuals, controls, shortcuts."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from crampcoach.core.clock import FakeClock
from crampcoach.core.loader import load_routine_file
from crampcoach.core.narration import utterances
from crampcoach.core.session import SessionState
from crampcoach.desktop.session.launcher import Session
from tests.desktop.conftest import MakeSession
from tests.desktop.fakes import FakeOutput, run_to_end, run_until


def spoken(player: object) -> list[str]:
    return player.spoken_lines  # type: ignore[attr-defined, no-any-return]


@pytest.fixture
def record_speech(make_session: MakeSession) -> MakeSession:
    def make(*args: object, **kwargs: object) -> Session:
        session = make_session(*args, **kwargs)
        player = session.player
        player.spoken_lines = []  # type: ignore[attr-defined]
        assert session.narrator is not None
        session.narrator.spoke.connect(lambda _i, text: player.spoken_lines.append(text))
        return session

    return make


def test_a_routine_plays_start_to_end_and_the_narrator_says_every_line_in_order(
    record_speech: MakeSession, clock: FakeClock
) -> None:
    session = record_speech("box-breathing")
    player = session.player
    session.start()
    assert player.dial.is_pacer() is False  # the get-ready phase is a ring
    run_to_end(player, clock)
    expected = [u.text for _, u in sorted(utterances(player.driver.timeline).items())]
    assert spoken(player) == expected
    assert expected[0].startswith("Sit comfortably.")
    assert expected[-1] == "Session complete. Well done."
    assert player.pages.currentIndex() == 1
    assert player.summary_title.text() == "Well done!"
    assert "Steps done: 3 of 3" in player.summary_text.text()


def test_captions_carry_the_session_with_the_sound_off(
    make_session: MakeSession, clock: FakeClock
) -> None:
    session = make_session("calf-cramp-relief", voice=False)
    player = session.player
    session.start()
    toes = player.driver.timeline.steps[1]  # after the safety line
    run_until(player, clock, toes.start + 1)
    assert player.step_name.text() == "Toes toward you"  # the title, not repeated below
    assert "pull your toes up toward your shin" in player.caption.text()
    run_to_end(player, clock)
    timeline_texts = [c.text for c in player.driver.timeline.cues]
    assert player.captions == timeline_texts


def test_pause_freezes_the_countdown_the_pacer_and_the_voice(
    record_speech: MakeSession, clock: FakeClock
) -> None:
    session = record_speech("box-breathing")
    player = session.player
    session.start()
    inhale = next(p for p in player.driver.timeline.phases if p.kind == "inhale")
    run_until(player, clock, inhale.start + 1.5)  # inhale of the first cycle
    assert player.dial.is_pacer()
    assert player.dial.word() == "Breathe in"
    narrator = session.narrator
    assert narrator is not None
    assert narrator.is_speaking()
    progress, remaining = player.dial.progress, player.dial.remaining
    qtbot_key(player, Qt.Key.Key_Space)
    assert player.driver.state is SessionState.PAUSED
    assert not narrator.is_speaking()
    clock.advance(30)
    player.driver.poll_now()
    player.refresh()
    assert (player.dial.progress, player.dial.remaining) == (progress, remaining)
    assert player.play_button.text() == "Resume"
    qtbot_key(player, Qt.Key.Key_Space)
    assert player.driver.state is SessionState.RUNNING
    clock.advance(0.5)
    player.refresh()
    assert player.dial.progress > progress


def test_next_previous_restart_by_keyboard_mid_breath_and_mid_side(
    make_session: MakeSession, clock: FakeClock
) -> None:
    session = make_session("post-workout-leg-cooldown")
    player = session.player
    timeline = player.driver.timeline
    session.start()
    calf = timeline.steps[2]  # standing calf stretch, both sides
    run_until(player, clock, calf.end - 10)  # right side of the hold
    assert player.driver.engine.phase.side == "right"
    assert player.side_badge.text() == "RIGHT SIDE"
    qtbot_key(player, Qt.Key.Key_R)
    assert player.driver.engine.position == calf.start
    qtbot_key(player, Qt.Key.Key_Right)
    assert player.driver.engine.step_index == 3
    qtbot_key(player, Qt.Key.Key_Left)
    assert player.driver.engine.step_index == 2
    assert player.driver.engine.position == calf.start

    box_session = make_session("box-breathing")
    box = box_session.player
    box_session.start()
    exhale = next(p for p in box.driver.timeline.phases if p.kind == "exhale")
    run_until(box, clock, exhale.start + 2)  # exhale of cycle 1
    assert box.driver.engine.phase.kind == "exhale"
    qtbot_key(box, Qt.Key.Key_R)
    assert box.driver.engine.position == box.driver.timeline.steps[1].start
    qtbot_key(box, Qt.Key.Key_Right)
    assert box.driver.engine.step_index == 2
    run_to_end(box, clock)
    assert box.driver.summary().steps_skipped == (1,)
    assert "Skipped: step 2 (Box breathing)" in box.summary_text.text()


def test_jumps_cut_the_current_line(record_speech: MakeSession, clock: FakeClock) -> None:
    session = record_speech("calf-cramp-relief")
    player = session.player
    session.start()
    run_until(player, clock, 0.5)
    narrator = session.narrator
    assert narrator is not None
    assert narrator.is_speaking()
    output = narrator.output
    assert isinstance(output, FakeOutput)
    stops = output.stops
    qtbot_key(player, Qt.Key.Key_Right)
    assert output.stops == stops + 1
    # the next step's own line starts right away, and only that one plays
    assert narrator.is_speaking()
    assert spoken(player)[-1].startswith("Toes toward you.")


def test_escape_asks_before_stopping(
    make_session: MakeSession, clock: FakeClock, qtbot: QtBot
) -> None:
    session = make_session("box-breathing")
    player = session.player
    session.start()
    run_until(player, clock, 12)
    qtbot_key(player, Qt.Key.Key_Escape)
    dialog = player.stop_dialog
    assert dialog is not None
    assert player.driver.state is SessionState.PAUSED
    dialog.button(QMessageBox.StandardButton.No).click()
    assert player.driver.state is SessionState.RUNNING
    qtbot_key(player, Qt.Key.Key_Escape)
    dialog = player.stop_dialog
    assert dialog is not None
    dialog.button(QMessageBox.StandardButton.Yes).click()
    assert player.driver.state is SessionState.STOPPED
    assert player.pages.currentIndex() == 1
    assert player.summary_title.text() == "Session stopped"
    with qtbot.waitSignal(player.closed, timeout=1000):
        player.done_button.click()


def test_m_mutes_and_unmutes_the_voice(record_speech: MakeSession, clock: FakeClock) -> None:
    session = record_speech("box-breathing")
    player = session.player
    session.start()
    run_until(player, clock, 1)
    count = len(spoken(player))
    qtbot_key(player, Qt.Key.Key_M)
    assert player.mute_button.isChecked()
    run_until(player, clock, 20)
    assert len(spoken(player)) == count, "muted: nothing more is said"
    assert player.captions, "captions carry on"
    qtbot_key(player, Qt.Key.Key_M)
    run_until(player, clock, 30)
    assert len(spoken(player)) > count


def test_pmr_step_shows_tense_then_relax(make_session: MakeSession, clock: FakeClock) -> None:
    session = make_session("pmr-lower-body", voice=False)
    player = session.player
    session.start()
    glutes = player.driver.timeline.steps[1]
    prepare = 8.5
    run_until(player, clock, glutes.start + prepare + 2)  # get ready, then tensing
    assert player.dial.word() == "Tense"
    assert "tense, then relax" in player.step_name.text()
    assert player.cue_line.text() == "Tense now, and hold."
    run_until(player, clock, glutes.start + prepare + 7 + 1)
    assert player.dial.word() == "Relax"


def test_controls_have_tooltips_and_accessible_names(make_session: MakeSession) -> None:
    session = make_session("box-breathing", voice=False)
    player = session.player
    for button in (
        player.prev_button,
        player.restart_button,
        player.play_button,
        player.next_button,
        player.mute_button,
        player.stop_button,
    ):
        assert button.toolTip()
        assert button.accessibleName()
    assert set(player.shortcuts) == {"Space", "Right", "Left", "R", "Esc", "M"}


def qtbot_key(widget: object, key: Qt.Key) -> None:
    from pytestqt.qtbot import QtBot as _QtBot

    _QtBot.keyClick(widget, key)  # type: ignore[arg-type]


def test_steps_with_an_image_show_it(make_session: MakeSession, tmp_path: Path) -> None:
    folder = tmp_path
    picture = QImage(40, 30, QImage.Format.Format_RGB32)
    picture.fill(QColor("teal"))
    assert picture.save(str(folder / "calf.png"))
    (folder / "r.yaml").write_text(
        "format: 1\nid: pic\ntitle: Pic\nsummary: S\nsteps:\n"
        "  - type: stretch\n    name: Calf\n    duration: 10\n    image: calf.png\n"
        "  - type: rest\n    duration: 5\n"
    )
    result = load_routine_file(folder / "r.yaml")
    assert result.routine is not None
    session = make_session(result.routine, voice=False, path=folder / "r.yaml")
    player = session.player
    assert player.image.isVisibleTo(player)
    assert not player.image.pixmap().isNull()


def test_chimes_mark_steps_breaths_switches_and_the_end(
    make_session: MakeSession, clock: FakeClock
) -> None:
    from crampcoach.core.settings import Settings
    from crampcoach.desktop.session.sounds import chime_pcm

    output = FakeOutput()
    settings = Settings(voice_enabled=False, sounds_enabled=True, sound_volume=0.5)
    session = make_session("pmr-lower-body", output=output, settings=settings)
    sounds = session.sounds
    assert sounds is not None
    session.start()
    run_to_end(session.player, clock)
    played = list(sounds.played)
    assert played[0] == "step"
    assert "switch" in played
    assert "breath" in played  # tense and relax phases
    assert played[-1] == "end"
    # every chime went into the session's stream, as the chime's own samples
    assert output.chimes[-len(played) :] == [chime_pcm(name) for name in played]
    assert all(output.chimes)
    assert output.chime_volume == 0.5


def test_the_player_lays_out_cleanly_at_480_by_560(
    make_session: MakeSession, clock: FakeClock, qtbot: QtBot
) -> None:
    """The window could not go narrower than 694 px, and in a short one the caption
    overlapped the ring."""
    session = make_session("post-workout-leg-cooldown", voice=False)
    player = session.player
    session.start()
    run_until(player, clock, 30)  # a long how-to caption, a side badge, the count
    player.resize(480, 560)
    qtbot.waitUntil(lambda: player.size().width() == 480)
    assert player.minimumSizeHint().width() <= 480
    assert player.minimumSizeHint().height() <= 560
    parts = [player.step_name, player.dial, player.caption, player.next_label]
    parts += [player.prev_button, player.stop_button]
    boxes = [w.geometry().translated(w.parentWidget().mapTo(player, w.pos()) - w.pos())
             for w in parts if w.isVisible()]  # fmt: skip
    for i, a in enumerate(boxes):
        assert player.rect().contains(a), (parts[i].objectName(), a)
        for j, b in enumerate(boxes[i + 1 :], i + 1):
            assert not a.intersects(b), (parts[i].objectName(), parts[j].objectName())
    assert player.caption.font().pointSizeF() < 17  # large text scaled down


def test_the_figure_follows_the_session_clock_side_by_side(
    make_session: MakeSession, clock: FakeClock
) -> None:
    session = make_session("post-workout-leg-cooldown", voice=False)
    player = session.player
    session.start()
    calf = next(s for s in player.driver.timeline.steps if s.name == "Standing calf stretch")
    prepare = next(p for p in player.driver.timeline.phases if p.step == calf.index)
    run_until(player, clock, (prepare.start + prepare.end) / 2)  # getting ready: easing in
    assert player.figure.isVisibleTo(player)
    assert player.figure.pose is not None
    assert player.figure.pose.id == "wall-calf-stretch"
    assert 0 < player.figure.ease < 1
    holds = [p for p in player.driver.timeline.phases if p.step == calf.index and p.kind == "hold"]
    run_until(player, clock, holds[0].start + 1)
    assert (player.figure.side, player.figure.ease) == ("left", 1.0)
    left = player.figure.current(300)
    run_until(player, clock, holds[1].start + 1)
    assert player.figure.side == "right"
    right = player.figure.current(300)
    assert left.text != right.text  # "left calf" vs "right calf"
    assert "right" in player.figure.accessibleDescription()


def test_a_paused_move_steps_figure_does_not_move(
    make_session: MakeSession, clock: FakeClock, qtbot: QtBot
) -> None:
    session = make_session("pre-workout-leg-warmup", voice=False)
    player = session.player
    session.start()
    move = next(p for p in player.driver.timeline.phases if p.kind == "move")
    run_until(player, clock, move.start + 0.7)
    moving = player.figure.phase
    clock.advance(0.5)
    player.driver.poll_now()
    player.refresh()
    assert player.figure.phase != moving  # it moves with the count
    qtbot_key(player, Qt.Key.Key_Space)
    frozen = player.figure.phase
    clock.advance(3)
    player.refresh()
    assert player.figure.phase == frozen  # paused: frozen, no free-running animation


def test_breathing_keeps_its_pacer_and_shows_no_figure(
    make_session: MakeSession, clock: FakeClock
) -> None:
    session = make_session("box-breathing", voice=False)
    session.start()
    inhale = next(p for p in session.driver.timeline.phases if p.kind == "inhale")
    run_until(session.player, clock, inhale.start + 1)
    assert session.player.dial.is_pacer()
    assert not session.player.figure.isVisibleTo(session.player)
