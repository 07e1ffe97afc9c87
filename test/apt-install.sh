# Sourced by test/browser/setup.sh and test/conformance/setup.sh (one way to install what a
# test needs): `apt_install PKG` installs Debian package PKG with apt-get. Returns 0 when it is
# installed, 3 (after a "SKIP: CANNOT INSTALL PKG ..." line through the caller's `say`) when it
# cannot be: not root and no passwordless sudo, no apt-get, or apt-get install failed.
# apt-get update runs only when the package has no install candidate yet.
apt_install() {
  local pkg="$1" sudo="" policy
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      say "SKIP: CANNOT INSTALL $pkg: not root and no passwordless sudo"; return 3; fi
  fi
  if ! command -v apt-get >/dev/null; then say "SKIP: CANNOT INSTALL $pkg: no apt-get on this system"; return 3; fi
  policy="$(apt-cache policy "$pkg" 2>/dev/null || true)"
  if ! grep -q 'Candidate: [0-9]' <<<"$policy"; then
    $sudo apt-get update >&2 || true
  fi
  if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "$pkg" >&2; then
    say "SKIP: CANNOT INSTALL $pkg (apt-get install failed)"; return 3
  fi
}
