#!/usr/bin/env bash
# End-to-end hostile conditions for the dashboard, each on the real binary in tmux: a 20×5 terminal and a storm
# of resizes, LANG=C, TERM=dumb and an unknown TERM, Ctrl-C inside a confirmation (nothing written), SIGTERM.
# Usage: scripts/e2e/hostile.sh [path/to/loyalnest]
source "$(dirname "$0")/lib.sh"
BIN="$(realpath "${1:-.build/debug/loyalnest}")"
DB="$E2E_TMP/demo.sqlite"
export LOYALNEST_NOW=2026-11-20T15:00:00Z
"$BIN" --db "$DB" demo init --customers 200 --seed 5 --as-of 2026-11-20 >/dev/null
RUN="env LOYALNEST_NOW=$LOYALNEST_NOW XDG_CONFIG_HOME=$E2E_TMP/config $BIN --db $DB dashboard"
AFTER='echo "EXIT=$?"; stty -a | tr " " "\n" | grep -x -e "-\?echo" -e "-\?icanon"; echo DONE'

restart() { tmux kill-server 2>/dev/null || true; e2e_start "$@"; }
expect_clean_exit() {  # $1: expected exit status
  e2e_wait_for "DONE"
  local screen; screen="$(e2e_history)"
  grep -qx "EXIT=$1" <<<"$screen" || e2e_fail "expected exit status $1"
  grep -qx "echo" <<<"$screen" || e2e_fail "echo was not restored"
  grep -qx "icanon" <<<"$screen" || e2e_fail "canonical mode was not restored"
}

# 1. Too small, then a resize storm, then back to work.
restart 20 5 "LANG=C.UTF-8 TERM=xterm-256color $RUN; $AFTER"
e2e_wait_for "Enlarge"
for i in $(seq 1 40); do tmux resize-window -t "$E2E_SESSION" -x $((20 + i * 3)) -y $((5 + i)); done
for i in $(seq 1 20); do tmux resize-window -t "$E2E_SESSION" -x $((140 - i * 4)) -y $((45 - i)); done
tmux resize-window -t "$E2E_SESSION" -x 100 -y 30
e2e_wait_for "Members"
e2e_wait_gone "Enlarge"
e2e_keys 2; e2e_wait_for "customers in total"
tmux resize-window -t "$E2E_SESSION" -x 59 -y 16; e2e_wait_for "Enlarge"
tmux resize-window -t "$E2E_SESSION" -x 60 -y 16; e2e_wait_gone "Enlarge"
e2e_keys q; expect_clean_exit 0

# 2. LANG=C: not UTF-8, so ASCII borders and marks only.
restart 100 30 "LANG=C LC_ALL=C TERM=xterm-256color $RUN; $AFTER"
e2e_wait_for "Members"
e2e_keys '?'; e2e_wait_for "Everywhere"
if e2e_screen | grep -q '[│─┌┐└┘▶…]'; then e2e_fail "box-drawing characters under LANG=C"; fi
e2e_keys Escape; e2e_wait_gone "Everywhere"; e2e_keys q; expect_clean_exit 0

# 3. TERM=dumb and an unknown TERM: a clear message and status 2, terminal untouched.
restart 250 10 "LANG=C.UTF-8 TERM=dumb $RUN; $AFTER"
e2e_wait_for "cannot move the cursor"; expect_clean_exit 2
restart 250 10 "LANG=C.UTF-8 TERM=no-such-terminal-xyz $RUN; $AFTER"
e2e_wait_for "not in the terminfo database"; expect_clean_exit 2

# 4. Ctrl-C in the middle of a confirmation: the terminal comes back and nothing is written.
ledger_before="$(sqlite3 "$DB" "SELECT COUNT(*) FROM points_transactions")"
restart 100 30 "LANG=C.UTF-8 TERM=xterm-256color $RUN; $AFTER"
e2e_keys 2; e2e_wait_for "customers in total"
e2e_keys Enter; e2e_wait_for "Available "
e2e_keys a; e2e_type 40; e2e_keys Tab; e2e_type "should not be written"; e2e_keys Enter
e2e_wait_for "Confirm"
e2e_keys C-c; expect_clean_exit 0
[[ "$(sqlite3 "$DB" "SELECT COUNT(*) FROM points_transactions")" == "$ledger_before" ]] || e2e_fail "Ctrl-C in a dialog wrote to the ledger"

# 5. SIGTERM while running: exit status 143 (128 + 15), terminal restored.
restart 100 30 "LANG=C.UTF-8 TERM=xterm-256color $RUN; $AFTER"
e2e_wait_for "Members"
pid="$(pgrep -f -n "$BIN --db $DB dashboard")"
kill -TERM "$pid"
expect_clean_exit 143
echo "e2e hostile: ok"
