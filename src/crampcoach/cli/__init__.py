"""The ``crampcoach`` command: one module per command family, one set of exit codes."""
