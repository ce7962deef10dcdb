#!/usr/bin/env bash
# npm test: unit + integration tests (vitest), then the built renderer end to end in Chromium (Playwright),
# then one closing line "N passed, N failed" summing both runners (what CI reads).
set -u
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/vitest.json test-results/pw.json

npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
vitest_rc=$?

npx electron-vite build >/dev/null && \
  PLAYWRIGHT_JSON_OUTPUT_FILE=test-results/pw.json npx playwright test --reporter=list,json
pw_rc=$?

node scripts/summarize-tests.mjs test-results/vitest.json test-results/pw.json
summary_rc=$?
[ $vitest_rc -eq 0 ] && [ $pw_rc -eq 0 ] && [ $summary_rc -eq 0 ]
