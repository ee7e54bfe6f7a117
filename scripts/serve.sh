#!/usr/bin/env bash
# Installs the assistant and serves it over the bundled corpus (the index is built first when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet -e .
exec nq57 serve "$@"
