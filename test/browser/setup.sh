#!/usr/bin/env bash
# Find or install a headless browser for test/browser (Debian's chromium), the way
# test/conformance/setup.sh installs the kernel source: apt-get when missing.
# Prints the browser's path on stdout. Exit codes: 0 found, 3 no browser can be installed.
# PPCHECK_BROWSER=/path/to/chrome uses that browser.
set -euo pipefail
say() { echo "[browser setup] $*" >&2; }
find_browser() {
  if [ -n "${PPCHECK_BROWSER:-}" ] && [ -x "$PPCHECK_BROWSER" ]; then echo "$PPCHECK_BROWSER"; return 0; fi
  for b in chromium chromium-browser google-chrome-stable google-chrome chrome; do
    if p="$(command -v "$b" 2>/dev/null)"; then echo "$p"; return 0; fi
  done
  return 1
}
if find_browser; then exit 0; fi
say "no chromium found: installing Debian package chromium"
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo -n"; else
    say "SKIP: CANNOT INSTALL chromium: not root and no passwordless sudo"; exit 3; fi
fi
if ! command -v apt-get >/dev/null; then say "SKIP: CANNOT INSTALL chromium: no apt-get on this system"; exit 3; fi
if ! apt-cache policy chromium 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  $SUDO apt-get update >&2 || true
fi
if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium >&2; then
  say "SKIP: CANNOT INSTALL chromium (apt-get install failed)"; exit 3
fi
find_browser || { say "SKIP: chromium installed but not on PATH"; exit 3; }
