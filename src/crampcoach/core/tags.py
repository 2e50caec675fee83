"""The library's groups: the tags a routine can carry to be listed under one, and their
names. Kept apart from the routine models (pydantic) so the window can name its group
buttons before those load."""

from __future__ import annotations

LIBRARY_TAGS = ("pre-workout", "post-workout", "bedtime", "cramp-relief", "breathing", "relaxation")
TAG_LABELS = dict(  # the library's group buttons, and the builder's checkboxes
    zip(
        LIBRARY_TAGS,
        ("Before a workout", "After a workout", "Bedtime", "Cramp now", "Breathe", "Relax"),
        strict=True,
    )
)
