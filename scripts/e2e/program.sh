#!/usr/bin/env bash
# End-to-end: program rules in the real loyalnest binary under tmux, on a fresh demo database. Creates a VIP tier
# with the editor and checks its what-if preview before saving; creates a multiplier campaign, previews its launch
# and launches it; sees the new tier in the Overview's customers per tier; quits. Then checks the database: the
# tier and campaign rows, their audit_logs writes, the customers' stored tiers against what the preview and the
# Overview showed, and `loyalnest doctor`.
# Usage: scripts/e2e/program.sh [path/to/loyalnest]
source "$(dirname "$0")/lib.sh"
BIN="$(realpath "${1:-.build/debug/loyalnest}")"
DB="$E2E_TMP/demo.sqlite"
export LOYALNEST_NOW=2026-11-20T15:00:00Z
export LC_ALL=C.UTF-8   # the screen is UTF-8 (arrows, bars); grep and sed must read it as such
"$BIN" --db "$DB" demo init --customers 300 --seed 3 --as-of 2026-11-20 >/dev/null
merchant="$(sqlite3 "$DB" "SELECT id FROM merchants WHERE shop_domain = 'northwind-coffee.myshopify.com'")"
[[ -n "$merchant" ]] || e2e_fail "the demo store has no Northwind merchant"
sql() { sqlite3 "$DB" "$1"; }
digits() { tr -dc '0-9'; }
# on_screen REGEX: the first match of an extended regex on the current screen (empty when none).
on_screen() { e2e_screen | grep -oE -- "$1" | head -1 || true; }

e2e_start 120 40 "env LANG=C.UTF-8 TERM=xterm-256color LOYALNEST_NOW=$LOYALNEST_NOW XDG_CONFIG_HOME=$E2E_TMP/config \
  $BIN --db $DB dashboard; echo \"EXIT=\$?\""
e2e_wait_for "Northwind Coffee"
e2e_wait_for "Members"

# --- VIP Tiers: a new tier through the editor, previewed before it is saved ---
e2e_keys 4; e2e_wait_for "No tiers yet"
e2e_keys n; e2e_wait_for "New tier"
e2e_type "gold"; e2e_keys Tab
e2e_type "Gold"; e2e_keys Tab
e2e_type "500.00"; e2e_keys Tab C-u
e2e_type "1.5"
e2e_keys Enter
e2e_wait_for "What-if: Create tier gold"
e2e_wait_for "Tier moves"                      # the replay has answered
moving_in="$(on_screen 'No tier → Gold +[0-9,]+ customers' | digits)"
[[ -n "$moving_in" && "$moving_in" -gt 0 ]] || e2e_fail "the what-if shows no customers moving into Gold"
predicted="$(on_screen 'Gold +0 → [0-9,]+' | sed 's/.*→//' | digits)"
[[ "$predicted" == "$moving_in" ]] || e2e_fail "the what-if's Gold count ($predicted) is not the customers moving in ($moving_in)"
[[ "$(sql "SELECT COUNT(*) FROM vip_tiers")" == 0 ]] || e2e_fail "the preview wrote a tier before Enter"
e2e_keys Enter
e2e_wait_for "Tier gold saved"
listed="$(e2e_wait_match 'gold +Gold +\$500\.00 +×1\.5 +[0-9,]+' | sed 's/.*×1\.5//' | digits)"
[[ "$listed" == "$moving_in" ]] || e2e_fail "the tier table shows $listed members of gold; the what-if predicted $moving_in"

