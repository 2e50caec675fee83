"""Playing a session: driver, player view, narration, speech process and sound."""
