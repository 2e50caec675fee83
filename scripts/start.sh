#!/usr/bin/env bash
# Set up (if needed) and start CrampCoach. Arguments go to the `crampcoach` command.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh app
exec .venv/bin/crampcoach "$@"
