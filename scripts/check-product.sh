#!/usr/bin/env bash
# Checks that the release `reparam` binary carries no test-only code: the terminal's stand-in
# language (DemoEvaluator, reparam-demo) lives in the ReparamTestSupport target, which no
# product links. Prints `N passed, N failed`; exits non-zero on a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product reparam >&2 || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
bin="$(swift build -c release --show-bin-path)/reparam"
passed=0 failed=0
if nm -C "$bin" 2>/dev/null | grep -q -e DemoEvaluator -e ReparamTestSupport; then
  echo "not ok - nm finds test-support symbols in $bin"; failed=$((failed + 1))
else
  echo "ok - nm finds no DemoEvaluator or ReparamTestSupport symbol"; passed=$((passed + 1))
fi
if strings "$bin" | grep -q -i -e demoevaluator -e 'demo frame' -e 'demo plot'; then
  echo "not ok - strings finds the demo evaluator's text in $bin"; failed=$((failed + 1))
else
  echo "ok - strings finds no demo evaluator text"; passed=$((passed + 1))
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
