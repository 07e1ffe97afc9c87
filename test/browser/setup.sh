#!/usr/bin/env bash
# Find or install a headless browser for test/browser (Debian's chromium), the way
# test/conformance/setup.sh installs the kernel source: apt-get when missing (test/apt-install.sh).
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
. "$(dirname "${BASH_SOURCE[0]}")/../apt-install.sh"
apt_install chromium || exit 3
find_browser || { say "SKIP: chromium installed but not on PATH"; exit 3; }
