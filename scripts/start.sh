#!/usr/bin/env bash
# npm start: everything up on a fresh clone of this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
echo "[start] building"
npx tsc -p tsconfig.build.json
if [ -f apps/console/package.json ] || [ -f apps/console/vite.config.ts ]; then npm run build:console --silent; fi
exec node scripts/start.js
