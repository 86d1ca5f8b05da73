#!/usr/bin/env bash
# End-to-end test of the interactive terminal, driven through tmux as a person would use it.
#
# Builds `reparam`, starts a shell in a detached tmux session of a fixed size (own socket,
# HOME in a temporary directory), runs reparam in it, types with `send-keys`, reads the
# screen with `capture-pane` and checks: the pane and prompt appear, a line is answered,
# tab completion (d.rs → d.rsample( with no space after; a list of candidates shown over the
# results until the next key, never left in the scrollback), Ctrl-C at the prompt clears the
# line, a multi-line bracketed paste runs line by line, live frames during a long
# evaluation and Ctrl-C returning to the prompt, resize redraws (and a too-small terminal
# falls back with a notice), plot colors, Ctrl-D leaves with the terminal restored (shell
# prompt back, alternate screen off, cursor visible, stty sane), history survives a restart
# (Up and Ctrl-R), PageUp/PageDown scroll the results, Ctrl-Z and fg, SIGTERM/SIGHUP/SIGINT, a stuck
# evaluation (third Ctrl-C) and a crash all restore the terminal, the --plain readline REPL
# (also with stdout redirected), and pipe mode prints no escape codes.
#
# With --language it instead drives the real language as a new user would (needs the
# language linked into `reparam`): a let and a hist drawn in the pane, d.rs completing to
# d.rsample(, Ctrl-C stopping a long fit with the values reached and a large draw between its
# pieces, a pasted transcript running
# its commands only, an open bracket continuing on the next line, a knob in the pane and at the
# --plain prompt (redrawn in place), an error leaving earlier
# variables intact, history across a restart, Ctrl-D restoring the terminal, and resizes
# during a hist and a paced fit that re-lay the frame without touching the random stream.
#
# Every wait polls the screen up to a timeout; nothing sleeps and hopes.
# Prints `N passed, M failed`; exits non-zero if anything failed.
#
# Usage: scripts/tmux-e2e.sh [--language]
# Environment:
#   REPARAM_BIN    use this binary instead of building one (default: reparam-demo, the
#                  terminal with the test-only stand-in language, whose statements are echo,
#                  let, plot, sleep, lines, fail, and the misbehaviours print, stubborn and
#                  crash; reparam with --language)
#   REPARAM_FLAGS  extra flags for every start (default: none)
#   E2E_TIMEOUT    seconds each wait may take (default 10)
set -uo pipefail
cd "$(dirname "$0")/.."

SUITE=demo
case "${1:-}" in
  --language) SUITE=language ;;
  "") ;;
  *) echo "usage: $0 [--language]" >&2; exit 2 ;;
esac
FLAGS=${REPARAM_FLAGS:-}
if [ "$SUITE" = language ]; then PRODUCT=reparam; else PRODUCT=reparam-demo; fi
TIMEOUT=${E2E_TIMEOUT:-10}
SOCKET="reparam-e2e-$$"
SESSION=e2e
WORK=$(mktemp -d "${TMPDIR:-/tmp}/reparam-e2e.XXXXXX")
. "$(dirname "$0")/tmux-harness.sh"

# ---- helpers -----------------------------------------------------------------------------

# The last non-blank row of the screen (the input line in the pane, the prompt elsewhere).
last_row() { screen | sed 's/[[:space:]]*$//' | grep -v '^$' | tail -n 1; }
# The width in characters of the pane's rule.
rule_width() { screen | grep -E '^── ' | head -n 1 | tr -d '\n' | LC_ALL=C.UTF-8 wc -m; }

# wait_for PATTERN [SECONDS]: polls until the screen matches the extended regex.

# wait_for_last_row PATTERN: polls until the last non-blank row (the input line) matches.
wait_for_last_row() {
  local until; until=$(deadline "${2:-$TIMEOUT}")
  while before "$until"; do
    last_row | grep -qE -- "$1" && return 0
    sleep 0.05
  done
  return 1
}

