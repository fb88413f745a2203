#!/usr/bin/env bash
# Runs every end-to-end script against the built binary (make test calls this after the Swift tests).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${1:-.build/debug/loyalnest}"
for script in scripts/e2e/dashboard.sh scripts/e2e/hostile.sh scripts/e2e/integrations.sh scripts/e2e/program.sh; do
  "$script" "$BIN"
done
