"""Encoding a rendered session through libsndfile (the soundfile package): the format by
the file's extension, with tags. No hand-written encoder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile

# extension -> (libsndfile container, codec, sample rate it is written at)
FORMATS: dict[str, tuple[str, str, int | None]] = {
    ".wav": ("WAV", "PCM_16", None),
    ".flac": ("FLAC", "PCM_16", None),
    ".ogg": ("OGG", "VORBIS", None),
    ".opus": ("OGG", "OPUS", 24000),  # Opus takes 8, 12, 16, 24 or 48 kHz
    ".mp3": ("MP3", "MPEG_LAYER_III", None),
}
BLOCK_FRAMES = 16384


class UnknownFormat(ValueError):
    """The file's extension names no format we write."""


@dataclass(frozen=True)
class Tags:
    title: str
    artist: str = "CrampCoach"
    comment: str = ""  # the routine's source


def format_for(path: Path) -> tuple[str, str, int | None]:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(FORMATS)
        raise UnknownFormat(
            f"{path.name}: unknown audio format {path.suffix or '(no extension)'!r} "
            f"(use one of {known})"
        ) from None


def write_audio(path: Path, target: Path, pcm: bytes, rate: int, tags: Tags) -> None:
    """Write 16-bit mono ``pcm`` at ``rate`` to ``path`` in the format ``target``'s
    extension names (``path`` may be a temporary file to be renamed to ``target``)."""
    container, codec, wanted_rate = format_for(target)
    samples = np.frombuffer(pcm, dtype="<i2")
    if wanted_rate is not None and wanted_rate != rate:
        samples, rate = _resampled(samples, rate, wanted_rate), wanted_rate
    with soundfile.SoundFile(
        str(path), "w", samplerate=rate, channels=1, format=container, subtype=codec
    ) as out:
        out.title = tags.title
        out.artist = tags.artist
        if tags.comment:
            out.comment = " ".join(tags.comment.split())
        # In blocks: libsndfile's Vorbis encoder crashes (SIGSEGV) on one large write
        for start in range(0, len(samples), BLOCK_FRAMES):
            out.write(samples[start : start + BLOCK_FRAMES])


def _resampled(samples: np.ndarray, rate: int, wanted: int) -> np.ndarray:
    """Linear interpolation to ``wanted`` Hz: enough for speech and chimes going up in rate
    (22.05 -> 24 kHz adds no content to filter away)."""
    count = int(len(samples) * wanted / rate)
    positions = np.arange(count) * (rate / wanted)
    resampled = np.interp(positions, np.arange(len(samples)), samples.astype(np.float64))
    clipped: np.ndarray = np.clip(np.round(resampled), -32768, 32767).astype("<i2")
    return clipped
