#!/usr/bin/env bash
# Set up CrampCoach on Debian 12 (or newer): system packages, a virtualenv, the package.
#   scripts/setup.sh          # the app
#   scripts/setup.sh test     # the app plus everything the tests need
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

what=${1:-app}

# Runtime: espeak-ng for speech; libnotify-bin (notify-send) for reminder notifications
# with buttons; tzdata for time zones; the X11/GL libraries Qt's xcb platform plugin needs and a
# fresh Debian 12 lacks (check: ldd .../PySide6/Qt/plugins/platforms/libqxcb.so | grep 'not found').
packages=(
  python3 python3-venv python3-pip
  espeak-ng libespeak-ng1 libnotify-bin tzdata
  libglib2.0-0 libdbus-1-3 libfontconfig1 libfreetype6 libegl1 libgl1 libopengl0
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4
  libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0
  libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 libxrender1 fonts-dejavu-core
)
if [ "$what" = test ]; then
  # Tests: a sound server with a null sink to really play and record audio (pulseaudio,
  # pulseaudio-utils), a virtual screen for real windows and screenshots (xvfb) with a
  # tray for the tray agent (trayer), and
  # pdftotext to read a printed handout back (poppler-utils).
  packages+=(pulseaudio pulseaudio-utils xvfb xauth trayer poppler-utils)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
    echo "setup: please install as root: apt-get install ${missing[*]}" >&2; exit 1
  fi
  echo "setup: installing system packages: ${missing[*]}"
  "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get -o DPkg::Lock::Timeout=300 \
    install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

python=${PYTHON:-}
if [ -z "$python" ]; then
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      python=$candidate; break
    fi
  done
fi
[ -n "$python" ] || { echo "setup: Python 3.11 or newer is needed" >&2; exit 1; }

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($python --version)"
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
extra=""; [ "$what" = test ] && extra="[test]"
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".$extra"

# The app: CrampCoach in the desktop's menu, with an absolute command (not for CI's tests).
if [ "$what" = app ]; then
  .venv/bin/crampcoach install-desktop >/dev/null || echo "setup: could not add CrampCoach to the menu"
fi
