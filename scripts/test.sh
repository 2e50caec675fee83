#!/usr/bin/env bash
# Set up (if needed) and run every check: lint, architecture contract, types, tests.
# Extra arguments go to pytest, e.g. scripts/test.sh -k timeline
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export QT_QPA_PLATFORM=offscreen
bin=.venv/bin
echo "== ruff";        $bin/ruff check src tests benchmarks
echo "== ruff format"; $bin/ruff format --check src tests benchmarks
echo "== import-linter"; $bin/lint-imports
echo "== mypy";        $bin/mypy src/crampcoach/core
echo "== pytest";      $bin/python -m pytest "$@"
