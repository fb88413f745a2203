#!/usr/bin/env bash
# End-to-end: the real loyalnest binary in tmux on a fresh demo database. Starts the dashboard, visits every
# screen, finds a customer by part of an email, opens the journey, adjusts points with a reason and sees the
# balance change, opens help, changes theme and language, quits; then checks the terminal was given back and
# that the ledger holds the adjustment with its reason.
# Usage: scripts/e2e/dashboard.sh [path/to/loyalnest]
source "$(dirname "$0")/lib.sh"
BIN="$(realpath "${1:-.build/debug/loyalnest}")"
DB="$E2E_TMP/demo.sqlite"
export LOYALNEST_NOW=2026-11-20T15:00:00Z
"$BIN" --db "$DB" demo init --customers 300 --seed 3 --as-of 2026-11-20 >/dev/null

email="$(sqlite3 "$DB" "SELECT email FROM customers WHERE merchant_id = 1 AND email LIKE '%@%' ORDER BY id LIMIT 1")"
part="${email%%@*}"; part="${part#*.}@"       # e.g. "santos156@" — part of the address
cid="$(sqlite3 "$DB" "SELECT id FROM customers WHERE email = '$email'")"
total_before="$(sqlite3 "$DB" "SELECT points_balance FROM customers WHERE id = $cid")"
grouped() { sed ':a;s/\B[0-9]\{3\}\>/,&/;ta' <<<"$1"; }   # 12345 -> 12,345 as the en locale shows it

# The program's exit status and the terminal modes afterwards are printed into the pane for the checks below.
e2e_start 120 40 "env LANG=C.UTF-8 TERM=xterm-256color LOYALNEST_NOW=$LOYALNEST_NOW XDG_CONFIG_HOME=$E2E_TMP/config \
  $BIN --db $DB dashboard; echo \"EXIT=\$?\"; stty -a | tr ' ' '\n' | grep -x -e '-\\?echo' -e '-\\?icanon'; echo DONE"

e2e_wait_for "Northwind Coffee"
e2e_wait_for "Members"                    # the overview figures arrived from the background query
e2e_keys Tab; e2e_wait_for "customers in total"
e2e_keys 1;   e2e_wait_for "Top customers"
e2e_keys 2;   e2e_wait_for "customers in total"

e2e_keys /; e2e_type "$part"
e2e_wait_for "${email:0:18}"
e2e_wait_for "1 customer"
e2e_keys Enter                              # a single hit: Enter opens the journey
e2e_wait_for "Available "
before="$(e2e_screen | grep -o 'Available [0-9,]*' | head -1 | tr -dc '0-9')"

e2e_keys a; e2e_type "25"; e2e_keys Tab; e2e_type "goodwill e2e"; e2e_keys Enter
e2e_wait_for "Confirm"
e2e_keys Enter
after=$((before + 25))
e2e_wait_for "Available $(grouped $after)"
e2e_wait_for "goodwill e2e"                 # the new ledger entry, with its reason, in the timeline

e2e_keys '?'; e2e_wait_for "Everywhere"; e2e_keys Escape; e2e_wait_gone "Everywhere"
e2e_keys :; e2e_type "theme light"; e2e_keys Enter; e2e_wait_for "Theme: light"
e2e_keys :; e2e_type "lang es"; e2e_keys Enter; e2e_wait_for "Disponibles "
[[ "$(e2e_screen | grep -o 'Disponibles [0-9.,]*' | head -1 | tr -dc '0-9')" == "$after" ]] || e2e_fail "Spanish balance"
e2e_keys :; e2e_type "lang ar"; e2e_keys Enter; e2e_wait_for "$(LC_ALL=C.UTF-8 rev <<<'العودة')"   # RTL text is on screen in visual order
e2e_keys q
e2e_wait_for "DONE"
screen="$(e2e_history)"; [[ -n "${E2E_DEBUG:-}" ]] && cat -A <<<"$screen" >&2
grep -qx "EXIT=0" <<<"$screen" || e2e_fail "the dashboard did not exit with status 0"
grep -qx "echo" <<<"$screen" || e2e_fail "echo was not restored"
grep -qx "icanon" <<<"$screen" || e2e_fail "canonical mode was not restored"

stored="$(sqlite3 "$DB" "SELECT points_balance FROM customers WHERE id = $cid")"
[[ "$stored" == "$((total_before + 25))" ]] || e2e_fail "balance in the database is $stored, expected $((total_before + 25))"
reason="$(sqlite3 "$DB" "SELECT reason FROM points_transactions WHERE customer_id = $cid AND kind = 'adjust'")"
[[ "$reason" == "goodwill e2e" ]] || e2e_fail "ledger reason is '$reason'"
"$BIN" --db "$DB" doctor >/dev/null || e2e_fail "doctor found a problem after the dashboard's write"
echo "e2e dashboard: ok"
