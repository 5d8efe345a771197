#!/usr/bin/env bash
# Install the system packages the edition needs: Debian chromium (browser tests),
# poppler-utils (pdftotext, pdffonts, pdftoppm), the PT fonts (ParaType, SIL OFL: the PDFs'
# type, every Kazakh letter) and DejaVu fonts behind them, Pango (WeasyPrint lays out the PDFs
# with it), the Kazakh and Russian Hunspell dictionaries (the proofreading worklist) and
# nodejs (runs the search's JavaScript stemmer in tests/test_search_stemmer.py) with npm (installs
# the self-hosted fonts and axe-core from package-lock.json: `make setup`), and jing (a second
# RELAX NG validator the tests cross-check the TEI files with, tests/export/test_tei.py).
# Does nothing when everything is present. On a machine without apt, says what to install.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
fc-list 2>/dev/null | grep -q "DejaVuSerif.ttf" || missing+=(fonts-dejavu-core)
fc-list 2>/dev/null | grep -q "DejaVuSerif-Italic" || missing+=(fonts-dejavu-extra)
fc-list 2>/dev/null | grep -q "PT Serif:style=Regular" || missing+=(fonts-paratype)
ldconfig -p 2>/dev/null | grep -q "libpango-1.0" || missing+=(libpango-1.0-0)
[ -f /usr/share/hunspell/kk_KZ.dic ] || missing+=(hunspell-kk)
[ -f /usr/share/hunspell/ru_RU.dic ] || missing+=(hunspell-ru)
command -v jing >/dev/null 2>&1 || missing+=(jing)
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0" || missing+=(libpangoft2-1.0-0)

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
  echo "  Chromium (as /usr/bin/chromium), poppler-utils, DejaVu and PT (ParaType) fonts, Pango, Hunspell kk and ru dictionaries, Node.js with npm, jing: ${missing[*]}" >&2
  exit 1
fi
