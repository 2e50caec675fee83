"""The cramp diary, session history and Progress on the desktop."""