# wait_for_rule_width N: polls until the pane's rule is N characters wide (a redraw at that width).
wait_for_rule_width() {
  local until; until=$(deadline)
  while before "$until"; do
    [ "$(rule_width)" = "$1" ] && return 0
    sleep 0.05
  done
  return 1
}

# wait_for_format FORMAT VALUE: polls a tmux format (e.g. #{alternate_on}) until it equals VALUE.

# check NAME CONDITION: CONDITION is shell code (evaluated), e.g. 'wait_for "^ok$" && wait_for_input "^reparam>$"'.
check_failure_details() {
  echo "alternate_on=$(tm display -p -t "$SESSION" '#{alternate_on}') cursor_flag=$(tm display -p -t "$SESSION" '#{cursor_flag}')"
  command -v ps >/dev/null && ps -o pid,stat,cmd --ppid "$(tm display -p -t "$SESSION" '#{pane_pid}')" | sed 's/^/ps: /'
  echo "---- history ----"; tm capture-pane -p -S -40 -t "$SESSION" | grep -v '^$' | tail -n 12 | sed 's/^/| /'; echo "-----------------"
}


start_session() {   # a plain shell with a known prompt, in a fixed-size window
  tm kill-server >/dev/null 2>&1
  # The shell starts in the temporary directory: if reparam failed to start, what is typed
  # for it lands in a shell there, not in the repository.
  tm new-session -d -s "$SESSION" -x "${1:-80}" -y "${2:-24}" -c "$WORK" \
    "env -i PATH=\"$PATH\" HOME=\"$WORK/home\" TERM=xterm-256color LANG=C.UTF-8 PS1='E2E\$ ' bash --norc --noprofile -i"
  tm set-option -t "$SESSION" -g window-size manual >/dev/null 2>&1
  wait_for '^E2E\$' || { echo "the shell did not start"; echo "0 passed, 1 failed"; exit 1; }
}

# The terminal is back to the shell's normal state: prompt shown, alternate screen off,
# cursor visible, line editing (icanon, echo) on.
RESTORE_CHECKS=0
terminal_restored() {
  wait_for_last_row '^E2E\$' || return 1
  wait_for_format '#{alternate_on}' 0 || return 1
  wait_for_format '#{cursor_flag}' 1 || return 1
  RESTORE_CHECKS=$((RESTORE_CHECKS + 1))
  local marker="STTY-END-$RESTORE_CHECKS"   # unique, so an earlier answer cannot match
  tm send-keys -t "$SESSION" -l -- "clear; stty -a | tr ' ;' '\n\n' | grep -E -x -- '-?(icanon|echo|isig)' | tr '\n' ' '; echo STTY\"-END-$RESTORE_CHECKS\""
  keys Enter
  wait_for "^[-a-z ]*$marker\$" || return 1
  [ "$(screen | grep -E "^[-a-z ]*$marker\$")" = "isig icanon echo $marker" ]
}

# Waits until the live frame number differs from the one on screen now.
frames_advance() {
  local first; first=$(screen | grep -E '^demo frame [0-9]+$' | tr -dc 0-9)
  [ -n "$first" ] || return 1
  wait_for "^demo frame ([0-9]+)$" || return 1
  local until; until=$(deadline)
  while before "$until"; do
    [ "$(screen | grep -E '^demo frame [0-9]+$' | tr -dc 0-9)" != "$first" ] && return 0
    sleep 0.05
  done
  return 1
}

start_reparam() { type_line "$BIN $FLAGS $*; echo EXIT=\$?"; }

mkdir -p "$WORK/home"

