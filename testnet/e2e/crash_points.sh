#!/usr/bin/env bash
# End-to-end crash points: the node dies at precise moments of a block and nothing is lost.
#
# The devnet runs openledgerd-testhooks (testnet/build-testhooks.sh: the `failpoints` feature),
# whose crash points abort the process when armed through FAILPOINTS (docs/faults.md):
#   finalize-after       FinalizeBlock computed the app hash, the reply is not sent
#   commit-before-write  inside Commit, before the new version is published and queued
#   commit-after-write   the store's background writer has written and flushed the batch (the
#                        reply to CometBFT may or may not be sent)
# (`commit-before-background-write`, in the writer before it applies the batch, is not in the
# default plan, which would then take over 3 minutes; arm it with OPENLEDGER_CRASH_POINTS.)
# Each point gets its own devnet; the three run side by side. For each point, KILLS times:
# start the devnet with the point armed as "<skip>*off-><percent>%return" (the first <skip>
# hits pass, among them the block CometBFT's handshake replays; then each hit kills with that
# probability), wait until openledgerd dies, check its log says it died at that point and
# nowhere else, stop CometBFT (SIGKILL if it hangs on the dead connection for 0.5s), start
# again (the handshake replays what the app lost) and check the chain did not go back below
# what the app had committed. Meanwhile a background stream broadcasts transfers carol ->
# sinks (sync, explicit sequence, a few per block); transfer i sends 2^(i mod 60) aopen to sink
# i/60, so the sinks' balances say exactly which transfers executed. At the end, with no point
# armed:
#   - the chain still produces blocks; the app hash of /abci_info is the one the next block's
#     header carries, at a few heights
#   - no app hash mismatch or handshake error in the logs
#   - every tx of every block (/block, /block_results) appears once, with code 0; the transfers
#     in blocks are exactly the ones the balances show executed: the sinks hold exactly their
#     sum, and the sender lost exactly that sum plus one fee each
#   - each of them is in CometBFT's tx index at its height, unless CometBFT never logged its
#     block as indexed (it indexes after committing and not again after a restart)
#   - every transfer accepted after the disarmed restart is in a block (one accepted before a
#     death may have gone with the dead node's mempool, which CometBFT does not persist)
#
# Env: OPENLEDGER_CRASH_POINT_KILLS (default 20 per point), OPENLEDGER_CRASH_POINTS (default
# "finalize-after commit-before-write commit-after-write"), OPENLEDGER_CRASH_POINTS_PARALLEL
# (1: a devnet per point side by side, default; 0: one devnet, points in turn),
# OPENLEDGER_CRASH_POINT_PERCENT (kill probability per hit once armed, default 40),
# OPENLEDGER_CRASH_POINT_SKIP (hits let through after each start, default 6),
# OPENLEDGER_TIMEOUT_COMMIT (default 100ms here).
E2E_PORT_BASE="${E2E_PORT_BASE:-30400}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
unset FAILPOINTS

KILLS="${OPENLEDGER_CRASH_POINT_KILLS:-20}"
read -r -a POINTS <<<"${OPENLEDGER_CRASH_POINTS:-finalize-after commit-before-write commit-after-write}"
PERCENT="${OPENLEDGER_CRASH_POINT_PERCENT:-40}"
SKIP="${OPENLEDGER_CRASH_POINT_SKIP:-6}"
PER_SINK=60
SINKS=3
STREAM_PAUSE=0.05
export OPENLEDGER_TIMEOUT_COMMIT="${OPENLEDGER_TIMEOUT_COMMIT:-100ms}"
export OPENLEDGER_WEB=0
export OPENLEDGERD_BIN="${OPENLEDGERD_BIN:-${CARGO_TARGET_DIR:-$REPO_ROOT/target}/$OPENLEDGER_PROFILE/openledgerd-testhooks}"
# with both binaries given, devnet.sh does not try to rebuild them
export OPENLEDGER_BIN="$CLI"
if [[ -x "$REPO_ROOT/.tools/bin/cometbft" ]]; then
  export COMETBFT_BIN="${COMETBFT_BIN:-$REPO_ROOT/.tools/bin/cometbft}"
