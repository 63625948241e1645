#!/usr/bin/env bash
# End-to-end: the devnet serves Prometheus metrics, openledgerd's own on
# OPENLEDGER_METRICS_PORT and CometBFT's on OPENLEDGER_COMETBFT_METRICS_PORT.
#   - both answer GET /metrics in the text format; openledgerd's has every documented family
#   - two sends with the CLI move openledger_txs_total{code="0"} by two and CheckTx's accepted
#     counter by at least two; a send with a fee below the minimum is counted under
#     openledger_check_tx_rejected_total{reason="fee"}
#   - the block height, FinalizeBlock and Commit histograms and the store size move with blocks
#   - CometBFT's consensus height, block interval and mempool size are exported
E2E_PORT_BASE="${E2E_PORT_BASE:-30100}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

start_devnet
APP_METRICS="http://127.0.0.1:$OPENLEDGER_METRICS_PORT/metrics"
CMT_METRICS="http://127.0.0.1:$OPENLEDGER_COMETBFT_METRICS_PORT/metrics"

scrape() { # URL FILE
  curl -sf --max-time 5 -D "$2.headers" "$1" >"$2" || fail "GET $1 failed"
}

# metric FILE SERIES: the value of the series (name with its labels as printed), 0 if absent
metric() {
  python3 - "$1" "$2" <<'PY'
import sys
path, series = sys.argv[1], sys.argv[2]
for line in open(path):
    if line.startswith(series + " "):
        v = float(line.split()[-1])
        print(int(v) if v == int(v) else v)
        break
else:
    print(0)
PY
}

step "openledgerd /metrics on 127.0.0.1:$OPENLEDGER_METRICS_PORT"
scrape "$APP_METRICS" "$WORK/app0.txt"
grep -qi '^content-type: text/plain; version=0.0.4' "$WORK/app0.txt.headers" ||
  { cat "$WORK/app0.txt.headers" >&2; fail "openledgerd /metrics is not the Prometheus text format"; }
for family in openledger_txs_total openledger_block_height openledger_finalize_block_seconds \
  openledger_commit_seconds openledger_block_gas_used openledger_check_tx_accepted_total \
  openledger_check_tx_rejected_total openledger_attribution_receipts_total \
  openledger_attribution_inference_fees_aopen_total openledger_attribution_challenges_settled_total \
  openledger_store_disk_bytes; do
  grep -q "^# TYPE $family " "$WORK/app0.txt" || fail "openledgerd /metrics has no $family"
done
OK0="$(metric "$WORK/app0.txt" 'openledger_txs_total{code="0",codespace=""}')"
ACC0="$(metric "$WORK/app0.txt" 'openledger_check_tx_accepted_total{kind="new"}')"
FEE0="$(metric "$WORK/app0.txt" 'openledger_check_tx_rejected_total{kind="new",reason="fee"}')"
BLOCKS0="$(metric "$WORK/app0.txt" 'openledger_finalize_block_seconds_count')"
expect_eq "the devnet has committed blocks" True "$(calc "$(metric "$WORK/app0.txt" openledger_block_height) >= 1")"
code="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$OPENLEDGER_METRICS_PORT/other")"
expect_eq "another path" 404 "$code"

step "two sends with the CLI and one with too small a fee"
import_key alice
FRESH="$(new_key fresh)"
for amount in 1OPEN 2OPEN; do
  ol_capture tx bank send alice "$FRESH" "$amount" --fees "${FEE_AOPEN}aopen" --yes --output json ||
    { show_last; fail "tx bank send $amount failed"; }
  expect_eq "send $amount result code" 0 "$(json_find code <"$WORK/last.out" 2>/dev/null || echo 0)"
done
if ol_capture tx bank send alice "$FRESH" 1aopen --fees 1aopen --yes --output json; then
  show_last
  fail "a send paying 1aopen of fee was accepted"
fi
H="$(rpc_height)"
wait_for_height $((H + 1)) 30

step "the counters moved"
scrape "$APP_METRICS" "$WORK/app1.txt"
expect_eq "delivered txs with code 0" "$(calc "$OK0 + 2")" \
  "$(metric "$WORK/app1.txt" 'openledger_txs_total{code="0",codespace=""}')"
expect_eq "CheckTx accepted at least the two sends" True \
  "$(calc "$(metric "$WORK/app1.txt" 'openledger_check_tx_accepted_total{kind="new"}') >= $ACC0 + 2")"
expect_eq "CheckTx refusals for the fee" "$(calc "$FEE0 + 1")" \
  "$(metric "$WORK/app1.txt" 'openledger_check_tx_rejected_total{kind="new",reason="fee"}')"
expect_eq "FinalizeBlock observed more blocks" True \
  "$(calc "$(metric "$WORK/app1.txt" openledger_finalize_block_seconds_count) > $BLOCKS0")"
expect_eq "Commit observed as many blocks as FinalizeBlock (give or take the one in flight)" True \
  "$(calc "abs($(metric "$WORK/app1.txt" openledger_commit_seconds_count) - $(metric "$WORK/app1.txt" openledger_finalize_block_seconds_count)) <= 1")"
expect_eq "gas was used" True "$(calc "$(metric "$WORK/app1.txt" openledger_gas_used_total) > 0")"
expect_eq "the store has a size on disk" True "$(calc "$(metric "$WORK/app1.txt" openledger_store_disk_bytes) > 0")"
# blocks come every half second: the app's height is read between two of CometBFT's
H0="$(rpc_height)"
scrape "$APP_METRICS" "$WORK/app2.txt"
H1="$(rpc_height)"
APP_HEIGHT="$(metric "$WORK/app2.txt" openledger_block_height)"
expect_eq "the app's committed height ($APP_HEIGHT) is CometBFT's ($H0..$H1)" True \
  "$(calc "$H0 - 1 <= $APP_HEIGHT <= $H1")"

step "CometBFT /metrics on 127.0.0.1:$OPENLEDGER_COMETBFT_METRICS_PORT"
scrape "$CMT_METRICS" "$WORK/cmt.txt"
for series in cometbft_consensus_height cometbft_consensus_block_interval_seconds_count cometbft_mempool_size; do
  grep -q "^$series[{ ]" "$WORK/cmt.txt" || fail "CometBFT /metrics has no $series"
done
CMT_HEIGHT="$(grep '^cometbft_consensus_height[{ ]' "$WORK/cmt.txt" | head -1 | awk '{print $NF}')"
expect_eq "CometBFT's consensus height is past the sends" True "$(calc "int(float('$CMT_HEIGHT')) > $H")"

e2e_pass
