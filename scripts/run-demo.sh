#!/bin/sh
# `make run`: a loopback Shopify simulator in the background (new orders every few seconds), then the dashboard on
# the demo store, syncing from it. The simulator stops when the dashboard exits.
set -eu
BIN=$1
DB=$2
DIR=$(dirname "$DB")
"$BIN" simulator serve --port 0 --orders 2000 --seed 1 --live-orders-per-minute 20 --restore-rate 2000 >"$DIR/simulator.out" 2>"$DIR/simulator.log" &
SIM=$!
trap 'kill $SIM 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 50); do
    [ -s "$DIR/simulator.out" ] && break
    sleep 0.1
done
read -r URL TOKEN <"$DIR/simulator.out" || { echo "the Shopify simulator did not start; see $DIR/simulator.log" >&2; exit 1; }
LOYALNEST_SHOPIFY_URL=$URL LOYALNEST_SHOPIFY_TOKEN=$TOKEN LOYALNEST_SYNC_INTERVAL=${LOYALNEST_SYNC_INTERVAL:-15} \
    "$BIN" --db "$DB" dashboard
