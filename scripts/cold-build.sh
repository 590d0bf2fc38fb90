#!/usr/bin/env bash
# Times a cold debug build of a throwaway package that depends on one product of this package by path,
# from an empty build folder: what an app embedding vidu-catalog waits for the first time.
#   scripts/cold-build.sh [ViduCatalogCore|ViduCatalog]...     (default: both)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
products=("$@")
[ ${#products[@]} -eq 0 ] && products=(ViduCatalogCore ViduCatalog)
for product in "${products[@]}"; do
    case "$product" in
    ViduCatalogCore) import=ViduCatalogCore ;;
    ViduCatalog) import=ViduCatalog ;;
    *) echo "cold-build.sh: the product is ViduCatalogCore or ViduCatalog, not '$product'" >&2; exit 64 ;;
    esac
    work=$(mktemp -d)
    mkdir -p "$work/Sources/App"
    cat >"$work/Package.swift" <<SWIFT
// swift-tools-version:6.1
import PackageDescription
let package = Package(
    name: "App",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "vidu-catalog", path: "$root")],
    targets: [.executableTarget(name: "App", dependencies: [.product(name: "$product", package: "vidu-catalog")])]
)
SWIFT
    cat >"$work/Sources/App/main.swift" <<SWIFT
import $import

let catalog = ValidationCatalog(
    snapshot: BundledData.sampleSnapshot(), rules: BundledData.parameterRules(),
    context: .init(catalogHash: "sample", loadedAt: nil, source: "the bundled sample"))
let body = #"{"model":"vidu/template","input":{"template":"Easter_cute_pets","images":["https://a.example/1.png"]}}"#
print(RequestValidator(catalog: catalog).validate(bytes: Array(body.utf8)).verdict)
SWIFT
    (cd "$work" && swift package resolve >/dev/null 2>&1)
    start=$(date +%s.%N)
    (cd "$work" && swift build >/dev/null)
    end=$(date +%s.%N)
    verdict=$("$work/.build/debug/App")
    modules=$(find "$work/.build/debug/Modules" -name '*.swiftmodule' 2>/dev/null | wc -l)
    printf '%s: cold debug build %.0f s (%s Swift modules built), the app prints %s\n' \
        "$product" "$(awk "BEGIN {print $end - $start}")" "$modules" "$verdict"
    rm -rf "$work"
done
