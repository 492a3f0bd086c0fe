#!/usr/bin/env bash
# Builds the Console into engine/target/classes/console (the engine's Maven build runs this; see engine/pom.xml).
# `npm ci` from the committed lockfile when node_modules is missing or older than the lockfile, then `vite build`.
# `console/build.sh test` runs the front end's unit tests (vitest) instead.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if ! command -v npm >/dev/null 2>&1; then
    echo "console: npm (Node.js 18+) is needed to build the Console; on Debian: apt-get install nodejs npm" >&2
    exit 1
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "console: installing the front end's packages (npm ci, from package-lock.json)" >&2
    npm ci --no-audit --no-fund --loglevel=error >&2
fi
if [ "${1:-build}" = "test" ]; then
    exec npm run --silent test
fi
exec npm run --silent build -- --logLevel warn
