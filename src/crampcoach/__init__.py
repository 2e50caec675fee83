"""CrampCoach: guided stretching, breathing and relaxation sessions against leg cramps."""

import os

# Pydantic looks for plugins by scanning every installed distribution's entry points when
# the first model is built: about 0.1 s of start-up for plugins we never use.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

__version__ = "0.1.0"
