"""Qt services without widgets: the session driver, narrator, sounds and tracing."""
