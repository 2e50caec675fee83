"""Find the files that ship with CrampCoach, from a checkout or an installed wheel.

The wheel maps the top-level ``assets/`` folder to ``crampcoach/assets``; an editable
install or a plain checkout reads it where it stands.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def assets_dir() -> Path:
    packaged = Path(str(resources.files("crampcoach"))) / "assets"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "assets"


def builtin_routines_dir() -> Path:
    return assets_dir() / "routines"


def audio_dir() -> Path:
    return assets_dir() / "audio"
