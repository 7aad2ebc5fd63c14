#!/usr/bin/env bash
# npm test: everything it needs, then every test. The last line is the totals: "N passed, M failed".
# Test infrastructure is kept apart from `npm start`'s: its own Kafka broker (fresh each run),
# databases (tellonce_test_*), Redis db and ports, so both can run on one machine.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-deps.sh
source scripts/test-env.sh
mkdir -p test-artifacts
rm -f test-artifacts/*.json

passed=0
failed=0
check() { # name, command...
  local name=$1; shift
  echo "=== $name"
  if "$@"; then passed=$((passed + 1)); echo "--- $name: ok"; else failed=$((failed + 1)); echo "--- $name: FAILED"; fi
}
jest_suite() { # name, config, extra args...
  local name=$1 config=$2; shift 2
  echo "=== $name tests"
  npx jest -c "$config" --json --outputFile="test-artifacts/jest-$name.json" "$@"
  local rc=$?
  if [ -f "test-artifacts/jest-$name.json" ]; then
    read -r p f < <(node -e "const r=require('./test-artifacts/jest-$name.json'); console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites||0))")
    passed=$((passed + p)); failed=$((failed + f))
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi
  else
    failed=$((failed + 1))
  fi
}

# Browser tests drive Debian's Chromium (playwright-core, no downloaded browser).
if ! command -v chromium >/dev/null 2>&1; then
  echo "[test] installing Debian's chromium for the browser tests"
  (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1 || echo "[test] could not install chromium; browser tests will fail"
fi

cleanup() { node scripts/infra.js down >/dev/null 2>&1 || true; }
trap cleanup EXIT

if ! node scripts/infra.js up --fresh; then
  echo "infrastructure could not start"
  echo "0 passed, 1 failed"
  exit 1
fi
check "typecheck and build" npx tsc -p tsconfig.build.json
check "console typecheck and build" bash -c "npx tsc -p apps/console/tsconfig.json && npm run build:console --silent"
NX_DAEMON=false npx nx show projects >/dev/null 2>&1 || true  # fresh project graph for the boundary rule
check "lint (incl. module boundaries)" npx eslint --max-warnings=0 apps libs bench test scripts
jest_suite unit jest.unit.config.js
jest_suite integration jest.integration.config.js --runInBand
jest_suite e2e jest.e2e.config.js --runInBand

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
