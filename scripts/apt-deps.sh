#!/usr/bin/env bash
# Installs the Debian packages the kiosk needs and that this machine lacks.
#   scripts/apt-deps.sh run    Qt (offscreen and X11), WebEngine, multimedia, fonts, Xvfb
#   scripts/apt-deps.sh test   all of that, plus PostgreSQL, Chromium and PDF tools for the tests
# Needs root or sudo only when something is missing; says what to do otherwise.
set -euo pipefail

what="${1:-run}"
base=(libegl1 libgl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3 libgssapi-krb5-2
      fonts-dejavu-core fonts-noto-core)
xcb=(xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
     libxcb-randr0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxcb-sync1 libx11-xcb1
     libxkbcommon-x11-0 libgl1-mesa-dri)
webengine=(libnss3 libasound2 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxkbfile1 libgbm1
           libxcb-dri3-0)
media=(libpulse0 libspeechd2)
testing=(postgresql chromium poppler-utils lintian systemd
         xdotool dbus at-spi2-core python3-pyatspi gir1.2-atspi-2.0  # the real-client tests
         gnome-keyring)  # a locked Secret Service (tests/sync/test_locked_keyring.py)

packages=("${base[@]}" "${xcb[@]}" "${webengine[@]}" "${media[@]}")
if [ "$what" = "test" ]; then
  packages+=("${testing[@]}")
fi
if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
  packages+=(python3-venv)
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "apt-deps: not a Debian-like system; install the equivalents of: ${packages[*]}" >&2
  exit 0
fi

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "apt-deps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "apt-deps: these Debian packages are missing: ${missing[*]}" >&2
  echo "apt-deps: install them as root (apt-get install ${missing[*]}) and run this again" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
