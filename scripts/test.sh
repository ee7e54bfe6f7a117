#!/usr/bin/env bash
# Installs everything the tests need (CPU torch for the sentence-transformers backend, Chromium for the
# browser test) and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet torch==2.13.0
python3 -m pip install --quiet -e ".[test,st]"
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
    || echo "Không cài được chromium: bỏ qua kiểm thử trình duyệt." >&2
fi
exec python3 -m pytest "$@"
