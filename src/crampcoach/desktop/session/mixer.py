"""The mix: the narrator's voice and the chimes summed into one 16-bit PCM stream.

One set of rules, used twice: the live session's stream (audio.py) pulls chunks from a
``Mixer`` as the sound server asks for them, and a rendered audio file (export/) pulls the
same chunks from the same ``Mixer`` as fast as it can. A new line cuts the one before, a
new chime replaces the one still ringing, a chime under a line is ducked, and the sum is
clipped. Nothing here imports Qt.

The live stream is written ahead of what is heard, so a sound can also be *scheduled* at a
sample index of the stream (``play_at``/``chime_at``): it starts exactly there, cutting the
line before at that sample, so it comes out at its cue however far ahead it was written.
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
        self.position = 0  # samples handed out so far: the stream's sample index
        self.line_end = 0  # the sample index where the last line to end ended
        self._pending: list[tuple[int, int, bool, bytes]] = []  # at, order, is_line, pcm
        self._order = 0

    def play(self, pcm: bytes) -> None:
        """Start a line now, cutting the one before."""
        self._line, self._pos = pcm[: len(pcm) // 2 * 2], 0

    def stop(self) -> None:
        """Cut the line now, and drop the lines scheduled ahead."""
        self._line, self._pos = b"", 0
        self._pending = [p for p in self._pending if not p[2]]

    def play_at(self, pcm: bytes, at: int) -> None:
        """Start a line at sample index ``at`` (at once if that is past), cutting the one
        playing then."""
        self._schedule(at, True, pcm)

    def chime_at(self, pcm: bytes, at: int) -> None:
        """Sound a chime at sample index ``at`` (at once if that is past)."""
        self._schedule(at, False, pcm)

    def cancel_pending(self) -> None:
        """Forget every sound scheduled and not started (pause, skip, stop)."""
        self._pending = []

    def has_pending_line(self) -> bool:
        return any(p[2] for p in self._pending)

    def _schedule(self, at: int, is_line: bool, pcm: bytes) -> None:
        self._order += 1
        self._pending.append((max(at, self.position), self._order, is_line, pcm))
        self._pending.sort()

    def is_playing(self) -> bool:
        return self._pos < len(self._line)

    def chime(self, pcm: bytes) -> None:
        """Sound a chime now, over any line; a new chime replaces the one still ringing."""
        self._chime, self._chime_pos = pcm[: len(pcm) // 2 * 2], 0

    def is_chiming(self) -> bool:
        return self._chime_pos < len(self._chime)

    def clear(self) -> None:
        self.stop()
        self.cancel_pending()
        self._chime, self._chime_pos = b"", 0

    def next_chunk(self, size: int) -> tuple[bytes, bool]:
        """The next ``size`` bytes to play, and whether a line's last samples are in them
        (``line_end`` says at which sample). Scheduled sounds start at their exact sample:
        the chunk is mixed in pieces split there.
        """
        size = size // 2 * 2
        end = self.position + size // 2
        if not self._pending or self._pending[0][0] >= end:
            return self._piece(size)
        out = bytearray()
        ended = False
        while len(out) < size:
            while self._pending and self._pending[0][0] <= self.position:
                _at, _order, is_line, pcm = self._pending.pop(0)
                (self.play if is_line else self.chime)(pcm)  # a line cuts the one before
            upto = self._pending[0][0] if self._pending else end
            chunk, piece_ended = self._piece(2 * (min(upto, end) - self.position))
            out += chunk
            ended = ended or piece_ended
        return bytes(out), ended

    def _piece(self, size: int) -> tuple[bytes, bool]:
        """Under a line the chime is ducked (DUCK_UNDER_VOICE), so the words stay clear and
        the two together stay below full scale (espeak-ng peaks near 0.8, the chimes at 0.5).
        """
        self.position += size // 2
        line = self._line[self._pos : self._pos + size]
        chime = self._chime[self._chime_pos : self._chime_pos + size]
        line_ended = False
        if line:
            self._pos += len(line)
            line_ended = self._pos >= len(self._line)
            if line_ended:
                self.line_end = self.position - (size - len(line)) // 2
        self._chime_pos += len(chime)
        chime_gain = self.chime_volume * (DUCK_UNDER_VOICE if line else 1.0)
        return mix([(line, self.volume), (chime, chime_gain)], size), line_ended
