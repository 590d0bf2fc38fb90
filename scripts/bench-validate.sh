#!/usr/bin/env bash
# The validation benchmark: installs jsonschema-rs into .venv (the yardstick), builds the release CLI
# and benchmark, and runs the validation part of vidu-catalog-bench on a 100k-request JSON Lines file.
#   scripts/bench-validate.sh [--requests 100000]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/python-env.sh
swift build -c release --product vidu-catalog
swift build -c release --product vidu-catalog-bench
exec .build/release/vidu-catalog-bench --sizes "" --sync-sizes "" --validation 100000 "$@"
