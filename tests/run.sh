#!/usr/bin/env bash
# Install what the tests need (Chromium, its driver, the pinned fonts, poppler's PDF tools and a
# PostgreSQL server for the tests of both store backends included), then run them all.
# Extra arguments go to pytest:  bash tests/run.sh -k http
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
command -v npm >/dev/null 2>&1 || missing+=(npm)
# The README's curl examples are run as written.
command -v curl >/dev/null 2>&1 || missing+=(curl)
# The tests start throwaway PostgreSQL servers from Debian's binaries (unless
# SVGPLOTS_TEST_DATABASE_URL names a server to use).
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
# pdftotext, pdffonts, pdfinfo and pdftoppm read the PDFs back as a viewer would.
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# wrk loads gunicorn in benchmarks/serving.py (which falls back to Python threads without it).
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "Installing ${missing[*]} ..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

python3 -m pip install -q --disable-pip-version-check -r requirements.txt -r tests/requirements.txt
# axe-core, pinned in package-lock.json, into node_modules/ for the accessibility audit; again
# only when the lock file is newer than what npm last installed.
[ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error
# Selenium must use the system Chromium and never download a browser or a driver.
export SE_OFFLINE=true SE_AVOID_STATS=true
# One test process per core this process may run on, at most four (each starts its own PostgreSQL
# server and render workers); SVGPLOTS_TEST_PROCESSES sets another number, 0 runs them in this one.
# Each test file runs whole in one of them, the browser's tests all in one (see tests/conftest.py).
processes=$(nproc)
[ "$processes" -le 4 ] || processes=4
exec python3 -m pytest -n "${SVGPLOTS_TEST_PROCESSES:-$processes}" --dist loadgroup "$@"
