#!/usr/bin/env bash
# The release that runs without a Swift toolchain: builds vidu-catalog in release with the Swift
# standard library and Foundation linked statically (only the system's libc, libstdc++, libsqlite3
# and zlib stay dynamic), and writes dist/vidu-catalog-VERSION-linux-x86_64.tar.gz holding
#   bin/vidu-catalog                     (stripped)
#   share/man/man1/*.1                   (swift-argument-parser's generate-manual plugin)
#   share/bash-completion/completions/vidu-catalog, share/zsh/site-functions/_vidu-catalog,
#   share/fish/vendor_completions.d/vidu-catalog.fish
#   lib/systemd/system/                  (serve; a timer and a service for one-shot sync)
#   README.md, LICENSE-like notes: none; the README is the documentation
#   scripts/package.sh [OUTPUT-DIR]      # default dist/
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-dist}")
mkdir -p "$out"

echo "package: man pages (generate-manual plugin; builds the package's products in release)" >&2
swift package --disable-sandbox generate-manual --multi-page >/dev/null
manual=$(find .build/plugins -type d -path '*GenerateManual*/outputs/vidu-catalog' | head -1)
[ -n "$manual" ] && ls "$manual"/*.1 >/dev/null || { echo "package: no man pages were generated" >&2; exit 1; }

echo "package: release build with the standard library linked statically" >&2
swift build -c release --product vidu-catalog --static-swift-stdlib
binary=.build/release/vidu-catalog
if ldd "$binary" | grep -q 'libswift\|libFoundation'; then
    echo "package: the binary still links a Swift library dynamically" >&2
    ldd "$binary" >&2
    exit 1
fi
version=$("$binary" --version | cut -d' ' -f1)
name="vidu-catalog-$version-linux-x86_64"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
mkdir -p "$root/bin" "$root/share/man/man1" "$root/share/bash-completion/completions" \
    "$root/share/zsh/site-functions" "$root/share/fish/vendor_completions.d" "$root/lib/systemd/system"
strip -o "$root/bin/vidu-catalog" "$binary"
cp "$manual"/*.1 "$root/share/man/man1/"
"$binary" --generate-completion-script bash >"$root/share/bash-completion/completions/vidu-catalog"
"$binary" --generate-completion-script zsh >"$root/share/zsh/site-functions/_vidu-catalog"
"$binary" --generate-completion-script fish >"$root/share/fish/vendor_completions.d/vidu-catalog.fish"
cp Packaging/systemd/*.service Packaging/systemd/*.timer "$root/lib/systemd/system/"
cp README.md "$root/"
tar -C "$stage" -czf "$out/$name.tar.gz" "$name"
echo "$out/$name.tar.gz"
