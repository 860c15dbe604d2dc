#!/usr/bin/env bash
# Install everything the tests need on a fresh Debian/Ubuntu machine, then run them.
#   bash scripts/test.sh            # all tests
#   bash scripts/test.sh -k viz     # extra arguments go to pytest
set -euo pipefail
cd "$(dirname "$0")/.."

# System packages: Chromium for the view's browser tests, a CJK font so Chinese labels
# render in screenshots, Graphviz (sfdp) for the large-graph layout.
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v sfdp >/dev/null 2>&1 || need+=(graphviz)
fc-list 2>/dev/null | grep -qi "noto.*cjk" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

# Python packages, pinned in pyproject.toml, in the project's own virtual environment.
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e '.[test]'

exec .venv/bin/python -m pytest "$@"
