"""The session's one audio stream: voice and chimes mixed, scaled and clipped."""

from __future__ import annotations

from array import array

from PySide6.QtWidgets import QApplication

from crampcoach.desktop.session.audio import BYTES_PER_SECOND, mix


def pcm(*samples: int) -> bytes:
    return array("h", samples).tobytes()


def samples(data: bytes) -> list[int]:
    return list(array("h", data))


def test_nothing_to_play_is_silence_of_the_asked_size() -> None:
    assert mix([], 8) == bytes(8)
    assert mix([(b"", 1.0), (pcm(500), 0.0)], 4) == bytes(4)


def test_one_line_at_full_volume_passes_through_and_is_padded() -> None:
    assert mix([(pcm(1, -2, 3), 1.0)], 10) == pcm(1, -2, 3, 0, 0)
    assert mix([(pcm(1, 2, 3, 4), 1.0)], 4) == pcm(1, 2)  # never more than asked


def test_gains_scale_and_parts_add_up() -> None:
    out = mix([(pcm(1000, 1000, 1000), 0.5), (pcm(200), 1.0)], 8)
    assert samples(out) == [700, 500, 500, 0]


def test_loud_overlaps_clip_instead_of_wrapping_round() -> None:
    out = mix([(pcm(30000, -30000), 1.0), (pcm(30000, -30000), 1.0)], 4)
    assert samples(out) == [32767, -32768]


def test_a_chime_file_mixes_over_a_line() -> None:
    from crampcoach.desktop.session.sounds import CHIMES, chime_pcm

    for name in CHIMES:
        assert len(chime_pcm(name)) > 0.4 * BYTES_PER_SECOND  # every chime loads
    line = pcm(*([100] * 64))
    out = samples(mix([(line, 1.0), (chime_pcm("step"), 0.6)], 256))
    assert len(out) == 128
    assert out[64:] != [0] * 64  # the chime rings on after the line ends


def test_the_stream_plays_the_line_and_ducks_the_chime_under_it(qapp: QApplication) -> None:
    from crampcoach.desktop.session.audio import DUCK_UNDER_VOICE, SessionAudio

    audio = SessionAudio()
    audio.available = False  # no device opened: next_chunk is what a stream would be fed
    audio.set_chime_volume(0.5)
    audio.chime(pcm(*([1000] * 8)))
    assert samples(audio.next_chunk(4)) == [500, 500]  # alone: at its own volume
    audio.play(pcm(100, 100))
    ducked = int(1000 * 0.5 * DUCK_UNDER_VOICE)
    assert samples(audio.next_chunk(4)) == [100 + ducked, 100 + ducked]
    assert not audio.is_playing()  # the line has been handed over
    assert samples(audio.next_chunk(8)) == [500, 500, 500, 500]  # the chime rings on
    assert not audio.is_chiming()
    assert audio.next_chunk(4) == bytes(4)  # then silence
    audio.close()
