"""Share a routine: export it as one ``.yaml`` file, import one (a file dialog, or dropped on
the window), with a choice when its id is taken. The work is ``core/sharing.py``'s."""
