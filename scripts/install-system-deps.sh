#!/usr/bin/env bash
# Install the system packages the edition needs: Debian chromium (browser tests, PDFs),
# poppler-utils (pdftotext, pdffonts, pdftoppm), DejaVu fonts (Kazakh letters in print) and
# nodejs (runs the search's JavaScript stemmer in tests/test_search_stemmer.py) with npm (installs
# the self-hosted fonts and axe-core from package-lock.json: `make setup`).
# Does nothing when everything is present. On a machine without apt, says what to install.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
fc-list 2>/dev/null | grep -q "DejaVuSerif.ttf" || missing+=(fonts-dejavu-core)
fc-list 2>/dev/null | grep -q "DejaVuSerif-Italic" || missing+=(fonts-dejavu-extra)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-system-deps: installing ${missing[*]}" >&2
if command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
  elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "install-system-deps: need root or sudo to run: apt-get install ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" fontconfig >/dev/null
else
  echo "install-system-deps: no apt-get here. Install these yourself:" >&2
  echo "  Chromium (as /usr/bin/chromium), poppler-utils, DejaVu fonts, Node.js with npm: ${missing[*]}" >&2
  exit 1
fi
