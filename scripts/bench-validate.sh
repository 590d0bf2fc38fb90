#!/usr/bin/env bash
# The validation benchmark: installs jsonschema-rs into .venv (the yardstick), builds the release CLI
# and benchmark, and runs the validation parts of vidu-catalog-bench: 100k requests over the bundled
# catalog, "did you mean" by catalog size, and the scaling table at 120, 10,000 and 100,000 templates
# (jsonschema-rs on the 120- and 10,000-template schemas side by side).
#   scripts/bench-validate.sh [more vidu-catalog-bench arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/python-env.sh
swift build -c release --product vidu-catalog
swift build -c release --product vidu-catalog-bench
exec .build/release/vidu-catalog-bench --sizes "" --sync-sizes "" --validation 100000 \
    --suggestion-sizes 120,10000,100000 --scaling-sizes 120,10000,100000 "$@"
