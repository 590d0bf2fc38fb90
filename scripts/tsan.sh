#!/usr/bin/env bash
# Runs the library's and the server's tests under ThreadSanitizer, in a build of its own
# (.build-tsan): the parallel map, the staged page queue between a sync's fetching tasks and its
# writer thread, the served-catalog swap and the periodic sync all run there. Any data race fails it,
# and so does any failing test. One test is left out: it measures how fast a refused connection fails,
# which a sanitized build under the whole suite's load cannot tell (the ordinary test run has it). So
# are three suites that only compare one thread's results in bulk (suggestions against the ranking
# they replace, the finding-code set, report bytes): ten times slower under the sanitizer, they held
# up the concurrent tests for minutes, and they share no state between threads.
#   scripts/tsan.sh
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --build-tests --sanitize=thread --scratch-path .build-tsan
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
TSAN_OPTIONS="halt_on_error=0 exitcode=66" swift test --sanitize=thread --scratch-path .build-tsan --skip-build \
    --filter 'ViduCatalogCoreTests|ViduCatalogTests|ViduCatalogServerTests' --skip aRefusedConnectionFailsAtOnceNotAfterTheConnectTimeout \
    --skip 'SuggestionIndexTests|FindingCodeSetTests|ValidationReportJSONTests' \
    >"$log" 2>&1 || status=$?
grep -E '^(✔|✘) Test run with|ThreadSanitizer' "$log" || true
if grep -q 'WARNING: ThreadSanitizer' "$log"; then
    grep -A30 'WARNING: ThreadSanitizer' "$log" | head -120 >&2
    echo "tsan.sh: ThreadSanitizer reported a data race" >&2
    exit 1
fi
if [ "$status" -ne 0 ]; then
    grep -E '✘' "$log" | head -40 >&2
    echo "tsan.sh: the tests failed under ThreadSanitizer (exit $status)" >&2
    exit "$status"
fi
