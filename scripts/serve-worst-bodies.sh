#!/usr/bin/env bash
# Peak memory of `vidu-catalog serve` (release build) under a burst of the worst validation bodies:
# CONNECTIONS clients at once, each posting REQUESTS bodies of just under 20 MB whose `images` holds
# millions of numbers (a finding each, before the cap). Prints the server's peak resident memory.
#   scripts/serve-worst-bodies.sh [CONNECTIONS] [REQUESTS]
set -euo pipefail
cd "$(dirname "$0")/.."
connections=${1:-16}
requests=${2:-4}
source scripts/start-serve.sh

export VIDU_CATALOG_DB="$work/catalog.sqlite"
"$binary" status >/dev/null 2>&1
start_serve "$work/serve.log"
idle=$(awk '/VmRSS/ {print $2}' "/proc/$server/status")

# Just under the 20 MB limit: about ten million one-digit numbers, each not an image URL.
python3 - "$work/worst.json" <<'PY'
import sys
count = (20 * 1024 * 1024 - 100) // 2
with open(sys.argv[1], "w") as f:
    f.write('{"model":"vidu/template","input":{"template":"hugging","images":[')
    f.write(",".join(["1"] * count))
    f.write("]}}")
PY
size=$(stat -c %s "$work/worst.json")
start=$(date +%s.%N)
for _ in $(seq 1 "$connections"); do
    (for _ in $(seq 1 "$requests"); do
        curl -s -o /dev/null -w '%{http_code}\n' -H 'Content-Type: application/json' \
            --data-binary @"$work/worst.json" "http://127.0.0.1:$port/v1/validate"
    done) >>"$work/statuses" &
done
wait $(jobs -p | grep -v "^$server\$") 2>/dev/null || true
end=$(date +%s.%N)
kill -0 "$server" || { echo "serve died" >&2; exit 1; }
peak=$(awk '/VmHWM/ {print $2}' "/proc/$server/status")
echo "serve-worst-bodies: $((connections * requests)) bodies of $size bytes, $connections at once:" \
    "statuses $(sort "$work/statuses" | uniq -c | tr -s ' ' | tr '\n' ';')" \
    "idle RSS $((idle / 1024)) MB, peak RSS $((peak / 1024)) MB," \
    "$(python3 -c "print(f'{$end - $start:.1f}')") s"
