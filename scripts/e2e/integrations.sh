#!/usr/bin/env bash
# End-to-end: the Integrations screen watching a live sync. Without credentials the screen says how to connect and
# every resource is "never synced"; then, with the loopback Shopify simulator's URL and token in
# LOYALNEST_SHOPIFY_URL / LOYALNEST_SHOPIFY_TOKEN, the dashboard's own background sync runs, the orders row turns
# "ok" with rows synced today, the header says "synced"; the sync-now key moves the API call figures and the
# rows synced today (the simulator keeps taking new orders); the API log opens. Kills the simulator at the end.
# Usage: scripts/e2e/integrations.sh [path/to/loyalnest]
source "$(dirname "$0")/lib.sh"
BIN="$(realpath "${1:-.build/debug/loyalnest}")"
DB="$E2E_TMP/demo.sqlite"
E2E_TIMEOUT="${E2E_TIMEOUT:-30}"
SIM_PID=""
stop_simulator() {
  if [[ -n "$SIM_PID" ]]; then kill "$SIM_PID" 2>/dev/null || true; wait "$SIM_PID" 2>/dev/null || true; SIM_PID=""; fi
}
trap 'stop_simulator; e2e_cleanup' EXIT

"$BIN" --db "$DB" demo init --customers 200 --seed 3 >/dev/null
# One scheduled run at start, then only the ones asked for with the key (the interval is an hour).
mkdir -p "$E2E_TMP/config/loyalnest"
printf '[shopify]\nsync_interval = 3600\n' >"$E2E_TMP/config/loyalnest/config.toml"
dashboard="env LANG=C.UTF-8 TERM=xterm-256color XDG_CONFIG_HOME=$E2E_TMP/config"

# e2e_wait_re REGEX: waits until a line of the screen matches the extended regular expression.
e2e_wait_re() {
  local deadline=$(( $(date +%s) + E2E_TIMEOUT ))
  while (( $(date +%s) < deadline )); do
    if e2e_screen | grep -qE -- "$1"; then return 0; fi
    sleep 0.1
  done
  e2e_fail "timed out waiting for a line matching: $1"
}
# figure REGEX: the first number in the first screen match of REGEX (digits only).
figure() { { e2e_screen | grep -oE -- "$1" | head -1 | grep -oE '[0-9][0-9,]*' | head -1 | tr -d ','; } || true; }

# 1. No credentials: nothing syncs, the screen says how to connect, sync now explains itself.
e2e_start 120 40 "env -u LOYALNEST_SHOPIFY_TOKEN -u LOYALNEST_SHOPIFY_URL $dashboard $BIN --db $DB dashboard; echo EXIT=\$?"
e2e_wait_for "OFFLINE"
e2e_keys 8; e2e_wait_for "Shopify is not connected"
e2e_wait_for "LOYALNEST_SHOPIFY_TOKEN"
e2e_wait_re "Orders +never synced"
e2e_keys S; e2e_wait_for "connect Shopify first"
e2e_keys q
e2e_wait_for "EXIT="
e2e_history | grep -qx "EXIT=0" || e2e_fail "the dashboard without credentials did not exit with 0"
tmux kill-server 2>/dev/null || true

# 2. The simulator: new orders keep arriving, so a second run has rows to read.
"$BIN" simulator serve --port 0 --orders 60 --seed 5 --no-throttle --live-orders-per-minute 600 \
  >"$E2E_TMP/simulator.out" 2>"$E2E_TMP/simulator.err" &
SIM_PID=$!
deadline=$(( $(date +%s) + E2E_TIMEOUT ))
until [[ -s "$E2E_TMP/simulator.out" ]]; do
  (( $(date +%s) < deadline )) || { cat "$E2E_TMP/simulator.err" >&2; e2e_fail "the simulator did not start"; }
  kill -0 "$SIM_PID" 2>/dev/null || { cat "$E2E_TMP/simulator.err" >&2; e2e_fail "the simulator exited"; }
  sleep 0.1
done
read -r SHOP_URL SHOP_TOKEN <"$E2E_TMP/simulator.out"

# 3. With credentials: the dashboard's background sync runs and the screen follows it live.
e2e_start 120 40 "env LOYALNEST_SHOPIFY_URL=$SHOP_URL LOYALNEST_SHOPIFY_TOKEN=$SHOP_TOKEN $dashboard $BIN --db $DB dashboard; echo EXIT=\$?"
e2e_wait_for "Northwind Coffee"
e2e_keys 8
e2e_wait_for "Background sync every 3,600 s"
e2e_wait_re "Orders +ok "
e2e_wait_re "Customers +ok "
e2e_wait_re "Deletions +ok "
e2e_wait_for "synced just now"
[[ "$(e2e_screen | grep -c OFFLINE)" == 0 ]] || e2e_fail "the header still says OFFLINE after a sync"
# The orders row ends: today, errors, 429s, throttled, circuit, backlog (each one word).
orders_today() { { e2e_screen | grep -E 'Orders +ok ' | awk '{print $(NF-5)}' | tr -d ','; } || true; }
today_before="$(orders_today)"
calls_before="$(figure 'Orders, last hour: [0-9,]+ calls')"
(( today_before > 0 )) || e2e_fail "no orders synced today after the first run (today=$today_before)"
(( calls_before > 0 )) || e2e_fail "no API calls recorded after the first run"

sleep 1.5   # a few live orders arrive at the simulator
e2e_keys S; e2e_wait_for "Sync requested"
deadline=$(( $(date +%s) + E2E_TIMEOUT ))
while :; do
  calls_after="$(figure 'Orders, last hour: [0-9,]+ calls')"
  today_after="$(orders_today)"
  if [[ -n "$calls_after" && -n "$today_after" ]] && (( calls_after > calls_before && today_after > today_before )); then break; fi
  (( $(date +%s) < deadline )) || e2e_fail "sync now did not move the figures (calls $calls_before -> ${calls_after:-?}, today $today_before -> ${today_after:-?})"
  sleep 0.2
done

# 4. The API log: every call, then back.
e2e_keys e; e2e_wait_for "API log: failed calls"
e2e_keys e; e2e_wait_for "API log: every call"
e2e_wait_for "graphql orders"
e2e_keys Escape; e2e_wait_for "Last errors"
e2e_keys q
e2e_wait_for "EXIT="
e2e_history | grep -qx "EXIT=0" || e2e_fail "the dashboard did not exit with 0"
stop_simulator

synced="$(sqlite3 "$DB" "SELECT COUNT(*) FROM integrations WHERE status = 'ok'")"
[[ "$synced" == 3 ]] || e2e_fail "integrations rows with status ok: $synced, expected 3"
"$BIN" --db "$DB" doctor >/dev/null || e2e_fail "doctor found a problem after the sync"
echo "e2e integrations: ok (orders today $today_before -> $today_after, calls $calls_before -> $calls_after)"
