#!/usr/bin/env bash
# Builds the archive to upload into Cognigy.AI (Manage > Extensions > Upload) and shows it working:
# <name>-<version>.tgz at the repo root with build/, package.json, package-lock.json (declaring no
# dependencies: the bundle has them all), README.md (the bot builder's: docs/extension-readme.md, what
# Cognigy shows), icon.png and LICENSE at the archive root, then
# loads it from an empty folder with no node_modules.
set -euo pipefail
cd "$(dirname "$0")"

bash scripts/ensure-deps.sh

node scripts/bundle.js

name=$(node -p 'require("./package.json").name')
version=$(node -p 'require("./package.json").version')
archive="${name}-${version}.tgz"

stage=$(mktemp -d)
check=$(mktemp -d)
trap 'rm -rf "$stage" "$check"' EXIT
cp -R build icon.png LICENSE "$stage/"
cp docs/extension-readme.md "$stage/README.md"
node scripts/package-manifest.js "$stage"
# Fixed order, owner and times: the same sources give the same archive bytes.
tar --sort=name --mtime='2020-01-01 00:00Z' --owner=0 --group=0 --numeric-owner \
  -C "$stage" -cf - build package.json package-lock.json README.md icon.png LICENSE | gzip -n -9 > "$archive"

tar -xzf "$archive" -C "$check"
node scripts/show-package.js "$check" "$archive"
