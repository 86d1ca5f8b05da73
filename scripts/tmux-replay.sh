#!/usr/bin/env bash
# End-to-end test of `reparam replay`, driven through tmux as a teacher would use it.
#
# Starts a shell in a detached tmux session (own socket, fixed size, HOME in a temporary
# directory), runs `reparam replay` on lesson 1 and checks with capture-pane: the pane opens
# at step 0, space / Enter / → step forward with each command and its answer appearing (the
# comments styled apart from them),
# ← and b step back (the later answer disappears), stepping forward again reproduces the
# same numbers (seeds make replays exact), the last step draws the histogram in the pane,
# digits then Enter jump to a step, g / G go to the start / end, PageUp / PageDown scroll,
# `:` opens a live prompt with the lesson's variables and Esc returns to the lesson where it
# left off (continuing as recorded); lessons 2 and 5 at 80×24 and 200×60 draw every step's
# picture (no "needs at least") and keep the step's comment in view over a tall output;
# q leaves with the terminal restored and exit status 0; `--pace` advances by itself, space
# pauses and resumes it;
# without a terminal the transcript is printed; `--check` passes on the course and fails
# (status 1, naming the line) on an edited copy; `:save` in the pane writes a session (and
# refuses to overwrite it) that `replay --check` then reproduces exactly.
#
# Every wait polls the screen up to a timeout; nothing sleeps and hopes.
# Prints `N passed, M failed`; exits non-zero if anything failed.
#
# Usage: scripts/tmux-replay.sh
# Environment:
#   REPARAM_BIN    use this binary instead of building one
#   E2E_TIMEOUT    seconds each wait may take (default 15)
set -uo pipefail
cd "$(dirname "$0")/.."

TIMEOUT=${E2E_TIMEOUT:-15}
SOCKET="reparam-replay-$$"
SESSION=replay
WORK=$(mktemp -d "${TMPDIR:-/tmp}/reparam-replay.XXXXXX")
LESSON="$PWD/Sessions/01-explicit-normal.reparam"
. "$(dirname "$0")/tmux-harness.sh"

step_is() { wait_for "step $1/13 "; }

start_session() {
  tm kill-server >/dev/null 2>&1
  tm new-session -d -s "$SESSION" -x 100 -y 44 \
    "env -i PATH=\"$PATH\" HOME=\"$WORK/home\" TERM=xterm-256color LANG=C.UTF-8 PS1='E2E\$ ' bash --norc --noprofile -i"
  tm set-option -t "$SESSION" -g window-size manual >/dev/null 2>&1
  wait_for '^E2E\$' || { echo "the shell did not start"; echo "0 passed, 1 failed"; exit 1; }
}

mkdir -p "$WORK/home"
start_session

# ---- stepping in the pane -----------------------------------------------------------------

type_line "cd '$WORK' && '$BIN' replay '$LESSON'; echo EXIT=\$?"
check "the pane opens at step 0 with the title" 'step_is 0 && wait_for "^# 1\. The explicit trick on a Normal" && wait_for_format "#{alternate_on}" 1'

keys Space
check "space runs the first command" 'step_is 1 && wait_for "^reparam> seed 1$" && wait_for "^seed 1$"'
# Comments are drawn apart from output: dim (cyan where colours are drawn); commands and results are not.
styled() { tm capture-pane -e -p -t "$SESSION"; }
ESC=$(printf '\033')
check "comments are styled apart from commands and output" \
  'styled | grep -qE "^${ESC}\[[0-9;]*(2|36)[0-9;]*m# 1\. The explicit" && styled | grep -E "seed 1$" | grep -qvE "${ESC}\[[0-9;]*(2|36)m(reparam> )?seed"'
keys Enter
check "Enter runs the next one" 'step_is 2 && wait_for "^d = Normal\(loc: 2, scale: 5\)$"'
keys Right
check "→ runs the next one" 'step_is 3 && wait_for "^z = \[9\.3616, 5\.89813, 12\.8222, 8\.43799, 0\.241258\]$"'
FIRST_Z=$(screen | grep -E '^z = \[')

keys Left
check "← goes back a step (z is gone)" 'step_is 2 && wait_gone "^z = \["'
keys b
check "b goes back another" 'step_is 1 && wait_gone "^d = Normal"'
keys Space
keys Space
check "forward again gives the same samples (seeds make it exact)" 'step_is 3 && wait_for "^z = \[" && [ "$(screen | grep -E "^z = \[")" = "$FIRST_Z" ]'

for _ in $(seq 10); do keys Space; done
check "the last step draws the histogram in the pane" 'step_is 13 && wait_for "^ +Normal\(loc: 2, scale: 5\)$" && wait_for "^n = 1000 " && wait_for "^\(end of the session\)$"'

# Teaching keys: jump to a step, to the start and the end, scroll back, a live prompt with the
# lesson's variables and back to the lesson where it left off.
keys 5 Enter
check "5 then Enter jumps to step 5" 'step_is 5 && wait_for "^eps = \[1\.47232"'
keys g
check "g goes to the start" 'step_is 0 && wait_gone "^eps = \["'
keys G
check "G goes to the end" 'step_is 13 && wait_for "^\(end of the session\)$"'
keys PPage PPage PPage
check "PageUp scrolls the results back" 'wait_for "scrolled back, PageDown returns" && wait_gone "^\(end of the session\)$"'
keys NPage NPage NPage NPage
check "PageDown returns to the newest" 'wait_for "^\(end of the session\)$"'
keys 4 Enter
keys :
check ": opens a live prompt at the lesson's step" 'wait_for "live prompt at step 4"'
tm send-keys -t "$SESSION" -l -- "mean(eps) * 100"
keys Enter
check "the live prompt has the lesson's variables" 'wait_for "^107\.045$"'
keys Escape
check "Esc returns to the lesson where it left off" 'step_is 4 && wait_gone "^107\.045$" && wait_gone "live prompt"'
keys Space
check "... and it continues as recorded" 'step_is 5 && wait_for "^value  9\.3616$"'
keys G

