#!/usr/bin/env bash
# Installs from package-lock.json when node_modules is missing or older than package.json or the lock
# file (after a pull that changed them), and otherwise does nothing: ./build.sh and `npm test` both
# call it, so neither reinstalls what the other just installed, and neither builds with stale packages.
# npm writes node_modules/.package-lock.json at every install; its age is the install's age.
set -euo pipefail
cd "$(dirname "$0")/.."
installed=node_modules/.package-lock.json
if [ ! -f "$installed" ] || [ package-lock.json -nt "$installed" ] || [ package.json -nt "$installed" ]; then
  echo "installing dependencies from package-lock.json (npm ci)"
  npm ci --no-audit --no-fund --loglevel=warn
fi
