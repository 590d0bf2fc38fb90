#!/usr/bin/env bash
# Creates .venv at the repository root with the Python packages the tests and the benchmark use:
# jsonschema (the schema agreement test), jsonschema-rs (the validation benchmark's yardstick) and
# Selenium and axe-selenium-python (the gallery's browser and accessibility tests) and feedparser (the
# Atom feed's reader), all run by scripts/browser-test.sh.
# Idempotent: does nothing when the pinned versions are already there.
set -euo pipefail
cd "$(dirname "$0")/.."

requirements=(jsonschema==4.26.0 jsonschema-rs==0.61.0 selenium==4.51.0 axe-selenium-python==2.1.6 feedparser==6.0.12)
stamp=".venv/.vidu-catalog-$(printf '%s ' "${requirements[@]}" | sha256sum | cut -c1-12)"
if [ -f "$stamp" ]; then exit 0; fi
echo "python-env: creating .venv with ${requirements[*]}" >&2
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check "${requirements[@]}"
touch "$stamp"