keys q
check "q leaves with the terminal restored and status 0" 'wait_for "^EXIT=0$" && wait_for_format "#{alternate_on}" 0 && wait_for_format "#{cursor_flag}" 1'

# ---- every step's picture at 80×24 and at a 200×60 projector ------------------------------
# Lessons 2, 5 and 12 show gradvar, whose full layout is taller than an 80×24 pane: each step's
# picture must be drawn (compactly), never replaced by a "needs at least" notice.

for size in "80 24" "200 60"; do
  set -- $size
  tm resize-window -t "$SESSION" -x "$1" -y "$2"
  for lesson in 02-sampling-blocks-gradients 05-student-t 13-estimator-zoo; do
    steps=$(grep -c '^reparam>' "$(dirname "$LESSON")/$lesson.reparam")
    type_line "clear; '$BIN' replay '$(dirname "$LESSON")/$lesson.reparam'; echo EXIT=\$?"
    wait_for "step 0/$steps "
    notices=0
    for step in $(seq "$steps"); do
      keys Space
      wait_for "step $step/$steps " || { notices=$((notices + 100)); break; }
      screen | grep -q "needs at least" && notices=$((notices + 1))
    done
    check "$lesson at $1x$2: every step's picture is drawn" \
      '[ "$notices" = 0 ] && { [ "$lesson" != 02-sampling-blocks-gradients ] || { screen | grep -qE "^ *(d\.loc +)?pathwise +.*\]" && screen | grep -q "^# Same target, very different noise"; }; }'
    keys q
    wait_for "^EXIT=0$"
  done
done
tm resize-window -t "$SESSION" -x 100 -y 44

# ---- pace ----------------------------------------------------------------------------------

type_line "clear; '$BIN' replay --pace 0.3 '$LESSON'; echo EXIT=\$?"
check "--pace advances by itself" 'step_is 0 && step_is 2 && step_is 4'
keys Space
check "space pauses a paced replay" 'wait_for "paused \(space resumes\)"'
PAUSED_AT=$(screen | grep -oE "step [0-9]+/13" | head -n 1)
sleep 1
check "... and it stays at its step" '[ "$(screen | grep -oE "step [0-9]+/13" | head -n 1)" = "$PAUSED_AT" ]'
keys Space
check "space resumes it" 'wait_gone "paused" && wait_gone "$PAUSED_AT "'
keys q
check "q leaves a paced replay" 'wait_for "^EXIT=0$" && wait_for_format "#{alternate_on}" 0'

# ---- without a terminal, and --check --------------------------------------------------------

type_line "clear; '$BIN' replay '$LESSON' | grep -c -E '^reparam> |^n = 1000 '; echo EXIT=\$?"
check "without a terminal the transcript is printed" 'wait_for "^14$" && wait_for "^EXIT=0$"'

sed 's/d.scale  1.07045/d.scale  1.07145/' "$LESSON" > "$WORK/edited.reparam"
type_line "clear; '$BIN' replay --check '$LESSON' '$WORK/edited.reparam' > '$WORK/check.txt'; echo EXIT=\$?"
check "--check fails on an edited copy, naming its line" 'wait_for "^EXIT=1$" && grep -q "^ok    .*01-explicit-normal.reparam (13 commands)" "$WORK/check.txt" && grep -qE "edited.reparam:[0-9]+: the output of .grad mean\(z\). differs" "$WORK/check.txt" && grep -q "^1 passed, 1 failed" "$WORK/check.txt"'

# ---- :save in the pane, then replay --check of what it wrote -------------------------------

type_line "clear; '$BIN'; echo EXIT=\$?"
wait_for "^reparam>"
type_line "let d = gamma(2, rate: 3)"
type_line "hist d samples 300"
type_line "grad mean(d.rsample(100))"
type_line ":save from-pane"
check ":save in the pane writes Sessions/from-pane.reparam" 'wait_for "saved 3 commands to Sessions/from-pane\.reparam"'
type_line ":save from-pane"
check "a second :save refuses and says how to replace" 'wait_for "already exists; not overwritten\. To replace it: :save! from-pane"'
type_line ":replay from-pane"
check ":replay at the prompt steps the session in the same pane" 'wait_for "replay from-pane\.reparam · step 0/3 "'
keys Space
check "the replay keys work there" 'wait_for "step 1/3 " && wait_for "^d = Gamma\(concentration: 2, rate: 3\)$"'
keys q
check "q returns to the prompt with its results as they were" 'wait_gone "step 1/3 " && wait_for "already exists; not overwritten" && wait_for "^reparam> *$"'
keys C-d
wait_for "^EXIT=0$"
type_line "clear; '$BIN' replay --check Sessions/from-pane.reparam; echo EXIT=\$?"
check "the session saved from the pane replays exactly" 'wait_for "^ok +Sessions/from-pane\.reparam \(3 commands\)$" && wait_for "^EXIT=0$"'

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
