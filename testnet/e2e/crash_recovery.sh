#!/usr/bin/env bash
# End-to-end crash recovery.
#
# A background stream sends N sequential transfers carol -> a fresh key with the CLI; transfer i
# sends 2^i aopen, so the recipient's final balance says exactly which transfers were executed.
# While the stream runs, the node is crashed for real with kill -9:
#   round "app":  kill -9 openledgerd only, right after CometBFT logged a finalized block with
#                 transactions, i.e. around the app's Commit (CometBFT notices the lost ABCI
#                 connection and exits by itself)
#   round "both": kill -9 openledgerd and cometbft at the same time, at a random moment
# After each kill the devnet is started again (`devnet.sh start`: CometBFT's handshake replays
# whatever the app had not committed) and the stream carries on. At the end:
#   - the chain still produces blocks
#   - every transfer the CLI reported committed is found by `openledger query tx` with code 0 at
#     the height the CLI reported, and in CometBFT's tx index
#   - the recipient's balance is exactly the sum of the committed transfers (a transfer in flight
#     at the moment of a kill may have been reported failed and still committed; it is listed)
#   - a transfer reported failed after broadcast is on chain (by hash) exactly when the balance
#     says it executed
#   - the sender lost exactly the transferred sum plus one fee per executed transfer
#   - a clean stop/start keeps the state
#
# Env: OPENLEDGER_CRASH_TRANSFERS (default 60), OPENLEDGER_CRASH_ROUNDS (default "app both")
E2E_PORT_BASE="${E2E_PORT_BASE:-27200}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

N="${OPENLEDGER_CRASH_TRANSFERS:-60}"
read -r -a ROUNDS <<<"${OPENLEDGER_CRASH_ROUNDS:-app both}"
((N >= 10 && N <= 62)) || fail "OPENLEDGER_CRASH_TRANSFERS must be within 10..62 (2^i aopen amounts)"
TRANSFERS="$WORK/transfers.log"
STREAM_ERRORS="$WORK/stream-errors.log"
: >"$TRANSFERS"
: >"$STREAM_ERRORS"

start_devnet
import_key carol
CAROL="$(account_field carol address)"
SINK="$(new_key sink)"
CAROL0="$(balance "$CAROL")"
expect_eq "sink starts empty" 0 "$(balance "$SINK")"

# --- the transfer stream -------------------------------------------------------------------------

rpc_up() { curl -sf --max-time 2 "$RPC/status" >/dev/null 2>&1; }

stream() {
  local i amt rc hash height out="$WORK/stream.out" err="$WORK/stream.err" t
  for ((i = 0; i < N; i++)); do
    # do not spend transfer numbers while the node is down
    for ((t = 0; t < 600; t++)); do
      rpc_up && break
      sleep 0.3
    done
    amt=$((1 << i))
    rc=0
    timeout 90 "$CLI" --node "$RPC" --home "$KEYRING" tx bank send carol "$SINK" "${amt}aopen" \
      --fees "${FEE_AOPEN}aopen" --yes --output json >"$out" 2>"$err" || rc=$?
    if ((rc == 0)); then
      hash="$(json_find 'txhash|tx_hash|hash' <"$out" 2>/dev/null || echo '-')"
      height="$(json_find height <"$out" 2>/dev/null || echo '-')"
      echo "$i $amt ok $hash $height" >>"$TRANSFERS"
    else
      # a tx can be broadcast and then lost or delayed by the crash: keep its hash if printed
      hash="$(cat "$out" "$err" | grep -oE '[0-9A-F]{64}' | head -n 1 || true)"
      echo "$i $amt fail ${hash:--} -" >>"$TRANSFERS"
      { echo "transfer $i exit $rc:"; cat "$out" "$err"; } >>"$STREAM_ERRORS"
      sleep 0.3
    fi
  done
  echo "end" >>"$TRANSFERS"
}