demo_checks() {
# ---- the pane ------------------------------------------------------------------------------

start_session 80 24
start_reparam
check "pane and prompt appear" 'wait_for "^── reparam" && wait_for_last_row "^reparam>$"'
check "pane takes the alternate screen" 'wait_for_format "#{alternate_on}" 1'

type_line "echo hello-e2e"
check "a typed line is answered" 'wait_for "^hello-e2e$"'

type_line "let d = 3"
wait_for '^d = 3$'
tm send-keys -t "$SESSION" -l -- "d.rs"
keys Tab
check "tab completes d.rs to d.rsample(" 'wait_for_last_row "^reparam> d\.rsample\($"'
tm send-keys -t "$SESSION" -l -- "X"
check "no space after the completed (" 'wait_for_last_row "^reparam> d\.rsample\(X$"'

keys C-c
check "Ctrl-C at the prompt clears the line" 'wait_for "^reparam> d\.rsample\(X\^C$" && wait_for_last_row "^reparam>$"'

tm send-keys -t "$SESSION" -l -- "d."
keys Tab Tab
check "several completions are listed over the results" 'wait_for "d\.log_prob\( +d\.mean +d\.rsample\( +d\.sample\( +d\.variance"'
tm send-keys -t "$SESSION" -l -- "m"
check "the next key takes the completion list away" 'wait_for_last_row "^reparam> d\.m$" && wait_gone "d\.log_prob\( +d\.mean"'
keys C-c
wait_for_last_row '^reparam>$'
keys PageUp
check "the completion list never entered the scrollback" 'wait_for "scrolled back|reparam> d\.mX?\^C" && ! screen | grep -qE "d\.log_prob\( +d\.mean"'
keys PageDown

tm set-buffer -b e2e "echo paste-one
echo paste-two"
tm paste-buffer -p -b e2e -t "$SESSION"
keys Enter
check "a multi-line paste runs each line in order" \
  'wait_for "^paste-two$" && screen | tr "\n" "|" | grep -q "reparam> echo paste-one|paste-one|reparam> echo paste-two|paste-two|"'

type_line "plot"
check "a plot is drawn in the pane" 'wait_for "^demo plot 80x13$"'
check "plot colors are drawn as colors, not as escape text" \
  'tm capture-pane -e -p -t "$SESSION" | grep -q "$(printf "\033")\[36m\*" && ! screen | grep -q "\[36m"'
check "the input line still works after a plot" 'wait_for_last_row "^reparam>$"'

tm resize-window -t "$SESSION" -x 100 -y 30
check "resize redraws the plot and the rule at the new size" 'wait_for "^demo plot 100x16$" && wait_for_rule_width 100'
tm resize-window -t "$SESSION" -x 30 -y 10
check "a too-small terminal falls back with a notice" 'wait_for "^terminal too small for the plo" && wait_for_last_row "^reparam>$"'
tm resize-window -t "$SESSION" -x 80 -y 24
check "growing again brings the pane back" 'wait_for "^demo plot 80x13$" && wait_for_rule_width 80'

type_line "sleep 60"
check "a long evaluation draws live frames" 'wait_for "^demo frame [0-9]+$" && wait_for "^── running · Ctrl-C stops"'
check "the live frames keep changing" 'frames_advance'
check "progress lines reach the scrollback while it runs" 'wait_for "^progress: 50 frames$" && wait_for "^── running"'
tm resize-window -t "$SESSION" -x 100 -y 30
check "resizing during an evaluation redraws at the new size" \
  'wait_for_rule_width 100 && wait_for "^── running" && frames_advance'
tm resize-window -t "$SESSION" -x 80 -y 24
wait_for_rule_width 80
keys C-c
check "Ctrl-C stops a long evaluation and returns to the prompt" \
  'wait_for "^interrupted after [0-9]+ frames$" 5 && wait_for_last_row "^reparam>$" && wait_for "^── reparam"'

type_line "sleep 1"
type_line "echo typed-ahead"
check "keys typed during an evaluation wait for the prompt" \
  'wait_for "^slept 1 s after [0-9]+ frames$" && wait_for "^typed-ahead$" && wait_for_last_row "^reparam>$"'

type_line "fail"
check "an error is shown and the prompt stays" 'wait_for "^demo error: fail always fails$" && wait_for_last_row "^reparam>$"'

type_line "print behind-the-back"
check "stray writes to stdout and stderr land in the scrollback" \
  'wait_for "^stray stdout: behind-the-back$" && wait_for "^stray stderr: behind-the-back$" && wait_for_last_row "^reparam>$"'

type_line "lines 40"
wait_for '^line 40$'
keys PPage
check "PageUp scrolls the results back" 'wait_for "^── scrolled back [0-9]+ rows · PageDown returns" && ! screen | grep -q "^line 40$"'
keys PPage PPage PPage PPage PPage PPage PPage PPage
check "scrolling back reaches earlier lines" 'wait_for "^line 1$"'
keys NPage NPage NPage NPage NPage NPage NPage NPage NPage NPage
check "PageDown returns to the newest results" 'wait_for "^line 40$" && wait_for "^── reparam"'

keys C-d
check "Ctrl-D leaves with exit status 0" 'wait_for "^EXIT=0$"'
check "the terminal is restored after Ctrl-D" 'terminal_restored'

# ---- history survives a restart ----------------------------------------------------------------

check "the history file is under HOME/.local/state" \
  'grep -qx "echo hello-e2e" "$WORK/home/.local/state/reparam/history"'
start_reparam
wait_for_last_row '^reparam>$'
keys Up
check "Up recalls the last line of the previous run" 'wait_for_last_row "^reparam> lines 40$"'
keys C-c
wait_for_last_row '^reparam>$'
keys C-r
tm send-keys -t "$SESSION" -l -- "hello"
check "Ctrl-R finds a line from the previous run" 'wait_for_last_row "echo hello-e2e"'
keys Enter
check "the found line runs" 'wait_for "^hello-e2e$" && wait_for_last_row "^reparam>$"'

# ---- signals restore the terminal --------------------------------------------------------------

# child_of PID: the first process whose parent is PID (from /proc, so no procps needed).
child_of() {
  local parent=$1 entry fields
  for entry in /proc/[0-9]*; do
    fields=$(cat "$entry/stat" 2>/dev/null) || continue
    set -- $fields
    if [ "${4:-}" = "$parent" ]; then echo "${entry#/proc/}"; return 0; fi
  done
  return 1
}

# kill_reparam SIGNAL: sends SIGNAL to the reparam the shell in the pane is running.
kill_reparam() {
  local reparam_pid
  reparam_pid=$(child_of "$(tm display -p -t "$SESSION" '#{pane_pid}')") && kill "-$1" "$reparam_pid"
}

kill_reparam TERM
check "SIGTERM ends reparam" 'wait_for "^EXIT=143$"'
check "the terminal is restored after SIGTERM" 'terminal_restored'

start_reparam
wait_for_last_row '^reparam>$'
wait_for_format '#{alternate_on}' 1
kill_reparam HUP
check "SIGHUP ends reparam" 'wait_for "^EXIT=129$"'
check "the terminal is restored after SIGHUP" 'terminal_restored'

# bash drops the rest of a command line whose program died of SIGINT, so no EXIT= here.
start_reparam
wait_for_last_row '^reparam>$'
wait_for_format '#{alternate_on}' 1
kill_reparam INT
check "SIGINT from outside ends the pane" 'wait_for_format "#{alternate_on}" 0'
check "the terminal is restored after SIGINT" 'terminal_restored'

# ---- an evaluation that ignores Ctrl-C, and a crash --------------------------------------------

start_reparam
wait_for_last_row '^reparam>$'
type_line "stubborn"
wait_for '^── running · Ctrl-C stops'
keys C-c
check "Ctrl-C on a stuck evaluation says how to leave" 'wait_for "^── stopping · Ctrl-C twice more leaves reparam"'
keys C-c C-c
check "the third Ctrl-C leaves a stuck evaluation (exit 130)" 'wait_for "^EXIT=130$"'
check "the terminal is restored after leaving a stuck evaluation" 'terminal_restored'

type_line "SWIFT_BACKTRACE=interactive=no $BIN $FLAGS; echo EXIT=\$?"
wait_for_last_row '^reparam>$'
type_line "crash"
check "a crash ends reparam" 'wait_for "^EXIT=13[2-4]$" 30'
check "the crash message reaches the restored terminal" \
  'tm capture-pane -p -J -S -1000 -t "$SESSION" | grep -q "Fatal error: demo evaluator crashed on purpose"'
check "the terminal is restored after a crash" 'terminal_restored'

# ---- the plain readline REPL ------------------------------------------------------------------

start_reparam --plain
check "--plain shows the readline prompt without the pane" 'wait_for_last_row "^reparam>$" && wait_for_format "#{alternate_on}" 0'
type_line "let d = 3"
check "--plain answers a line" 'wait_for "^d = 3$"'
tm send-keys -t "$SESSION" -l -- "d.rs"
keys Tab
tm send-keys -t "$SESSION" -l -- "X"
check "--plain completes d.rs to d.rsample(" 'wait_for_last_row "^reparam> d\.rsample\(X$"'
keys C-c
check "--plain Ctrl-C clears the line" 'wait_for "^reparam> d\.rsample\(X\^C$" && wait_for_last_row "^reparam>$"'
type_line "sleep 60"
check "--plain prints progress lines while it runs" 'wait_for "^progress: 50 frames$"'
keys C-c
check "--plain Ctrl-C stops a long evaluation" 'wait_for "^interrupted after [0-9]+ frames$" 5 && wait_for_last_row "^reparam>$"'
type_line "sleep 1"
type_line "echo typed-ahead"
keys C-d
check "--plain keeps keys typed during an evaluation, Ctrl-D included" \
  'wait_for "^slept 1 s after [0-9]+ frames$" && wait_for "^typed-ahead$"'
check "--plain Ctrl-D leaves with exit status 0" 'wait_for "^EXIT=0$"'
check "the terminal is restored after --plain" 'terminal_restored'

type_line "$BIN $FLAGS --plain | cat > \"$WORK/answers\"; echo EXIT=\$?"
check "--plain with stdout redirected still prompts on the terminal" 'wait_for_last_row "^reparam>$"'
type_line "echo to-the-file"
keys C-d
check "... and its answers go to stdout only" 'wait_for "^EXIT=0$" && [ "$(cat "$WORK/answers")" = to-the-file ]'
check "the terminal is restored after --plain with a redirect" 'terminal_restored'

# ---- Ctrl-Z and fg ----------------------------------------------------------------------------
# (Without "; echo EXIT": the shell would run it as soon as the job stops.)

for mode in pane plain; do
  if [ "$mode" = pane ]; then type_line "$BIN $FLAGS"; else type_line "$BIN $FLAGS --plain"; fi
  wait_for_last_row '^reparam>$'
  tm send-keys -t "$SESSION" -l -- "echo after-suspend"
  wait_for_last_row '^reparam> echo after-suspend$'
  keys C-z
  check "$mode: Ctrl-Z gives the terminal back to the shell" \
    'wait_for "Stopped" && wait_for_last_row "^E2E[$]$" && wait_for_format "#{alternate_on}" 0'
  type_line "fg"
  check "$mode: fg brings reparam back with the line typed so far" 'wait_for_last_row "^reparam> echo after-suspend$"'
  [ "$mode" = pane ] && check "pane: fg redraws the pane" 'wait_for_format "#{alternate_on}" 1 && wait_for "^── reparam"'
  keys Enter
  check "$mode: the line typed before Ctrl-Z runs" 'wait_for "^after-suspend$" && wait_for_last_row "^reparam>$"'
  keys C-d
  check "$mode: the terminal is restored after Ctrl-Z, fg and Ctrl-D" 'terminal_restored'
done

# ---- outside a UTF-8 locale -----------------------------------------------------------------

type_line "LANG=C LC_ALL=C $BIN $FLAGS; echo EXIT=\$?"
check "C locale: the pane draws in ASCII" 'wait_for "^-- reparam - Tab completes" && wait_for_last_row "^reparam>$"'
keys C-d
check "C locale: Ctrl-D leaves and restores the terminal" 'wait_for "^EXIT=0$" && terminal_restored'

# ---- pipes: plain text, no escape codes --------------------------------------------------------

pipe_output=$(printf 'echo one\nplot\nfail\necho two\n' | HOME="$WORK/home" TERM=xterm-256color "$BIN" $FLAGS 2>&1)
check "pipe mode answers every line in order" \
  '[ "$(printf "%s\n" "$pipe_output" | head -n 1)" = one ] && [ "$(printf "%s\n" "$pipe_output" | tail -n 1)" = two ]'
check "pipe mode writes no escape codes" '! printf "%s" "$pipe_output" | grep -q "$(printf "\033")"'

}

