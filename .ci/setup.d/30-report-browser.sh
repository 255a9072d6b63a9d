#!/usr/bin/env bash
# The HTML report's browser tests: Debian's Chromium, and playwright-core (npm) to drive it. npm is needed for
# these tests only (the build itself needs nothing but the .NET SDK); Debian's is installed where missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if [ ! -d tests/browser/node_modules/playwright-core ] || [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error >/dev/null
fi
