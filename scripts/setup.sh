#!/usr/bin/env bash
# One-command install: a virtual environment in .venv with the app and its test tools, plus Debian's Chromium
# for the browser tests (installed when missing and we are root; otherwise we say how).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[dev]"

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "NOTE: browser tests need Debian's Chromium at /usr/bin/chromium: sudo apt-get install -y chromium" >&2
  fi
fi
echo "Installed. Run the app: .venv/bin/python app.py   Run the tests: .venv/bin/python -m pytest"
