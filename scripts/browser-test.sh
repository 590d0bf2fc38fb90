#!/usr/bin/env bash
# The gallery in a real browser: installs Chromium and its driver (Debian) and Selenium (.venv), starts
# two `vidu-catalog serve` (release build) on the bundled sample plus one hostile template, one of them
# behind a serve key, and runs Tests/Browser/test_gallery.py against them, then Tests/Feeds/test_feeds.py
# (the change feeds, read by feedparser) against the first.
#   scripts/browser-test.sh [--screenshots DIR]   # DIR: save the README's screenshots there
set -euo pipefail
cd "$(dirname "$0")/.."
screenshots=""
if [ "${1:-}" = "--screenshots" ]; then screenshots=$(realpath "${2:?--screenshots needs a folder}"); fi

missing=()
for package in chromium chromium-driver; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
if [ ${#missing[@]} -gt 0 ]; then
    echo "browser-test: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
bash scripts/python-env.sh

source scripts/start-serve.sh
export VIDU_CATALOG_DB="$work/catalog.sqlite"
# The sample as serve creates it (the bundled snapshot), then one template full of hostile strings.
"$binary" status >/dev/null
"$binary" import Tests/Browser/hostile-template.json >/dev/null
start_serve "$work/serve.log"
open_server=$server
open_port=$port
key="browser-serve-key-$RANDOM$RANDOM"
VIDU_CATALOG_SERVE_KEY="$key" start_serve "$work/serve-keyed.log"
trap 'kill "$open_server" 2>/dev/null || true; cleanup' EXIT

GALLERY_URL="http://127.0.0.1:$open_port" GALLERY_KEYED_URL="http://127.0.0.1:$port" GALLERY_KEY="$key" \
    SCREENSHOTS="$screenshots" .venv/bin/python Tests/Browser/test_gallery.py
# The change feeds of the same server, read by feedparser.
GALLERY_URL="http://127.0.0.1:$open_port" .venv/bin/python Tests/Feeds/test_feeds.py
