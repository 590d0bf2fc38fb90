#!/usr/bin/env bash
# Fuzzes with libFuzzer (swiftc -sanitize=fuzzer,address) for SECONDS (default 60) one of two targets:
#   validator  the validator's byte entry point, seeds in Tests/Fuzz/corpus
#   page       one list page through a sync's decoder, checks and diff, seeds in Tests/Fuzz/page-corpus
# Exits non-zero on any crash, leak or out-of-bounds read, leaving the input as .build/fuzz/crash-*.
#   scripts/fuzz.sh [SECONDS] [validator|page]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
target=${2:-validator}
case "$target" in
validator) product=vidu-catalog-fuzz corpus=Tests/Fuzz/corpus ;;
page) product=vidu-catalog-page-fuzz corpus=Tests/Fuzz/page-corpus ;;
*) echo "fuzz.sh: the target is validator or page, not '$target'" >&2; exit 64 ;;
esac
export VIDU_CATALOG_FUZZ=1
swift build --scratch-path .build/fuzz --product "$product"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# New inputs go to a scratch corpus; the seeds in the repository stay as they are.
SWIFT_BACKTRACE=enable=no ".build/fuzz/debug/$product" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=262144 \
    -artifact_prefix=.build/fuzz/ -print_final_stats=1 "$work" "$corpus"
