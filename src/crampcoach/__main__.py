"""Allow ``python -m crampcoach``."""

from crampcoach.cli.main import main

if __name__ == "__main__":  # not when the speech process (spawn) imports this module
    raise SystemExit(main())
