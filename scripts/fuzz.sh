#!/usr/bin/env bash
# Fuzzes the validator's byte entry point with libFuzzer (swiftc -sanitize=fuzzer,address) for
# SECONDS (default 60), starting from the seed corpus in Tests/Fuzz/corpus. Exits non-zero on any
# crash, leak or out-of-bounds read, leaving the input as .build/fuzz/crash-*.
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
export VIDU_CATALOG_FUZZ=1
swift build --scratch-path .build/fuzz --product vidu-catalog-fuzz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# New inputs go to a scratch corpus; the seeds in the repository stay as they are.
SWIFT_BACKTRACE=enable=no .build/fuzz/debug/vidu-catalog-fuzz \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
    -artifact_prefix=.build/fuzz/ -print_final_stats=1 "$work" Tests/Fuzz/corpus
