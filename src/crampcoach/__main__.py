"""Allow ``python -m crampcoach``."""

from crampcoach.cli import main

raise SystemExit(main())
