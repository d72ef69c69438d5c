#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium for the web view's browser tests (sdk-exporters'
# *BrowserTest), unless it is already there. Idempotent; needs root (or sudo) and apt the first time.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Chromium is missing and this machine has no apt-get: install chromium so that /usr/bin/chromium exists" >&2
  echo "(the web view's browser tests need it)." >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "Installing Debian's chromium for the web view's browser tests"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
test -x /usr/bin/chromium
