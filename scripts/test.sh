#!/usr/bin/env bash
# Set up (if needed) and run every check: lint, architecture contract, types, tests.
# Extra arguments go to pytest, e.g. scripts/test.sh -k timeline
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export QT_QPA_PLATFORM=offscreen
bin=.venv/bin

# A PulseAudio server with a null sink, so the audio test really plays and records sound.
if [ -z "${XDG_RUNTIME_DIR:-}" ] || [ ! -w "${XDG_RUNTIME_DIR:-/nonexistent}" ]; then
  export XDG_RUNTIME_DIR; XDG_RUNTIME_DIR=$(mktemp -d /tmp/crampcoach-runtime.XXXXXX)
  chmod 700 "$XDG_RUNTIME_DIR"
fi
# A sound server already running (a desktop session) is left alone: the test then skips.
if command -v pulseaudio >/dev/null && ! pactl info >/dev/null 2>&1; then
  pulseaudio --daemonize=yes --exit-idle-time=-1 -n \
    --load="module-null-sink sink_name=null" --load=module-native-protocol-unix \
    >/dev/null 2>&1 || echo "note: could not start PulseAudio; the audio test will skip"
  for _ in 1 2 3 4 5 6 7 8 9 10; do pactl info >/dev/null 2>&1 && break; sleep 0.3; done
  pactl set-default-sink null 2>/dev/null || true
fi
[ "${CI:-}" = true ] && export CRAMPCOACH_REQUIRE_AUDIO=1 CRAMPCOACH_REQUIRE_TRAY=1  # CI skips neither

echo "== ruff";        $bin/ruff check src tests benchmarks scripts
echo "== ruff format"; $bin/ruff format --check src tests benchmarks scripts
echo "== mypy";        $bin/mypy src  # strict on crampcoach.core (pyproject.toml)
echo "== pytest";      $bin/python -m pytest "$@"
