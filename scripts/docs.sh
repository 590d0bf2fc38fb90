#!/usr/bin/env bash
# Builds the DocC documentation of each library product with warnings treated as errors (an unresolved
# symbol link, a missing page, a broken image all fail), into .build/docs/<Product>.doccarchive.
#   scripts/docs.sh                        every library
#   scripts/docs.sh --preview PRODUCT      serves one at http://localhost:8080/documentation/<product>
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--preview" ]; then
    exec swift package --disable-sandbox preview-documentation --target "${2:?the product to preview}"
fi
mkdir -p .build/docs
for target in ViduCatalogCore ViduCatalog ViduCatalogServer; do
    swift package --allow-writing-to-directory .build/docs generate-documentation --target "$target" \
        --warnings-as-errors --output-path ".build/docs/$target.doccarchive" --transform-for-static-hosting \
        --hosting-base-path "$target"
    echo "docs.sh: .build/docs/$target.doccarchive"
done
