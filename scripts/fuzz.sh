#!/usr/bin/env bash
# The full fuzz run of the routine loader: 7,000 cases per strategy (21,000 in all) plus the
# named hard cases; prints the case count and the slowest case. CI runs 300 per strategy.
set -euo pipefail
cd "$(dirname "$0")/.."
report=$(mktemp)
CRAMPCOACH_FUZZ_EXAMPLES="${CRAMPCOACH_FUZZ_EXAMPLES:-7000}" CRAMPCOACH_FUZZ_REPORT="$report" \
  QT_QPA_PLATFORM=offscreen .venv/bin/python -m pytest -q tests/fuzz "$@"
echo "fuzz figures: $(cat "$report")"
rm -f "$report"
