"""The safety texts, in one place: every window, page, command and routine says them the same
way, with the same urgency.

Routines are YAML files and cannot import these, so the built-in routines quote them word
for word; ``tests/core/test_routine_content.py`` checks that they do.

Sources for the advice: NHS "Leg cramps" (nhs.uk): ask for an urgent appointment if a
cramp lasts longer than 10 minutes; see a GP for swelling, numbness or weakness; a swollen,
warm, red and painful leg can be a blood clot (NHS "Deep vein thrombosis": get help the same
day).
"""

from __future__ import annotations

DISCLAIMER = "CrampCoach gives general wellness guidance, not medical advice."

# The red flags, wherever they are listed: Learn, the diary, the player's summary after a
# cramp-relief guide, routine descriptions and endings, the About box.
RED_FLAGS = (
    "If a cramp comes with swelling, warmth or redness of the leg, pain that does not go "
    "away, or muscle weakness, get medical help today. If cramps keep coming back despite "
    "stretching, see a health professional."
)

# Said first by every cramp-relief guide, before any stretch or massage: one calm line, and
# a short one (6.2 s at 175 words a minute), so the stretch itself comes quickly.
CHECK_FIRST = (
    "If the leg is swollen, warm or red, or the pain won't stop, don't stretch it: "
    "get medical help today."
)

LONG_CRAMP_MINUTES = 10
# Said by every cramp-relief guide; the diary adds it to a cramp logged as lasting longer.
LONG_CRAMP = (
    "A cramp that lasts more than 10 minutes and does not ease needs urgent medical advice."
)

# How every cramp-relief guide ends.
NOT_EASED = "If the cramp has not eased, stretch gently again and keep the leg warm. " + LONG_CRAMP

# The diary's note for a logged "new medication" trigger.
NEW_MEDICATION = (
    "Cramps that start with a new medicine are worth mentioning to whoever prescribed it; "
    "do not stop a medicine on your own."
)