count_ok() { grep -c ' ok ' "$TRANSFERS" || true; }
pid_of() { cat "$OPENLEDGER_DEVNET_HOME/$1.pid" 2>/dev/null || true; }
alive() { [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; }

step "starting $N sequential transfers carol -> $SINK in the background"
stream &
STREAM_PID=$!
E2E_BG_PIDS="$STREAM_PID"

ROUND=0
for mode in "${ROUNDS[@]}"; do
  ROUND=$((ROUND + 1))
  target=$((N * ROUND / (${#ROUNDS[@]} + 1)))
  step "round $ROUND ($mode): waiting for $target committed transfers"
  deadline=$((SECONDS + 600))
  while (($(count_ok) < target)); do
    alive "$STREAM_PID" || fail "the transfer stream ended early ($(count_ok) committed); see $STREAM_ERRORS"
    ((SECONDS < deadline)) || fail "only $(count_ok) transfers committed after 600s"
    sleep 0.2
  done
  H_BEFORE="$(rpc_height)"
  APP_PID="$(pid_of openledgerd)"
  CMT_PID="$(pid_of cometbft)"
  alive "$APP_PID" || fail "openledgerd is not running before the kill"
  case "$mode" in
    app)
      # aim at the window between FinalizeBlock and Commit: kill as soon as CometBFT logs that a
      # block with transactions was finalized (it calls the app's Commit right after)
      timeout 30 grep -m1 -E 'finalized block.*num_txs_res=[1-9]' \
        < <(exec tail -n0 -F "$OPENLEDGER_DEVNET_HOME/logs/cometbft.log" 2>/dev/null) >/dev/null || true
      kill -9 "$APP_PID"
      ;;
    both)
      kill -9 "$APP_PID" "$CMT_PID"
      ;;
    *) fail "unknown crash round '$mode' (use app or both)" ;;
  esac
  echo "# kill round $ROUND $mode after $(count_ok) committed, height $H_BEFORE" >>"$TRANSFERS"
  log "kill -9 ($mode) at height $H_BEFORE after $(count_ok) committed transfers (openledgerd pid $APP_PID, cometbft pid $CMT_PID)"

  if [[ "$mode" == app ]]; then
    # CometBFT stops itself when its ABCI connection breaks. If the app died inside Commit,
    # CometBFT's shutdown can hang on the dead consensus connection: then kill it too.
    for ((t = 0; t < 150; t++)); do
      alive "$CMT_PID" || break
      sleep 0.1
    done
    if alive "$CMT_PID"; then
      log "cometbft still running 15s after the app died (shutdown stuck); stopping it (SIGKILL after 5s)"
      OPENLEDGER_STOP_TIMEOUT=5 "$DEVNET" stop >&2
    else
      log "cometbft exited by itself after losing the app: $(grep -m1 -iE 'did the application crash|connection terminated|client error' "$OPENLEDGER_DEVNET_HOME/logs/cometbft.log" | head -c 300 || true)"
    fi
  fi
  sleep 1
  step "round $ROUND: restarting the devnet"
  "$DEVNET" start >"$WORK/devnet-restart-$ROUND.out" 2>&1 ||
    { cat "$WORK/devnet-restart-$ROUND.out" >&2; fail "devnet restart after kill -9 failed"; }
  H_AFTER="$(rpc_height)"
  log "restarted: height $H_AFTER (was $H_BEFORE before the kill)"
  ((H_AFTER >= H_BEFORE)) || fail "height went back from $H_BEFORE to $H_AFTER"
done

step "waiting for the transfer stream to finish"
deadline=$((SECONDS + 900))
while alive "$STREAM_PID"; do
  ((SECONDS < deadline)) || fail "transfer stream still running after 900s"
  sleep 0.5
done
wait "$STREAM_PID" || true
E2E_BG_PIDS=""
grep -q '^end$' "$TRANSFERS" || fail "transfer stream did not complete"

step "the chain is still producing blocks"
H="$(rpc_height)"
wait_for_height $((H + 3)) 60
log "height $(rpc_height); abci_info: $(curl -sf "$RPC/abci_info" | head -c 300)"

step "handshakes after the crashes (cometbft log)"
grep -E 'ABCI Handshake App Info|ABCI Replay Blocks|Completed ABCI Handshake|Replay last block' \
  "$OPENLEDGER_DEVNET_HOME/logs/cometbft.log" | sed 's/^/  /' | head -n 20 >&2 || true

step "every committed transfer is on chain with code 0"
CHECKED=0
while read -r i amt status hash height; do
  [[ "$status" == ok ]] || continue
  [[ "$hash" != - ]] || fail "transfer $i reported committed without a tx hash"
  ol_capture query tx "$hash" --output json || { show_last; fail "query tx $hash (transfer $i) failed"; }
  code="$(json_find code <"$WORK/last.out" 2>/dev/null || echo 0)"
  [[ "$code" == 0 ]] || fail "transfer $i tx $hash has code $code"
  qh="$(json_find height <"$WORK/last.out" 2>/dev/null || echo -)"
  if [[ "$height" != - && "$qh" != "$height" ]]; then
    fail "transfer $i tx $hash: send reported height $height, query tx says $qh"
  fi
  curl -sf "$RPC/tx?hash=0x$hash" >/dev/null || fail "CometBFT /tx does not know transfer $i ($hash)"
  CHECKED=$((CHECKED + 1))
done < <(grep -v '^#' "$TRANSFERS" | grep -v '^end$')
log "checked $CHECKED committed transfers with query tx"

step "transfers reported failed: are they on chain?"
FAILED_ONCHAIN="$WORK/failed-onchain.txt"
: >"$FAILED_ONCHAIN"
while read -r i amt status hash height; do
  [[ "$status" == fail ]] || continue
  if [[ "$hash" == - ]]; then
    log "transfer $i: failed before broadcast (no tx hash)"
  elif curl -sf "$RPC/tx?hash=0x$hash" >/dev/null; then
    log "transfer $i: reported failed, but tx $hash is on chain (it was in flight at a kill)"
    echo "$i" >>"$FAILED_ONCHAIN"
  else
    log "transfer $i: tx $hash was broadcast but is not on chain (lost with the crashed node's mempool)"
  fi
done < <(grep -v '^#' "$TRANSFERS" | grep -v '^end$')

step "balances"
SINK_BAL="$(balance "$SINK")"
CAROL1="$(balance "$CAROL")"
python3 - "$TRANSFERS" "$SINK_BAL" "$CAROL0" "$CAROL1" "$FEE_AOPEN" "$N" "${#ROUNDS[@]}" "$FAILED_ONCHAIN" <<'PY' || fail "balance check failed (see above)"
import sys
path, sink, carol0, carol1, fee, n, rounds, onchain_path = sys.argv[1:]
failed_onchain = {int(x) for x in open(onchain_path).read().split()}
sink, carol0, carol1, fee, n, rounds = int(sink), int(carol0), int(carol1), int(fee), int(n), int(rounds)
ok, failed, segments = [], [], [[]]
for line in open(path):
    parts = line.split()
    if not parts or parts[0] == "end":
        continue
    if parts[0] == "#":
        segments.append([])
        continue
    i, status = int(parts[0]), parts[2]
    (ok if status == "ok" else failed).append(i)
    if status == "ok":
        segments[-1].append(i)
errors = []
committed_sum = sum(1 << i for i in ok)
executed = {i for i in range(n) if sink >> i & 1}
print(f"transfers attempted {len(ok) + len(failed)}, reported committed {len(ok)}, reported failed {len(failed)}: {failed}")
print(f"committed per segment between kills: {[len(s) for s in segments]}")
print(f"recipient balance {sink}, sum of reported-committed transfers {committed_sum}")
if len(ok) + len(failed) != n:
    errors.append(f"expected {n} attempts")
if len(segments) != rounds + 1 or any(len(s) < 3 for s in segments):
    errors.append("expected at least 3 committed transfers before, between and after the kills")
missing = sorted(set(ok) - executed)
if missing:
    errors.append(f"transfers reported committed but not in the recipient balance: {missing}")
if sink >> n:
    errors.append(f"recipient balance has more than the {n} transfers could give: {sink}")
extra = sorted(executed - set(ok))
if extra:
    print(f"note: transfers reported failed that were executed (in flight at a kill): {extra}")
    if len(extra) > rounds:
        errors.append(f"more reported-failed-but-executed transfers ({len(extra)}) than kills ({rounds})")
if set(extra) != failed_onchain:
    errors.append(f"reported-failed transfers found on chain by hash {sorted(failed_onchain)} "
                  f"differ from those the recipient balance shows as executed {extra}")
if not missing and not (sink >> n):
    print(f"recipient balance = sum of committed transfers {committed_sum}"
          + (f" + in-flight transfers {sum(1 << i for i in extra)}" if extra else ""))
expected_carol = carol0 - sink - fee * len(executed)
print(f"sender: before {carol0}, after {carol1}, expected {expected_carol} (sum {sink} + {len(executed)} fees of {fee})")
if carol1 != expected_carol:
    errors.append(f"sender balance {carol1} != {expected_carol} (difference {carol1 - expected_carol})")
for e in errors:
    print("ERROR:", e)
sys.exit(1 if errors else 0)
PY

step "a clean stop/start keeps the state"
"$DEVNET" stop >&2
"$DEVNET" start >"$WORK/devnet-restart-clean.out" 2>&1 ||
  { cat "$WORK/devnet-restart-clean.out" >&2; fail "devnet start after a clean stop failed"; }
expect_eq "recipient balance after a clean restart" "$SINK_BAL" "$(balance "$SINK")"
expect_eq "sender balance after a clean restart" "$CAROL1" "$(balance "$CAROL")"

e2e_pass
