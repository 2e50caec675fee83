"""The safety texts, in one place: every window, page and command says them the same way."""

from __future__ import annotations

DISCLAIMER = "CrampCoach gives general wellness guidance, not medical advice."

RED_FLAGS = (
    "If cramps keep coming back despite stretching, or come with swelling, redness or "
    "muscle weakness, please see a health professional."
)
