#!/usr/bin/env bash
# Load benchmark of `vidu-catalog serve` with wrk on loopback (wrk from Debian, installed when
# missing): POST /v1/validate with a realistic body, and the list endpoint gzipped (as HTTP clients
# and our own sync ask for it), as is, and revalidated with If-None-Match. wrk and the server share
# this machine's cores.
#   scripts/bench-serve.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
connections=${2:-64}
if ! command -v wrk >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk
fi
swift build -c release --product vidu-catalog
cli=.build/release/vidu-catalog
work=$(mktemp -d)
serve_pid=""
trap '[ -n "$serve_pid" ] && kill "$serve_pid" 2>/dev/null; rm -rf "$work"' EXIT

"$cli" export --db "$work/seed.sqlite" > "$work/sample.json" 2>/dev/null
"$cli" import --db "$work/catalog.sqlite" "$work/sample.json" > /dev/null
LOG_LEVEL=warning "$cli" serve --db "$work/catalog.sqlite" --port 0 2> "$work/serve.log" &
serve_pid=$!
for _ in $(seq 100); do grep -q "on http://127.0.0.1:" "$work/serve.log" && break; sleep 0.1; done
port=$(sed -n 's/.*on http:\/\/127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/serve.log" | head -1)
base="http://127.0.0.1:$port"

# A realistic body: two images (one a 1 KB data URI), a prompt, options, a callback.
image=$(head -c 768 /dev/urandom | base64 -w0)
cat > "$work/validate.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"vidu/template","callback_url":"https://hooks.example.com/crun/42","input":{"template":"Valentine_rose_rain","images":["https://static.crunai.com/u/9b4262e8-4051-4ae8-abf8-e8d8955a948c.png","data:image/jpeg;base64,$image"],"aspect_ratio":"9:16","resolution":"1080p","duration":4,"seed":12345,"bgm":true}}'
LUA
curl -s -X POST --data-binary @<(sed -n "s/^wrk.body = '\(.*\)'$/\1/p" "$work/validate.lua") "$base/v1/validate" | head -c 200; echo

run() {
    local name=$1; shift
    echo "== $name"
    wrk -t2 -c"$connections" -d"${seconds}s" --latency "$@" | tee "$work/out" | grep -E "Requests/sec|99%|Non-2xx|Socket errors" || true
}
run "POST /v1/validate" -s "$work/validate.lua" "$base/v1/validate"
page="$base/api/v1/client/job/vidu-templates?page=1&page_size=50"
run "GET list page, gzip" -H "Accept-Encoding: gzip" "$page"
run "GET list page, identity" "$page"
etag=$(curl -s -D - -o /dev/null -H "Accept-Encoding: gzip" "$page" | sed -n 's/^[Ee][Tt][Aa][Gg]: \(.*\)\r$/\1/p')
run "GET list page, gzip, If-None-Match (304)" -H "Accept-Encoding: gzip" -H "If-None-Match: $etag" "$page"
