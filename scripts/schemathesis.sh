#!/usr/bin/env bash
# Tests a live `vidu-catalog serve` (release build) against its own OpenAPI document with Schemathesis:
# every check, every phase, EXAMPLES generated cases per operation at most (default 300). Then checks
# the same server process is still alive and answering, prints its peak memory, and stops it.
#   scripts/schemathesis.sh [EXAMPLES]
set -euo pipefail
cd "$(dirname "$0")/.."
examples=${1:-300}
# Its own virtual environment: Schemathesis pins a jsonschema-rs other than the benchmark's (.venv).
requirement="schemathesis==4.32.5"
if [ ! -f ".venv-schemathesis/.$requirement" ]; then
    echo "schemathesis.sh: creating .venv-schemathesis with $requirement" >&2
    python3 -m venv .venv-schemathesis
    .venv-schemathesis/bin/pip install --quiet --disable-pip-version-check "$requirement"
    touch ".venv-schemathesis/.$requirement"
fi
source scripts/start-serve.sh

# A fresh catalog holding the bundled sample, imported now, so /healthz is 200 and nothing is stale.
export VIDU_CATALOG_DB="$work/catalog.sqlite"
"$binary" export --out "$work/sample.json" 2>/dev/null
"$binary" import "$work/sample.json" >/dev/null
key="schemathesis-serve-key-$RANDOM$RANDOM"
VIDU_CATALOG_SERVE_KEY="$key" start_serve "$work/serve.log"

# 422 is /v1/validate's answer for a JSON object that is not a valid CreateTask request: a verdict, not
# a refusal of the request, so it is an accepted answer to schema-valid data there.
cat >"$work/schemathesis.toml" <<'TOML'
[[operations]]
include-path = "/v1/validate"
checks.positive_data_acceptance.expected-statuses = ["200", "422"]
TOML

status=0
# One worker: with two, Hypothesis parses strategy sources in both threads at once, which CPython 3.11's
# AST constructor does not survive ("AST constructor recursion depth mismatch", a runtime error on the
# gallery's many-parameter operation).
(cd "$work" && "$OLDPWD/.venv-schemathesis/bin/schemathesis" run "http://127.0.0.1:$port/openapi.json" \
    -H "x-api-key: $key" --checks all --phases examples,coverage,fuzzing,stateful \
    --max-examples "$examples" --workers 1 --seed 20261204 --no-color --output-truncate true \
    --report junit --report-dir "$work/report") || status=$?

# The same process must have survived everything Schemathesis sent.
if ! kill -0 "$server" 2>/dev/null; then
    echo "schemathesis.sh: serve died during the run" >&2
    tail -50 "$work/serve.log" >&2
    exit 1
fi
health=$(curl -s -o /dev/null -w '%{http_code}' -H "x-api-key: $key" "http://127.0.0.1:$port/healthz")
[ "$health" = 200 ] || { echo "schemathesis.sh: /healthz answered $health after the run" >&2; exit 1; }
peak=$(awk '/VmHWM/ {print $2, $3}' "/proc/$server/status")
echo "schemathesis.sh: serve (pid $server) alive after the run, peak memory $peak"
if grep -q "$key" "$work/serve.log"; then
    echo "schemathesis.sh: the serve key appeared in the server's log" >&2
    exit 1
fi
kill -TERM "$server"
wait "$server" || { echo "schemathesis.sh: serve did not stop cleanly on SIGTERM" >&2; exit 1; }
server=""
exit "$status"