fi
[[ -x "$OPENLEDGERD_BIN" ]] || fail "$OPENLEDGERD_BIN not found: run testnet/build-testhooks.sh"
# SIGABRT must not leave core files behind
ulimit -c 0
((KILLS >= 1)) || fail "OPENLEDGER_CRASH_POINT_KILLS must be at least 1"

# --- several points: one devnet per point, side by side (this script again, one point each) -----
if ((${#POINTS[@]} > 1)) && [[ "${OPENLEDGER_CRASH_POINTS_PARALLEL:-1}" == 1 ]]; then
  T0=$SECONDS
  step "one devnet per crash point, side by side: ${POINTS[*]}"
  PIDS=()
  for k in "${!POINTS[@]}"; do
    point="${POINTS[k]}"
    OPENLEDGER_CRASH_POINTS="$point" OPENLEDGER_CRASH_POINTS_PARALLEL=0 \
      E2E_PORT_BASE=$((E2E_PORT_BASE + 10 + 30 * k)) OPENLEDGER_E2E_WORKDIR="$WORK/$point" \
      OPENLEDGER_E2E_ARTIFACTS="$ARTIFACTS/$point" \
      bash "${BASH_SOURCE[0]}" </dev/null > >(exec sed -u "s/^/$point | /" >&2) 2>&1 &
    PIDS+=($!)
  done
  E2E_BG_PIDS="${PIDS[*]}"
  FAILED=()
  for k in "${!PIDS[@]}"; do
    wait "${PIDS[k]}" || FAILED+=("${POINTS[k]}")
  done
  E2E_BG_PIDS=""
  ((${#FAILED[@]} == 0)) || fail "crash points failed: ${FAILED[*]} (logs in $ARTIFACTS/<point>/)"
  step "summary"
  for point in "${POINTS[@]}"; do
    log "$point: $(cat "$WORK/$point/summary.txt" 2>/dev/null || echo 'no summary')"
  done
  log "wall time $((SECONDS - T0))s for ${#POINTS[@]} points side by side"
  e2e_pass
  exit 0
fi

T0=$SECONDS
TRANSFERS="$WORK/transfers.log"
STREAM_ERRORS="$WORK/stream-errors.log"
DEATHS="$WORK/deaths.log"
: >"$TRANSFERS"
: >"$STREAM_ERRORS"
: >"$DEATHS"
APP_LOG="$OPENLEDGER_DEVNET_HOME/logs/openledgerd.log"
CMT_LOG="$OPENLEDGER_DEVNET_HOME/logs/cometbft.log"

start_devnet
import_key carol
CAROL="$(account_field carol address)"
SINK_ADDRS=()
for ((s = 0; s < SINKS; s++)); do
  SINK_ADDRS+=("$(new_key "sink$s")")
done
CAROL0="$(balance "$CAROL")"
expect_eq "the first sink starts empty" 0 "$(balance "${SINK_ADDRS[0]}")"
ol_capture query auth account "$CAROL" --output json || { show_last; fail "query auth account carol failed"; }
ACCOUNT_NUMBER="$(json_find account_number <"$WORK/last.out")"

# --- the transfer stream -------------------------------------------------------------------------
# Sequential transfers broadcast with sync (CheckTx only) and an explicit sequence, so a block
# holds a few. What a dead node's mempool held is gone, what a stored block held is replayed: the
# next broadcast uses the sequence CheckTx says it expects.

rpc_up() { curl -sf --max-time 1 "$RPC/status" >/dev/null 2>&1; }
stopped() { [[ -e "$WORK/stream.stop" ]]; }

stream() {
  local i amt rc hash sink seq="" out="$WORK/stream.out" err="$WORK/stream.err"
  for ((i = 0; i < SINKS * PER_SINK; )); do
    stopped && break
    while ! rpc_up; do
      stopped && break 2
      sleep 0.05
    done
    if [[ -z "$seq" ]]; then
      if "$CLI" --node "$RPC" --home "$KEYRING" query auth account "$CAROL" --output json >"$out" 2>"$err"; then
        seq="$(json_find sequence <"$out" 2>/dev/null || true)"
      fi
      if [[ -z "$seq" ]]; then
        sleep 0.1
        continue
      fi
    fi
    sink="${SINK_ADDRS[i / PER_SINK]}"
    amt=$((1 << (i % PER_SINK)))
    rc=0
    timeout 20 "$CLI" --node "$RPC" --home "$KEYRING" tx bank send carol "$sink" "${amt}aopen" \
      --fees "${FEE_AOPEN}aopen" --broadcast-mode sync --sequence "$seq" \
      --account-number "$ACCOUNT_NUMBER" --yes --output json >"$out" 2>"$err" || rc=$?
    # the hash also when the broadcast failed: the node may have taken the tx before it died
    hash="$(cat "$out" "$err" | grep -oE '[0-9A-F]{64}' | head -n 1 || true)"
    if ((rc == 0)); then
      echo "$i $amt sent ${hash:--} $seq $(date +%T.%N)" >>"$TRANSFERS"
      seq=$((seq + 1))
    else
      echo "$i $amt fail ${hash:--} $seq $(date +%T.%N)" >>"$TRANSFERS"
      { echo "transfer $i (sequence $seq) exit $rc at $(date +%T.%N):"; cat "$out" "$err"; } >>"$STREAM_ERRORS"
      # after a death the chain's sequence may be behind ours (the mempool is gone): CheckTx says
      # which one it expects. A node that refused the connection never saw the tx: keep ours.
      # Anything else: ask the chain.
      if grep -qE 'sequence mismatch, expected [0-9]+' "$out" "$err"; then
        seq="$(cat "$out" "$err" | grep -oE 'sequence mismatch, expected [0-9]+' | grep -oE '[0-9]+$' | head -n 1)"
      elif ! cat "$out" "$err" | grep -q 'Connection refused'; then
        seq=""
      fi
    fi
    i=$((i + 1))
    sleep "$STREAM_PAUSE"
  done
  echo "end" >>"$TRANSFERS"
}

count_sent() { grep -c ' sent ' "$TRANSFERS" || true; }
app_pid() { cat "$OPENLEDGER_DEVNET_HOME/openledgerd.pid" 2>/dev/null || true; }
# a dead process may stay a zombie until init reaps it: that is dead too
alive() {
  local stat
  [[ -n "$1" ]] && stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != Z ]]
}
point_lines() { grep -c "crash point $1: aborting" "$APP_LOG" || true; }
# the last height openledgerd logged as committed
app_committed() {
  local h
  h="$(grep -oE 'committed block height=[0-9]+' "$APP_LOG" | tail -n 1 | grep -oE '[0-9]+$' || true)"
  echo "${h:-0}"
}

# the devnet with FAILPOINTS as given (empty: nothing armed); true when it produces blocks
# (a death during the start makes devnet.sh stop CometBFT: 1s before its SIGKILL)
devnet_start() { # FAILPOINTS OUTFILE
  FAILPOINTS="$1" OPENLEDGER_STOP_TIMEOUT=1 "$DEVNET" start >"$2" 2>&1
}
devnet_stop() { OPENLEDGER_STOP_TIMEOUT="$1" "$DEVNET" stop >/dev/null 2>&1 || true; }

step "stream: transfers carol -> ${#SINK_ADDRS[@]} sinks in the background"
stream &
STREAM_PID=$!
E2E_BG_PIDS="$STREAM_PID"
deadline=$((SECONDS + 60))
until (($(count_sent) >= 2)); do
  ((SECONDS < deadline)) || fail "no transfer accepted within 60s; see $STREAM_ERRORS"
  sleep 0.2
done
devnet_stop 20

declare -A DEATH_COUNT
for point in "${POINTS[@]}"; do
  step "crash point $point: $KILLS deaths (armed as ${SKIP}*off->${PERCENT}%return)"
  P0=$SECONDS
  deaths=0 starts=0
  while ((deaths < KILLS)); do
    before="$(point_lines "$point")"
    committed="$(app_committed)"
    starts=$((starts + 1))
    ((starts <= 3 * KILLS + 5)) || fail "$point: $starts starts for $deaths deaths"
    if devnet_start "$point=${SKIP}*off->${PERCENT}%return" "$WORK/devnet-start.out"; then
      pid="$(app_pid)"
      h0="$(rpc_height 2>/dev/null || echo 0)"
      # nothing the app had committed before its death is lost
      ((h0 == 0 || h0 >= committed)) || fail "$point: restarted at height $h0, below $committed committed before the death"
      deadline=$((SECONDS + 60))
      while alive "$pid"; do
        ((SECONDS < deadline)) || fail "$point: openledgerd (pid $pid) still alive 60s after the start at height $h0"
        sleep 0.05
      done
    elif (($(point_lines "$point") == before)); then
      # the point may fire before the start saw a new block; any other start failure is fatal
      cat "$WORK/devnet-start.out" >&2
      fail "$point: devnet start failed without the crash point firing"
    fi
    after="$(point_lines "$point")"
    ((after == before + 1)) ||
      fail "$point: openledgerd died but its log has $((after - before)) new 'crash point $point' lines (died elsewhere?)"
    # the block being committed when the app died: the one after the last it logged as committed
    # (commit-after-write, in the background writer, may fire before or after that log line)
    hd=$(($(app_committed) + 1))
    echo "# death $point $hd $(date +%T.%N)" >>"$TRANSFERS"
    # CometBFT stops by itself when the app's connection breaks, or hangs on it (after a death
    # inside Commit): give it half a second, then SIGKILL (its stores are crash-safe)
    cmt="$(cat "$OPENLEDGER_DEVNET_HOME/cometbft.pid" 2>/dev/null || true)"
    for ((t = 0; t < 10; t++)); do
      alive "$cmt" || break
      sleep 0.05
    done
    devnet_stop 0
    deaths=$((deaths + 1))
    echo "$point $deaths $hd" >>"$DEATHS"
    log "$point: death $deaths/$KILLS in block $hd, $(count_sent) transfers accepted so far"
  done
  DEATH_COUNT[$point]=$deaths
  log "$point: $deaths deaths in $((SECONDS - P0))s"
done

step "disarmed: start again, a few more transfers, stop the stream"
devnet_start "" "$WORK/devnet-start.out" || { cat "$WORK/devnet-start.out" >&2; fail "devnet start with no crash point armed failed"; }
echo "# disarmed" >>"$TRANSFERS"
n="$(count_sent)"
deadline=$((SECONDS + 60))
until (($(count_sent) >= n + 3)); do
  ((SECONDS < deadline)) || fail "no transfer accepted after the last restart; see $STREAM_ERRORS"
  sleep 0.2
done
touch "$WORK/stream.stop"
deadline=$((SECONDS + 60))
while alive "$STREAM_PID"; do
  ((SECONDS < deadline)) || fail "transfer stream still running 60s after the stop"
  sleep 0.1
done
wait "$STREAM_PID" || true
E2E_BG_PIDS=""
grep -q '^end$' "$TRANSFERS" || fail "transfer stream did not complete"

step "the chain is still producing blocks; /abci_info agrees with the next headers"
H="$(rpc_height)"
wait_for_height $((H + 3)) 60
for _ in 1 2 3; do
  read -r ah ahash < <(curl -sf "$RPC/abci_info" | python3 -c '
import base64, json, sys
r = json.load(sys.stdin)["result"]["response"]
print(r["last_block_height"], base64.b64decode(r.get("last_block_app_hash") or "").hex().upper())')
  wait_for_height $((ah + 1)) 30
  hh="$(curl -sf "$RPC/block?height=$((ah + 1))" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["block"]["header"]["app_hash"])')"
  expect_eq "app hash after height $ah (abci_info vs header $((ah + 1)))" "$ahash" "$hh"
done

step "no app hash mismatch, no failed handshake"
BAD='wrong Block.Header.AppHash|AppHash does not match|app hash mismatch|error during handshake|error on replay|ErrAppBlockHeightTooHigh'
if grep -nE "$BAD" "$CMT_LOG" "$APP_LOG" >"$WORK/mismatches.txt"; then
  head -n 5 "$WORK/mismatches.txt" >&2
  fail "$(wc -l <"$WORK/mismatches.txt") app hash / handshake errors in the logs"
fi
REPLAYED="$(grep -c 'Replay last block using real app' "$CMT_LOG" || true)"
MOCKED="$(grep -c 'Replay last block using mock app' "$CMT_LOG" || true)"
log "ok: 0 app hash mismatches; handshakes $(grep -c 'Completed ABCI Handshake' "$CMT_LOG" || true): blocks re-executed by the app $REPLAYED, completed from CometBFT's stored responses $MOCKED"

step "transfers in blocks, and in CometBFT's tx index"
# Every block's txs (hash = sha256 of the bytes) with their result code; then, for each transfer
# found in a block, its entry in the tx index. CometBFT indexes a block asynchronously after
# committing it and does not index it again after a restart, so a block committed just before a
# death or stop may be missing from the index: such a miss is allowed only in a block CometBFT
# never logged as indexed (its log says which).
ONCHAIN="$WORK/onchain.txt"
python3 - "$RPC" "$TRANSFERS" "$DEATHS" "$CMT_LOG" >"$ONCHAIN" 2>"$WORK/blockscan.err" <<'PY' ||
import base64, hashlib, json, re, sys, urllib.request
rpc, transfers_path, deaths_path, cmt_log = sys.argv[1:]
def get(path):
    with urllib.request.urlopen(rpc + path, timeout=10) as r:
        return json.load(r)["result"]
latest = int(get("/status")["sync_info"]["latest_block_height"])
heights = []
for top in range(latest, 0, -20):
    metas = get(f"/blockchain?minHeight={max(1, top - 19)}&maxHeight={top}")["block_metas"]
    heights += [int(m["header"]["height"]) for m in metas if int(m["num_txs"]) > 0]
in_blocks = {}
errors = []
for h in sorted(heights):
    txs = get(f"/block?height={h}")["block"]["data"]["txs"] or []
    results = get(f"/block_results?height={h}")["txs_results"] or []
    for tx, res in zip(txs, results):
        digest = hashlib.sha256(base64.b64decode(tx)).hexdigest().upper()
        if digest in in_blocks:
            errors.append(f"tx {digest} in blocks {in_blocks[digest][0]} and {h}")
        in_blocks[digest] = (h, int(res.get("code", 0)))
indexed = {int(m) for m in re.findall(r"indexed block events\s+module=txindex height=(\d+)", open(cmt_log).read())}
unindexed = []
for line in open(transfers_path):
    parts = line.split()
    if not parts or parts[0] in ("#", "end") or parts[3] not in in_blocks:
        continue
    i, digest = int(parts[0]), parts[3]
    h, code = in_blocks[digest]
    if code != 0:
        errors.append(f"transfer {i} tx {digest} is in block {h} with code {code}")
    try:
        r = get(f"/tx?hash=0x{digest}")
        if int(r["height"]) != h:
            errors.append(f"transfer {i}: the tx index says height {r['height']}, the blocks {h}")
    except Exception:
        if h in indexed:
            errors.append(f"transfer {i} tx {digest} in block {h} (indexed) is missing from the tx index")
        unindexed.append(h)
    print(i, h)
deaths = [int(l.split()[2]) for l in open(deaths_path) if l.strip()]
with_txs = sum(1 for d in deaths if d in set(heights))
print(f"{len(in_blocks)} txs in {len(heights)} blocks up to {latest}; transfers missing from the tx index "
      f"(blocks committed but never indexed before a stop): {len(unindexed)} {sorted(set(unindexed))}; "
      f"deaths in a block with transfers: {with_txs}/{len(deaths)}", file=sys.stderr)
print(with_txs, file=open(deaths_path + ".with-txs", "w"))
for e in errors:
    print("ERROR:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY
  { cat "$WORK/blockscan.err" >&2; fail "block scan failed"; }
cat "$WORK/blockscan.err" >&2
TX_DEATHS="$(cat "$DEATHS.with-txs")"

step "balances"
SINK_BALS=()
for addr in "${SINK_ADDRS[@]}"; do SINK_BALS+=("$(balance "$addr")"); done
CAROL1="$(balance "$CAROL")"
TOTAL_DEATHS="$(wc -l <"$DEATHS")"
python3 - "$TRANSFERS" "$ONCHAIN" "$CAROL0" "$CAROL1" "$FEE_AOPEN" "$PER_SINK" "${SINK_BALS[@]}" <<'PY' ||
import sys
path, onchain_path, carol0, carol1, fee, per_sink, *sinks = sys.argv[1:]
carol0, carol1, fee, per_sink = int(carol0), int(carol1), int(fee), int(per_sink)
sinks = [int(s) for s in sinks]
onchain = {int(line.split()[0]) for line in open(onchain_path)}
sent, failed, after_last_death = [], [], []  # after the last '#' line: the disarmed restart
for line in open(path):
    parts = line.split()
    if not parts or parts[0] == "end":
        continue
    if parts[0] == "#":
        after_last_death = []
        continue
    i, status = int(parts[0]), parts[2]
    (sent if status == "sent" else failed).append(i)
    if status == "sent":
        after_last_death.append(i)
errors = []
executed = {s * per_sink + b for s, bal in enumerate(sinks) for b in range(per_sink) if bal >> b & 1}
lost = sorted(set(sent) - onchain)
print(f"transfers attempted {len(sent) + len(failed)}: accepted by CheckTx {len(sent)}, "
      f"refused or unanswered {len(failed)}")
print(f"in blocks {len(onchain)}; accepted but gone with a dead node's mempool "
      f"{len(lost)}; unanswered but in a block {len(onchain - set(sent))}")
for s, bal in enumerate(sinks):
    if bal >> per_sink:
        errors.append(f"sink {s} holds more than its {per_sink} transfers could give: {bal}")
if executed != onchain:
    errors.append(f"executed by the balances but not in a block: {sorted(executed - onchain)}; "
                  f"in a block but not executed: {sorted(onchain - executed)}")
missing = sorted(set(after_last_death) - onchain)
if missing:
    errors.append(f"transfers accepted after the last restart but not in a block: {missing}")
total = sum(sinks)
expected_total = sum(1 << (i % per_sink) for i in onchain)
print(f"sinks hold {total}, the transfers in blocks sum to {expected_total}")
if total != expected_total:
    errors.append("the sinks' balances are not the sum of the transfers in blocks")
expected = carol0 - expected_total - fee * len(onchain)
print(f"sender: before {carol0}, after {carol1}, expected {expected} "
      f"({len(onchain)} transfers and fees)")
if carol1 != expected:
    errors.append(f"sender balance {carol1} != {expected} (difference {carol1 - expected})")
for e in errors:
    print("ERROR:", e)
sys.exit(1 if errors else 0)
PY
  fail "balance check failed (see above)"

step "summary"
for point in "${POINTS[@]}"; do
  log "deaths at $point: ${DEATH_COUNT[$point]}"
done
SUMMARY="$TOTAL_DEATHS deaths ($TX_DEATHS in a block with transfers), $(wc -l <"$ONCHAIN") transfers in blocks, $REPLAYED blocks re-executed after a death, wall time $((SECONDS - T0))s"
log "$SUMMARY"
echo "$SUMMARY" >"$WORK/summary.txt"
e2e_pass
