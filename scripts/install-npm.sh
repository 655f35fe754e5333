#!/usr/bin/env bash
# Installs the npm packages the browser tests use (package-lock.json pins them), if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=node_modules/.package-lock.json
if [ -f "$stamp" ] && [ "$stamp" -nt package-lock.json ]; then
  exit 0
fi
echo "install-npm: npm ci"
npm ci --no-audit --no-fund --loglevel=error
