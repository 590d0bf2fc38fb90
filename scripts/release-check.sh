#!/usr/bin/env bash
# Checks a release archive where no Swift toolchain can be seen: unpacks it into an empty folder and,
# in a mount namespace with an empty folder over the toolchain's directory (and LD_LIBRARY_PATH
# cleared), runs --version, list, validate of a body, and serve answering a request.
#   scripts/release-check.sh dist/vidu-catalog-VERSION-linux-x86_64.tar.gz
set -euo pipefail
archive=$(realpath "${1:?the archive to check}")
toolchain=$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/unpacked" "$work/empty" "$work/home"
tar -C "$work/unpacked" -xzf "$archive"
root=$(echo "$work"/unpacked/vidu-catalog-*)
for file in bin/vidu-catalog share/man/man1/vidu-catalog.1 share/man/man1/vidu-catalog.serve.1 \
    share/bash-completion/completions/vidu-catalog share/zsh/site-functions/_vidu-catalog \
    share/fish/vendor_completions.d/vidu-catalog.fish lib/systemd/system/vidu-catalog-serve.service \
    lib/systemd/system/vidu-catalog-sync.timer lib/systemd/system/vidu-catalog-sync.service README.md; do
    [ -s "$root/$file" ] || { echo "release-check: $file is missing or empty" >&2; exit 1; }
done
echo "release-check: toolchain at $toolchain hidden; running from $root" >&2
unshare --mount --propagation private env -i PATH=/usr/bin:/bin HOME="$work/home" \
    ROOT="$root" WORK="$work" TOOLCHAIN="$toolchain" bash -euo pipefail -c '
    mount --bind "$WORK/empty" "$TOOLCHAIN"
    [ -z "$(ls -A "$TOOLCHAIN")" ] || { echo "release-check: the toolchain is still visible" >&2; exit 1; }
    ! command -v swift >/dev/null || { echo "release-check: swift is still on the PATH" >&2; exit 1; }
    cd "$WORK"
    bin="$ROOT/bin/vidu-catalog"
    "$bin" --version
    export VIDU_CATALOG_DB="$WORK/catalog.sqlite"
    "$bin" list --aspect-ratio 9:16 --limit 3
    echo "{\"model\":\"vidu/template\",\"input\":{\"template\":\"hugging\",\"images\":[\"https://a.example/1.png\",\"https://a.example/2.png\"]}}" >body.json
    "$bin" validate body.json
    "$bin" serve --port 0 2>serve.log &
    server=$!
    port=""
    for _ in $(seq 1 100); do
        port=$(grep -o "on http://127.0.0.1:[0-9]*" serve.log | grep -o "[0-9]*$" || true)
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { cat serve.log >&2; echo "release-check: serve did not start" >&2; exit 1; }
    answer=$(bash -c "exec 3<>/dev/tcp/127.0.0.1/$port; printf \"GET /v1/templates/hugging HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n\" >&3; cat <&3")
    kill "$server"
    wait "$server" || true
    echo "$answer" | head -1 | grep -q "200 OK" || { echo "$answer" | head -5 >&2; echo "release-check: serve did not answer" >&2; exit 1; }
    echo "release-check: serve answered $(echo "$answer" | head -1 | tr -d "\r")"
'
echo "release-check: the release runs without the Swift toolchain" >&2
