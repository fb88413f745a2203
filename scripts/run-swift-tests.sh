#!/usr/bin/env bash
# Runs the Swift tests (already built) with their temporary stores in a scratch folder that is removed afterwards,
# pass or fail. With two workers a failure's message scrolls far up among the passing tests, and CI keeps only the
# tail of the output, so on failure the failing tests' lines are printed again at the very end.
set -uo pipefail
cd "$(dirname "$0")/.."
SWIFT="${SWIFT:-swift}"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/loyalnest-tests.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
log="$scratch/swift-test.log"
echo "TMPDIR=$scratch $SWIFT test --skip-build --parallel --num-workers 2"
TMPDIR="$scratch" "$SWIFT" test --skip-build --parallel --num-workers 2 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
  echo
  echo "==== the Swift tests failed (exit $status); their failures again:"
  # swift-testing marks a failed test and each recorded issue with ✘; XCTest says "error:" and "failed".
  grep -E '✘|↳|error:|\bfailed\b' "$log" | grep -v -E '^(Test Suite|Executed)' | head -60
fi
exit "$status"
