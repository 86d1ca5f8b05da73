# Shared harness for the tmux checks (sourced by tmux-e2e.sh and tmux-replay.sh).
#
# The caller sets TIMEOUT, SOCKET, SESSION and WORK (and PRODUCT, default reparam) before
# sourcing. This file builds that product (or takes $REPARAM_BIN), removes the tmux server and WORK on exit, and
# provides: tm, screen, deadline/before, wait_for, wait_gone, wait_for_format, keys,
# type_line, and check NAME 'CONDITION' (counts PASSED/FAILED; on failure prints the
# screen, then calls check_failure_details if the caller defined it).

PASSED=0
FAILED=0

tm() { tmux -L "$SOCKET" -f /dev/null "$@"; }

cleanup() {
  tm kill-server >/dev/null 2>&1
  # Programs in the killed session may still be writing there for a moment: retry, bounded.
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    rm -rf "$WORK" 2>/dev/null && break
    sleep 0.1
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -n "${REPARAM_BIN:-}" ]; then
  BIN=$REPARAM_BIN
else
  PRODUCT=${PRODUCT:-reparam}
  echo "building $PRODUCT..." >&2
  swift build --product "$PRODUCT" >&2 || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }
  BIN="$(swift build --show-bin-path)/$PRODUCT"
fi
BIN=$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")

screen() { tm capture-pane -p -t "$SESSION"; }
now() { date +%s.%N; }
before() { awk -v a="$(now)" -v b="$1" 'BEGIN { exit !(a < b) }'; }
deadline() { awk -v a="$(now)" -v t="${1:-$TIMEOUT}" 'BEGIN { printf "%.3f", a + t }'; }

# wait_for PATTERN [SECONDS]: polls until the screen matches the extended regex.
wait_for() {
  local until; until=$(deadline "${2:-$TIMEOUT}")
  while before "$until"; do
    screen | grep -qE -- "$1" && return 0
    sleep 0.05
  done
  return 1
}

# wait_gone PATTERN [SECONDS]: polls until the screen no longer matches.
wait_gone() {
  local until; until=$(deadline "${2:-$TIMEOUT}")
  while before "$until"; do
    screen | grep -qE -- "$1" || return 0
    sleep 0.05
  done
  return 1
}

# wait_for_format FORMAT VALUE: polls until tmux's #{FORMAT} for the pane equals VALUE.
wait_for_format() {
  local until; until=$(deadline)
  while before "$until"; do
    [ "$(tm display -p -t "$SESSION" "$1")" = "$2" ] && return 0
    sleep 0.05
  done
  return 1
}

check() {
  local name=$1
  if eval "$2"; then
    PASSED=$((PASSED + 1)); echo "ok - $name"
  else
    FAILED=$((FAILED + 1)); echo "not ok - $name"
    echo "---- screen ----"; screen | sed 's/^/| /'; echo "----------------"
    if declare -F check_failure_details >/dev/null; then check_failure_details; fi
  fi
}

keys() { tm send-keys -t "$SESSION" "$@"; }
type_line() { tm send-keys -t "$SESSION" -l -- "$1"; tm send-keys -t "$SESSION" Enter; }