language_checks() {
  start_session 100 40
  start_reparam
  check "language: pane and prompt appear" 'wait_for "^── reparam" && wait_for_last_row "^reparam>$"'
  type_line "let d = normal(1, 2)"
  check "language: let answers" 'wait_for "^d = Normal"'
  type_line "hist d"
  check "language: hist draws in the pane" 'wait_for "Normal\(loc: 1, scale: 2\)" && wait_for "^n = 10000" && wait_for_last_row "^reparam>$"'
  tm resize-window -t "$SESSION" -x 120 -y 44
  check "language: resizing redraws the histogram at the new size" \
    'wait_for_rule_width 120 && wait_for "Normal\(loc: 1, scale: 2\)" && wait_for "^n = 10000"'
  tm resize-window -t "$SESSION" -x 100 -y 40
  wait_for_rule_width 100
  tm send-keys -t "$SESSION" -l -- "d.rs"
  keys Tab
  check "language: tab completes d.rs to d.rsample(" 'wait_for_last_row "^reparam> d\.rsample\($"'
  keys C-c
  wait_for_last_row '^reparam>$'
  type_line "let q = normal(0, 1)"
  wait_for '^q = Normal'
  type_line "fit q to normal(3, 0.5) steps 300"
  check "language: a short fit draws its loss trace and prints the values reached" \
    'wait_for "loss, step 300 of 300" 20 && wait_for "^  q\.loc" && wait_for_last_row "^reparam>$"'
  type_line "fit q to normal(3, 0.5) steps 100000"
  check "language: a long fit runs" 'wait_for "^── running"'
  keys C-c
  check "language: Ctrl-C stops the fit with the values reached" \
    'wait_for "interrupted" 15 && wait_for "q\.loc" && wait_for_last_row "^reparam>$"'
  # A draw far above one piece (10 million values) reports progress and stops at Ctrl-C between pieces.
  type_line "let big = gamma(2, 1).rsample(1e8)"
  check "language: a large draw reports its progress" 'wait_for "^drew [0-9,]+ of 100,000,000 samples" 60'
  keys C-c
  check "language: Ctrl-C stops a large draw between pieces and keeps nothing" \
    'wait_for "^error: interrupted after drawing [0-9,]+ of 100,000,000 samples; nothing was kept" 30 && wait_for_last_row "^reparam>$"'
  type_line "big"
  check "language: the interrupted draw bound nothing" 'wait_for "unknown name .big." && wait_for_last_row "^reparam>$"'
  # A pasted transcript runs its commands, not their recorded output; an open bracket continues.
  tm set-buffer -b lang "reparam> let pasted = 20
pasted = 20
reparam> pasted + 1
21"
  tm paste-buffer -p -b lang -t "$SESSION"
  keys Enter
  check "language: a pasted transcript runs its commands and skips their output" \
    'wait_for "^reparam> pasted \+ 1$" && wait_for "^21$" && ! screen | grep -q "^reparam> 21$" && wait_for_last_row "^reparam>$"'
  type_line "let continued = [1,"
  check "language: an open bracket continues on the next line" 'wait_for_last_row "^   \.\.\.>$"'
  type_line "2]"
  check "language: ... and runs as one statement" 'wait_for "^continued = \[1, 2\]$" && wait_for_last_row "^reparam>$"'
  type_line "no_such_name + 1"
  check "language: an error is explained" 'wait_for "unknown name"'
  type_line "q.loc > -1000"
  check "language: the error left earlier variables intact" 'wait_for "^true$" && wait_for_last_row "^reparam>$"'
  keys C-d
  check "language: Ctrl-D leaves with exit status 0" 'wait_for "^EXIT=0$"'
  check "language: the terminal is restored" 'terminal_restored'
  start_reparam
  wait_for_last_row '^reparam>$'
  keys Up
  check "language: history survives a restart" 'wait_for_last_row "^reparam> q\.loc > -1000$"'
  keys C-c C-d
  check "language: leaves again cleanly" 'wait_for "^EXIT=0$" && terminal_restored'
  # Knob mode, in a fresh session: arrows move the parameter and redraw from the same uniforms;
  # Enter records a let, so the saved session replays and checks.
  start_reparam
  wait_for_last_row '^reparam>$'
  type_line "let g = gamma(2, 1)"
  wait_for '^g = Gamma'
  type_line "knob g.concentration"
  check "language: knob shows the parameter, its step and the velocity" \
    'wait_for "g\.concentration = 2  step 0\.2" && wait_for "dz/dconcentration against z"'
  keys Right
  check "language: → nudges the parameter up one step" 'wait_for "g\.concentration = 2\.2  step 0\.2" && wait_for "Gamma\(concentration: 2\.2, rate: 1\)"'
  keys Up
  check "language: ↑ makes the step ten times larger" 'wait_for "g\.concentration = 2\.2  step 2 "'
  keys Down Left
  check "language: ↓ then ← steps back down by the smaller step" 'wait_for "g\.concentration = 2  step 0\.2"'
  keys Right Right
  wait_for "g\.concentration = 2\.4  step"
  keys Enter
  check "language: Enter keeps the value as a plain let" \
    'wait_for "^reparam> let g = gamma\(concentration: 2\.4, rate: 1\)" && wait_for "^g = Gamma\(concentration: 2\.4, rate: 1\)" && wait_for_last_row "^reparam>$"'
  type_line "knob g.rate step 0.5"
  wait_for "g\.rate = 1  step 0\.5"
  keys Left Left
  check "language: a value outside the domain is refused and says why" \
    'wait_for "rate = 0 is refused: it must be positive" && wait_for "g\.rate = 0\.5  step 0\.5"'
  keys Escape
  check "language: Esc puts the value back" 'wait_for "knob left; the value is back" && wait_for_last_row "^reparam>$"'
  type_line "g.rate"
  check "language: after Esc the rate is 1 again" 'wait_for "^1$"'
  # A number knob: the last picture redrawn from the same random numbers as m turns.
  type_line "let m = 1"
  wait_for '^m = 1$'
  type_line "hist normal(m, 1) samples 2000"
  wait_for "Normal\(loc: 1, scale: 1\)"
  type_line "knob m"
  wait_for "m = 1  step 0\.1"
  keys Right Right Right
  check "language: knob m redraws the last picture as m turns" 'wait_for "m = 1\.3  step 0\.1" && wait_for "Normal\(loc: 1\.3, scale: 1\)"'
  keys Enter
  check "language: Enter keeps m as a plain let" 'wait_for "^reparam> let m = 1\.3" && wait_for "^m = 1\.3$" && wait_for_last_row "^reparam>$"'
  type_line ":save knob-e2e"
  check "language: the knob session saves" 'wait_for "saved .* to Sessions/knob-e2e.reparam"'
  check "language: the saved knob session replays and checks" \
    '(cd "$WORK" && "$BIN" replay --check Sessions/knob-e2e.reparam >/dev/null 2>&1)'
  keys C-d
  check "language: leaves the knob session cleanly" 'wait_for "^EXIT=0$" && terminal_restored'

  # The same knob at the plain readline prompt: each key redraws the picture in place (one
  # picture on screen, not one per nudge), Enter runs the let as if typed.
  type_line "clear; $BIN $FLAGS --plain; echo EXIT=\$?"
  wait_for_last_row '^reparam>$'
  type_line "let g = gamma(2, 1)"
  wait_for '^g = Gamma'
  type_line "knob g.concentration"
  wait_for "g\.concentration = 2  step 0\.2"
  keys Right Right
  check "language: --plain knob redraws its picture in place" \
    'wait_for "g\.concentration = 2\.4  step 0\.2" && [ "$(screen | grep -c "concentration = .*Enter keep")" = 1 ] && [ "$(screen | grep -c "dz/dconcentration against z")" = 1 ]'
  keys Enter
  check "language: --plain knob keeps the value with a let" \
    'wait_for "^reparam> let g = gamma\(concentration: 2\.4, rate: 1\)" && wait_for "^g = Gamma\(concentration: 2\.4, rate: 1\)" && wait_for_last_row "^reparam>$"'
  keys C-d
  check "language: --plain leaves the knob session cleanly" 'wait_for "^EXIT=0$" && terminal_restored'

  # Resizing never draws from the session's random stream: after a resize during a hist and
  # one during a (paced, so still running) fit, the next draws are those of a pipe that ran the
  # same lines without any resize; the fit's frame is laid out again at the new width.
  start_reparam
  wait_for_last_row '^reparam>$'
  type_line "seed 5"
  type_line "let d = gamma(2, 1)"
  type_line "hist d"
  wait_for "^n = 10000"
  tm resize-window -t "$SESSION" -x 120 -y 44
  check "language: a resize during hist redraws it at the new width" 'wait_for_rule_width 120 && wait_for "^n = 10000"'
  type_line "pace 10ms"
  type_line "let q = normal(0, 1)"
  type_line "fit q to normal(3, 0.5) steps 400"
  wait_for "loss, step [0-9]+ of 400"
  tm resize-window -t "$SESSION" -x 90 -y 36
  check "language: a resize during a fit re-lays its frame at the new width" \
    'wait_for_rule_width 90 && wait_for "loss, step 400 of 400" 30 && [ "$(screen | LC_ALL=C.UTF-8 wc -L)" -le 90 ]'
  wait_for_last_row '^reparam>$' 30
  type_line "d.sample(4)"
  wait_for '^\[[-0-9]' 10
  resized_draws=$(screen | grep -E '^\[[-0-9]' | tail -n 1)
  keys C-d
  wait_for "^EXIT=0$"
  piped_draws=$(printf 'seed 5\nlet d = gamma(2, 1)\nhist d\npace 10ms\nlet q = normal(0, 1)\nfit q to normal(3, 0.5) steps 400\nd.sample(4)\n' \
    | HOME="$WORK/home" "$BIN" $FLAGS 2>&1 | tail -n 1)
  check "language: the draws after the resizes are those of a run without them" \
    '[ -n "$resized_draws" ] && [ "$resized_draws" = "$piped_draws" ]'
  tm resize-window -t "$SESSION" -x 100 -y 40

  # The plain REPL through a pipe: every line answered in order, an error explained on the way,
  # the variables kept, no escape codes, exit status 0 at the end of input.
  pipe_output=$(printf 'let a = 3\ngrad a^2\nlet b = gamma(-1)\na + 1\n' | HOME="$WORK/home" TERM=xterm-256color "$BIN" $FLAGS 2>&1)
  pipe_status=$?
  check "language: a pipe answers a let" '[ "$(printf "%s\n" "$pipe_output" | head -n 1)" = "a = 3" ]'
  check "language: a pipe answers grad with d(a²)/da = 6" 'printf "%s\n" "$pipe_output" | grep -Eq "^grad +a +6$"'
  check "language: a pipe explains the bad line" 'printf "%s\n" "$pipe_output" | grep -q "gamma needs concentration to be positive, got -1"'
  check "language: a pipe keeps the variables after an error" '[ "$(printf "%s\n" "$pipe_output" | tail -n 1)" = 4 ]'
  check "language: a pipe writes no escape codes and exits 0" \
    '! printf "%s" "$pipe_output" | grep -q "$(printf "\033")" && [ "$pipe_status" = 0 ]'
}

if [ "$SUITE" = language ]; then language_checks; else demo_checks; fi

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
