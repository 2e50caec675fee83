"""CrampCoach: guided stretching, breathing and relaxation sessions against leg cramps."""

__version__ = "0.1.0"
