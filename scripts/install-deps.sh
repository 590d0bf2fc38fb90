#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, when they are missing.
# Swift itself and the Swift packages come with the machine (see README, "Requirements").
set -euo pipefail

packages=(libsqlite3-dev zlib1g-dev python3 python3-venv curl)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

# The Python packages the tests use, in .venv (see scripts/python-env.sh).
bash "$(dirname "$0")/python-env.sh"