# --- Campaigns: a multiplier campaign saved as a draft, its launch previewed, then launched ---
e2e_keys 5; e2e_wait_for "No campaigns yet"
e2e_keys n; e2e_wait_for "New campaign"
e2e_type "E2E double points"; e2e_keys Tab Tab Tab C-u   # name → kind → multiplier (2 by default) → starts
e2e_type "2026-11-01"; e2e_keys Tab C-u
e2e_type "2026-12-01"
e2e_keys Enter
e2e_wait_for "as a draft?"
e2e_keys Enter
e2e_wait_for "E2E double points” saved"
e2e_wait_match 'E2E double points +×2 +draft' >/dev/null   # the list has reloaded with the draft selected
e2e_keys L
e2e_wait_for "What-if: Launch E2E double points"
e2e_wait_for "Tier moves"
issued="$(on_screen 'Points issued +[0-9,]+ → [0-9,]+ +\(\+[0-9,]+\)')"
[[ -n "$issued" ]] || e2e_fail "the launch preview shows no points issued line"
extra="$(grep -oE '\(\+[0-9,]+\)' <<<"$issued" | digits)"
[[ "$extra" -gt 0 ]] || e2e_fail "the launch preview shows no extra points for a 2× campaign over past orders: $issued"
[[ "$(sql "SELECT status FROM bonus_campaigns")" == draft ]] || e2e_fail "the preview launched the campaign before Enter"
e2e_keys Enter
e2e_wait_for "is now active"

# --- Overview: the new tier in the customers per tier ---
e2e_keys 1; e2e_wait_for "Customers per VIP tier"
overview_gold="$(e2e_wait_match 'Gold [^0-9]*[0-9,]+ · [0-9]+%' | sed 's/ ·.*//' | digits)"
[[ "$overview_gold" == "$moving_in" ]] || e2e_fail "the Overview shows $overview_gold customers in Gold; expected $moving_in"
overview_none="$(on_screen 'No tier [^0-9]*[0-9,]+ · [0-9]+%' | sed 's/ ·.*//' | digits)"

e2e_keys q
e2e_wait_for "EXIT="
e2e_history | grep -qx "EXIT=0" || e2e_fail "the dashboard did not exit with status 0"

# --- The database ---
[[ "$(sql "SELECT COUNT(*) FROM vip_tiers WHERE merchant_id = $merchant AND key = 'gold' AND deleted_at IS NULL
            AND threshold = 50000 AND json_extract(definition_json, '$.multiplier') = '1.5'")" == 1 ]] \
  || e2e_fail "no gold tier (threshold 500.00, ×1.5) in vip_tiers: $(sql "SELECT * FROM vip_tiers")"
campaign="$(sql "SELECT id || '|' || status || '|' || kind || '|' || json_extract(definition_json, '$.multiplier')
                 FROM bonus_campaigns WHERE merchant_id = $merchant
                 AND json_extract(definition_json, '$.name.en') = 'E2E double points'")"
[[ "$campaign" =~ ^[0-9]+\|active\|multiplier\|2$ ]] || e2e_fail "the campaign row is '$campaign', expected an active ×2 multiplier"
campaign_id="${campaign%%|*}"
tier_id="$(sql "SELECT id FROM vip_tiers WHERE merchant_id = $merchant AND key = 'gold'")"
for write in "tier.create|vip_tier|$tier_id" "campaign.create|bonus_campaign|$campaign_id" "campaign.launch|bonus_campaign|$campaign_id"; do
  IFS='|' read -r action entity id <<<"$write"
  n="$(sql "SELECT COUNT(*) FROM audit_logs WHERE merchant_id = $merchant AND action = '$action' AND entity = '$entity'
            AND entity_id = $id AND operator_name = 'ada'")"
  [[ "$n" == 1 ]] || e2e_fail "audit_logs has $n rows for $action of $entity $id by ada, expected 1"
done
stored_gold="$(sql "SELECT COUNT(*) FROM customers WHERE merchant_id = $merchant AND tier_key = 'gold'")"
[[ "$stored_gold" == "$overview_gold" ]] || e2e_fail "$stored_gold customers hold gold in the database; the Overview showed $overview_gold"
stored_none="$(sql "SELECT COUNT(*) FROM customers WHERE merchant_id = $merchant AND tier_key IS NULL")"
[[ "$stored_none" == "$overview_none" ]] || e2e_fail "$stored_none customers hold no tier in the database; the Overview showed $overview_none"
history="$(sql "SELECT COUNT(*) FROM customer_tier_history WHERE merchant_id = $merchant AND to_key = 'gold'")"
[[ "$history" == "$stored_gold" ]] || e2e_fail "customer_tier_history has $history moves into gold for $stored_gold members"
"$BIN" --db "$DB" doctor >/dev/null || e2e_fail "doctor found a problem after the program writes"
echo "e2e program: ok (gold: $stored_gold customers, launch preview +$extra points)"
