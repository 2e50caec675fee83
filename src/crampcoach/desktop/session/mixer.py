"""The mix: the narrator's voice and the chimes summed into one 16-bit PCM stream.

One set of rules, used twice: the live session's stream (audio.py) pulls chunks from a
``Mixer`` as the sound server asks for them, and a rendered audio file (export/) pulls the
same chunks from the same ``Mixer`` as fast as it can. A new line cuts the one before, a
new chime replaces the one still ringing, a chime under a line is ducked, and the sum is
clipped. Nothing here imports Qt.
"""

from __future__ import annotations

from array import array

SAMPLE_RATE = 22050  # espeak-ng's output, and the chimes'
DUCK_UNDER_VOICE = 0.5  # a chime's gain while a line is being said


def mix(parts: list[tuple[bytes, float]], size: int) -> bytes:
    """``size`` bytes of 16-bit PCM: the parts, each scaled by its gain, summed and clipped,
    padded with silence."""
    audible = [(pcm, gain) for pcm, gain in parts if pcm and gain > 0]
    if not audible:
        return bytes(size)
    if len(audible) == 1 and audible[0][1] == 1.0:  # the common case: one line, full volume
        pcm = audible[0][0][:size]
        return pcm + bytes(size - len(pcm))
    out = [0] * (size // 2)
    for pcm, gain in audible:
        samples = array("h", pcm[: min(size, len(pcm)) // 2 * 2])
        for i, sample in enumerate(samples):
            out[i] += int(sample * gain)
    return array("h", [32767 if v > 32767 else -32768 if v < -32768 else v for v in out]).tobytes()


class Mixer:
    """What sounds now: one voice line at a time and one chime over it, at their volumes."""

    def __init__(self, volume: float = 1.0, chime_volume: float = 1.0) -> None:
        self.volume = volume
        self.chime_volume = chime_volume
        self._line = b""
        self._pos = 0
        self._chime = b""
        self._chime_pos = 0

    def play(self, pcm: bytes) -> None:
        """Start a line now, cutting the one before."""
        self._line, self._pos = pcm[: len(pcm) // 2 * 2], 0

    def stop(self) -> None:
        self._line, self._pos = b"", 0

    def is_playing(self) -> bool:
        return self._pos < len(self._line)

    def chime(self, pcm: bytes) -> None:
        """Sound a chime now, over any line; a new chime replaces the one still ringing."""
        self._chime, self._chime_pos = pcm[: len(pcm) // 2 * 2], 0

    def is_chiming(self) -> bool:
        return self._chime_pos < len(self._chime)

    def clear(self) -> None:
        self.stop()
        self._chime, self._chime_pos = b"", 0

    def next_chunk(self, size: int) -> tuple[bytes, bool]:
        """The next ``size`` bytes to play, and whether the line's last samples are in them.

        Under a line the chime is ducked (DUCK_UNDER_VOICE), so the words stay clear and
        the two together stay below full scale (espeak-ng peaks near 0.8, the chimes at 0.5).
        """
        line = self._line[self._pos : self._pos + size]
        chime = self._chime[self._chime_pos : self._chime_pos + size]
        line_ended = False
        if line:
            self._pos += len(line)
            line_ended = self._pos >= len(self._line)
        self._chime_pos += len(chime)
        chime_gain = self.chime_volume * (DUCK_UNDER_VOICE if line else 1.0)
        return mix([(line, self.volume), (chime, chime_gain)], size), line_ended
