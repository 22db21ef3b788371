#!/usr/bin/env bash
# Builds the archive to upload into Cognigy.AI (Manage > Extensions > Upload) and shows it working:
# <name>-<version>.tgz at the repo root with build/, package.json, package-lock.json, README.md and
# icon.png at the archive root, then loads it from an empty folder with no node_modules.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -d node_modules ]; then
  echo "build: installing dependencies from package-lock.json (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

node scripts/bundle.js

name=$(node -p 'require("./package.json").name')
version=$(node -p 'require("./package.json").version')
archive="${name}-${version}.tgz"

stage=$(mktemp -d)
check=$(mktemp -d)
trap 'rm -rf "$stage" "$check"' EXIT
cp -R build package.json package-lock.json README.md icon.png "$stage/"
# Fixed order, owner and times: the same sources give the same archive bytes.
tar --sort=name --mtime='2020-01-01 00:00Z' --owner=0 --group=0 --numeric-owner \
  -C "$stage" -cf - build package.json package-lock.json README.md icon.png | gzip -n -9 > "$archive"

tar -xzf "$archive" -C "$check"
node scripts/show-package.js "$check" "$archive"
