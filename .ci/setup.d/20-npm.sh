#!/usr/bin/env bash
# The build fetches ONNX Runtime and libvips from the npm registry itself (build/NpmPackages.targets);
# it needs npm and tar. Both are usually present; install Debian's when they are not.
set -euo pipefail
missing=()
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v tar >/dev/null 2>&1 || missing+=(tar)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi
