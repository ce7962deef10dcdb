#!/usr/bin/env bash
# npm test: builds the app, runs unit + integration tests (vitest, with per-layer coverage floors), then the built renderer end to end in
# Chromium (Playwright), then one closing line "N passed, N failed" summing both runners (what CI reads).
# The build comes first because tests check the built preload and the e2e tests serve the built renderer.
set -u
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/vitest.json test-results/pw.json

npx electron-vite build >/dev/null
build_rc=$?

npx vitest run --coverage --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
vitest_rc=$?
[ -f test-results/coverage/coverage-summary.json ] && node scripts/coverage-by-folder.mjs test-results/coverage/coverage-summary.json

# A Chromium for Playwright: found, or installed, or one sentence saying what to run (then the e2e
# report is missing and the summary counts that as a failure).
if chromium_path=$(node scripts/find-chromium.mjs) && [ $build_rc -eq 0 ]; then
  PLAYWRIGHT_CHROMIUM_EXECUTABLE="$chromium_path" PLAYWRIGHT_JSON_OUTPUT_FILE=test-results/pw.json \
    npx playwright test --reporter=list,json
  pw_rc=$?
else
  pw_rc=1
fi

node scripts/summarize-tests.mjs test-results/vitest.json test-results/pw.json
summary_rc=$?
[ $build_rc -eq 0 ] && [ $vitest_rc -eq 0 ] && [ $pw_rc -eq 0 ] && [ $summary_rc -eq 0 ]
