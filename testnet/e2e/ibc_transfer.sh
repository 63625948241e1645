#!/usr/bin/env bash
# End-to-end: OPEN moves between two OpenLedger chains over ICS-20, relayed by an unmodified
# Hermes 1.10.5 (testnet/ibc-pair.sh: openledger-a-1 and openledger-b-1 on loopback, clients, a
# connection and a transfer channel, `hermes start`).
#   - Hermes is installed when missing (testnet/install-hermes.sh; when testnet/run-tests.sh
#     started that install in the background, this waits for it)
#   - `hermes health-check` is clean on both chains (no warning, no error)
#   - alice sends aopen A -> B to bob: bob holds exactly that many ibc/<HASH> vouchers with
#     HASH = SHA-256("transfer/<channel on B>/aopen"), the denom trace (gRPC DenomTrace) is
#     transfer/<channel>/aopen, A's channel escrow holds the amount, B's voucher supply equals it
#   - bob sends the vouchers back: the voucher supply on B is 0, the escrow is empty, and alice
#     holds her original balance minus exactly the fees she paid on A (summed from the indexed
#     tx.fee events of her txs)
#   - with the relayer stopped, alice sends with a 5 s timeout: the amount leaves her balance
#     into escrow; the relayer resumes after the timeout passed on B and the transfer is refunded
#     exactly once (balance = before - fee; unchanged after a forced `hermes clear packets`);
#     bob received nothing
#   - cosmjs (testnet/cosmjs/ibc_transfer.mjs) sends A -> B: exact sender and escrow balances,
#     the voucher arrives on B
#   - a governance proposal caps aopen out of A at 1% of its supply; a transfer over it is refused
# Transfers use `openledger tx ibc-transfer transfer`; the timeout transfer uses `hermes tx
# ft-transfer --timeout-seconds`, relative to the receiving chain's block time.
E2E_PORT_BASE="${E2E_PORT_BASE:-31000}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PAIR="$REPO_ROOT/testnet/ibc-pair.sh"
# the rate-limit step passes a governance proposal: a short voting period and a small deposit
IBC_VOTING_PERIOD=10
export OPENLEDGER_DEVNET_GENESIS_PARAMS="{
  \"gov.params.voting_period_secs\": $IBC_VOTING_PERIOD,
  \"gov.params.max_deposit_period_secs\": 60,
  \"gov.params.min_deposit\": [{\"denom\": \"aopen\", \"amount\": \"1000000000000000000\"}]
}"
export IBC_PAIR_HOME="$WORK/ibc-pair"
GRPCURL="$REPO_ROOT/.tools/bin/grpcurl"
AMOUNT=1000000000000000000 # 1 OPEN
REFUND_AMOUNT=2500000000000000000

# the pair's chains and relayer go down with the test; their logs join the artifacts
ibc_teardown() {
  local rc=$?
  set +e
  "$PAIR" stop >/dev/null 2>&1 || true
  local side
  for side in a b; do
    for f in "$IBC_PAIR_HOME/$side"/logs/*.log; do
      [[ -f "$f" ]] && cp -f "$f" "$WORK/$side-$(basename "$f")"
    done
  done
  for f in "$IBC_PAIR_HOME"/hermes.log "$IBC_PAIR_HOME"/*.out; do
    [[ -f "$f" ]] && cp -f "$f" "$WORK/hermes-$(basename "$f" .out).log"
  done
  if ((rc != 0)) && [[ -f "$IBC_PAIR_HOME/hermes.log" ]]; then
    echo "----- last 40 lines of hermes.log" >&2
    tail -n 40 "$IBC_PAIR_HOME/hermes.log" >&2
  fi
  (exit "$rc") # e2e_teardown reads the status from $?
  e2e_teardown
}
trap ibc_teardown EXIT

# --- ports: the first free block of 20 from E2E_PORT_BASE (chain A +0..6, chain B +10..16) ------
pick_pair_ports() {
  local b i ok
  for ((b = E2E_PORT_BASE; b < E2E_PORT_BASE + 100; b += 20)); do
    ok=1
    for i in 0 1 2 3 4 5 6 10 11 12 13 14 15 16; do
      if ! port_free $((b + i)); then ok=0; break; fi
    done
    if ((ok)); then
      export IBC_PAIR_PORT_BASE=$b
      return 0
    fi
  done
  fail "no free block of ports in $E2E_PORT_BASE..$((E2E_PORT_BASE + 99))"
}

# --- helpers over the two chains -------------------------------------------------------------

rpc_of() { if [[ "$1" == a ]]; then echo "$RPC_A"; else echo "$RPC_B"; fi; }
grpc_of() { if [[ "$1" == a ]]; then echo "$GRPC_A"; else echo "$GRPC_B"; fi; }
chain_of() { if [[ "$1" == a ]]; then echo "$CHAIN_A"; else echo "$CHAIN_B"; fi; }

# the CLI on chain SIDE with this test's keyring
olx() { local side=$1; shift; "$CLI" --node "$(rpc_of "$side")" --home "$KEYRING" "$@"; }

# bal SIDE ADDRESS DENOM -> integer amount
bal() {
  olx "$1" query bank balance "$2" --denom "$3" --output json >"$WORK/last.out" 2>"$WORK/last.err" ||
    { show_last; fail "query bank balance $2 $3 on $1 failed"; }
  json_coin_amount "$3" <"$WORK/last.out"
}

height_of() {
  curl -sf --max-time 3 "$(rpc_of "$1")/status" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["sync_info"]["latest_block_height"])'
}

wait_blocks() { # SIDE N: wait until N more blocks are committed on SIDE
  local side=$1 n=$2 h0 h deadline=$((SECONDS + 60))
  h0="$(height_of "$side")"
  while ((SECONDS < deadline)); do
    h="$(height_of "$side" 2>/dev/null || echo 0)"
    ((h >= h0 + n)) && return 0
    sleep 0.25
  done
  fail "chain $side did not commit $n blocks within 60s"
}

# grpc SIDE METHOD JSON -> the JSON answer (grpcurl, server reflection)
grpc() {
  "$GRPCURL" -plaintext -d "$3" "$(grpc_of "$1")" "$2" 2>"$WORK/grpc.err" ||
    { cat "$WORK/grpc.err" >&2; fail "grpcurl $2 on chain $1 failed"; }
}

# fees_paid SIDE ADDRESS -> sum of the aopen fees of every tx ADDRESS paid on SIDE (tx.fee events)
fees_paid() {
  curl -sf --max-time 5 "$(rpc_of "$1")/tx_search?query=%22tx.fee_payer=%27$2%27%22&per_page=100" |
    python3 -c '
import json, re, sys
r = json.load(sys.stdin)["result"]
total = 0
for t in r["txs"]:
    for e in t["tx_result"]["events"]:
        if e["type"] != "tx":
            continue
        attrs = {a["key"]: a["value"] for a in e["attributes"]}
        if "fee" in attrs and attrs.get("fee_payer") == sys.argv[1]:
            m = re.fullmatch(r"(\d+)aopen", attrs["fee"] or "0aopen")
            total += int(m.group(1)) if m else 0
print(total)' "$2"
}

# wait_until DESCRIPTION TIMEOUT_S COMMAND...: retry COMMAND (quietly) until it succeeds
wait_until() {
  local what=$1 timeout=$2 deadline
  shift 2
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < deadline)) || fail "$what: not within ${timeout}s"
    sleep 0.5
  done
  log "ok: $what"
}

bal_is() { [[ "$(bal "$1" "$2" "$3")" == "$4" ]]; }

# hash_address PART...: bech32(open, sha256(the PARTs joined by a 0 byte)[:20]), the address
# of an ICS-20 escrow ("ics20-1" "PORT/CHANNEL") or of a module account ("gov")
hash_address() {
  python3 - "$@" <<'PY'
import hashlib, sys
CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
def polymod(values):
    gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3]
    chk = 1
    for v in values:
        b = chk >> 25
        chk = (chk & 0x1ffffff) << 5 ^ v
        for i in range(5):
            chk ^= gen[i] if ((b >> i) & 1) else 0
    return chk
def bech32(hrp, data):
    acc, bits, out = 0, 0, []
    for b in data:
        acc = (acc << 8) | b
        bits += 8
        while bits >= 5:
            bits -= 5
            out.append((acc >> bits) & 31)
    if bits:
        out.append((acc << (5 - bits)) & 31)
    values = [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + out
    pm = polymod(values + [0] * 6) ^ 1
    out += [(pm >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(CHARSET[d] for d in out)
print(bech32("open", hashlib.sha256(b"\x00".join(a.encode() for a in sys.argv[1:])).digest()[:20]))
PY
}

# the ICS-20 escrow address of PORT/CHANNEL
escrow_address() { hash_address ics20-1 "$1/$2"; }

# --- transfers --------------------------------------------------------------------------------

# transfer SIDE FROM_NAME RECEIVER AMOUNT DENOM: the CLI's MsgTransfer over the pair's channel
# (default timeout)
transfer() {
  local side=$1 from=$2 receiver=$3 amount=$4 denom=$5 rc=0
  olx "$side" tx ibc-transfer transfer transfer "$(channel_of "$side")" "$receiver" "$amount$denom" \
    --from "$from" --fees "${FEE_AOPEN}aopen" --yes --output json \
    >"$WORK/last.out" 2>"$WORK/last.err" || rc=$?
  ((rc == 0)) || { show_last; fail "tx ibc-transfer transfer on $side failed (exit $rc)"; }
  [[ "$(json_find code <"$WORK/last.out" 2>/dev/null || echo 0)" == 0 ]] ||
    { show_last; fail "tx ibc-transfer transfer on $side: non-zero code"; }
  log "sent $amount$denom from $from on $side to $receiver (openledger tx ibc-transfer transfer)"
}

# transfer_timeout FROM_NAME RECEIVER AMOUNT DENOM SECONDS: A -> B with Hermes, whose
# --timeout-seconds counts from chain B's latest block time (the receiving chain's clock)
transfer_timeout() {
  local rc=0
  "$PAIR" hermes --json tx ft-transfer --src-chain "$CHAIN_A" --dst-chain "$CHAIN_B" \
    --src-port transfer --src-channel "$(channel_of a)" --amount "$3" --denom "$4" \
    --receiver "$2" --key-name "$1" --timeout-seconds "$5" \
    >"$WORK/last.out" 2>"$WORK/last.err" || rc=$?
  ((rc == 0)) && grep -q '"status":"success"' "$WORK/last.out" ||
    { show_last; fail "hermes tx ft-transfer failed (exit $rc)"; }
  log "sent $3$4 from $1 on a to $2 with a $5 s timeout (hermes tx ft-transfer)"
}

channel_of() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]]["channel"])' "$IBC_PAIR_HOME/channel.json" "$1"; }

# --- hooks the rate-limit and cosmjs steps plug into ------------------------------------------

# A transfer over the channel's governance-set rate limit is refused and changes nothing. Runs
# with the channel open and the relayer up, after every other step; it may set the limit by a
# governance proposal on A.
ibc_rate_limit_step() {
  step "rate limit: governance caps aopen out of A on $CH_A at 1% of its supply per day"
  local gov supply over alice0 escrow0 fees0 prop code log rc=0
  # 400k gas at the minimum gas price (10^9 aopen)
  local BIG_FEE=400000000000000
  gov="$(hash_address gov)"
  olx a tx gov lock 1000OPEN --from bob --fees "${FEE_AOPEN}aopen" --yes --output json \
    >"$WORK/last.out" 2>"$WORK/last.err" || { show_last; fail "gov lock on A failed"; }
  python3 - "$gov" "$CH_A" >"$WORK/rate-limit-proposal.json" <<'PY'
import json, sys
gov, channel = sys.argv[1:]
print(json.dumps({
    "messages": [{"@type": "/openledger.ibc.v1.MsgAddRateLimit", "authority": gov,
                  "denom": "aopen", "channel_or_client_id": channel,
                  "max_percent_send": "1", "max_percent_recv": "100", "duration_hours": "24"}],
    "metadata": "", "deposit": "10OPEN", "title": "Rate limit OPEN on the test channel",
    "summary": "At most 1% of the OPEN supply leaves through this channel per day.",
}))
PY
  olx a tx gov submit-proposal "$WORK/rate-limit-proposal.json" --from alice --fees "${BIG_FEE}aopen" \
    --gas 400000 --yes --output json >"$WORK/last.out" 2>"$WORK/last.err" ||
    { show_last; fail "submit-proposal (MsgAddRateLimit) on A failed"; }
  olx a query gov proposals --status voting --output json >"$WORK/last.out" 2>"$WORK/last.err" ||
    { show_last; fail "query gov proposals on A failed"; }
  prop="$(python3 -c '
import json, sys
for p in json.load(sys.stdin)["proposals"]:
    m = p["messages"]
    if len(m) == 1 and m[0].get("@type") == "/openledger.ibc.v1.MsgAddRateLimit":
        print(p["id"])
' <"$WORK/last.out")"
  [[ -n "$prop" ]] || { show_last; fail "no rate-limit proposal in its voting period"; }
  olx a tx gov vote "$prop" yes --from bob --fees "${FEE_AOPEN}aopen" --yes --output json \
    >"$WORK/last.out" 2>"$WORK/last.err" || { show_last; fail "vote on proposal $prop failed"; }
  wait_until "proposal $prop passed" $((IBC_VOTING_PERIOD + 40)) proposal_passed "$prop"
  grpc a openledger.ibc.v1.Query/RateLimit "{\"denom\":\"aopen\",\"channel_or_client_id\":\"$CH_A\"}" \
    >"$WORK/rate-limit.json"
  expect_eq "rate limit's send quota" 1 "$(json_find 'max_percent_send|maxPercentSend' <"$WORK/rate-limit.json")"

  step "rate limit: a transfer over 1% of the supply is refused and changes nothing but the fee"
  supply="$(grpc a cosmos.bank.v1beta1.Query/SupplyOf '{"denom":"aopen"}' | json_coin_amount aopen)"
  over="$(calc "$supply // 100 + 1")"
  alice0="$(bal a "$ALICE" "$DENOM")"
  escrow0="$(bal a "$ESCROW_A" "$DENOM")"
  fees0="$(fees_paid a "$ALICE")"
  olx a tx ibc-transfer transfer transfer "$CH_A" "$BOB" "$over$DENOM" --from alice \
    --fees "${BIG_FEE}aopen" --gas 400000 --yes --output json >"$WORK/last.out" 2>"$WORK/last.err" || rc=$?
  code="$(json_find code <"$WORK/last.out" 2>/dev/null || echo "")"
  log="$(cat "$WORK/last.out" "$WORK/last.err")"
  if ((rc == 0)) && [[ "$code" == 0 ]]; then show_last; fail "a transfer over the rate limit was accepted"; fi
  grep -q "rate limit exceeded" <<<"$log" || { show_last; fail "the refusal does not name the rate limit"; }
  wait_blocks a 1
  expect_eq "escrow unchanged by the refused transfer" "$escrow0" "$(bal a "$ESCROW_A" "$DENOM")"
  expect_eq "alice lost the fee only" "$(calc "$alice0 - ($(fees_paid a "$ALICE") - $fees0)")" "$(bal a "$ALICE" "$DENOM")"
  log "ok: ${over}aopen (1% of $supply + 1) refused: rate limit exceeded"
}

proposal_passed() {
  olx a query gov proposal "$1" --output json 2>/dev/null | grep -q PROPOSAL_STATUS_PASSED
}

# cosmjs (an unmodified SigningStargateClient, testnet/cosmjs/ibc_transfer.mjs) sends bob's OPEN
# A -> B to carol, checking his balance and the escrow exactly; the relayer delivers the voucher.
COSMJS_AMOUNT=777000
ibc_cosmjs_step() {
  step "cosmjs: bob sends ${COSMJS_AMOUNT}aopen A -> B to carol (sendIbcTokens)"
  ensure_cosmjs
  local carol escrow0 rc=0
  carol="$(account_field carol address)"
  escrow0="$(bal a "$ESCROW_A" "$DENOM")"
  node "$COSMJS_DIR/ibc_transfer.mjs" --rpc "$RPC_A" --from bob --accounts "$ACCOUNTS_FILE" \
    --receiver "$carol" --channel "$CH_A" --amount "$COSMJS_AMOUNT" --escrow "$ESCROW_A" \
    >"$WORK/cosmjs-ibc-summary.json" 2>"$WORK/cosmjs-ibc.err" || rc=$?
  cat "$WORK/cosmjs-ibc.err" >&2
  ((rc == 0)) || { cat "$WORK/cosmjs-ibc-summary.json" >&2; fail "ibc_transfer.mjs exited with $rc"; }
  expect_eq "cosmjs summary ok" true "$(json_find ok <"$WORK/cosmjs-ibc-summary.json")"
  wait_until "carol holds ${COSMJS_AMOUNT} $VOUCHER on B" 60 bal_is b "$carol" "$VOUCHER" "$COSMJS_AMOUNT"
  expect_eq "A's escrow holds the cosmjs transfer" "$(calc "$escrow0 + $COSMJS_AMOUNT")" "$(bal a "$ESCROW_A" "$DENOM")"
}

# --- the test ---------------------------------------------------------------------------------

step "Hermes 1.10.5 (installed when missing; waits for a background install)"
t_install=$SECONDS
"$REPO_ROOT/testnet/install-hermes.sh" || fail "testnet/install-hermes.sh failed"
log "hermes ready ($((SECONDS - t_install))s): $("${OPENLEDGER_TOOLS:-$REPO_ROOT/.tools}/bin/hermes" version 2>/dev/null | head -n1)"
[[ -x "$GRPCURL" ]] || "$REPO_ROOT/testnet/install-grpcurl.sh" || fail "testnet/install-grpcurl.sh failed"
T0=$SECONDS

step "two chains, clients, connection, transfer channel, relayer (testnet/ibc-pair.sh)"
pick_pair_ports
"$PAIR" chains-start >"$WORK/pair-chains.log" 2>&1 || { cat "$WORK/pair-chains.log" >&2; fail "ibc-pair.sh chains-start failed"; }
eval "$("$PAIR" env)"
RPC="$RPC_A" # lib.sh's `ol` (key import)
log "chains up ($((SECONDS - T0))s): $CHAIN_A $RPC_A, $CHAIN_B $RPC_B"

step "hermes health-check: clean on both chains"
"$PAIR" hermes health-check >"$WORK/health.log" 2>&1 || { cat "$WORK/health.log" >&2; fail "hermes health-check failed"; }
if grep -E ' (WARN|ERROR) ' "$WORK/health.log" >&2; then
  fail "hermes health-check reported the warnings or errors above"
fi
grep -q "SUCCESS" "$WORK/health.log" || { cat "$WORK/health.log" >&2; fail "hermes health-check did not succeed"; }
log "ok: health-check clean"

"$PAIR" channel >"$WORK/pair-channel.log" 2>&1 || { cat "$WORK/pair-channel.log" >&2; fail "ibc-pair.sh channel failed"; }
CH_A="$(channel_of a)"
CH_B="$(channel_of b)"
log "channel $CH_A on $CHAIN_A <-> $CH_B on $CHAIN_B ($((SECONDS - T0))s)"
"$PAIR" relayer-start >"$WORK/pair-relayer.log" 2>&1 || { cat "$WORK/pair-relayer.log" >&2; fail "ibc-pair.sh relayer-start failed"; }

step "keys: alice and bob in the CLI keyring, alice in Hermes' (for the timeout transfer)"
import_key alice
import_key bob
ALICE="$(account_field alice address)"
BOB="$(account_field bob address)"
account_field alice mnemonic >"$WORK/m.tmp"
"$PAIR" hermes keys add --chain "$CHAIN_A" --key-name alice --mnemonic-file "$WORK/m.tmp" --overwrite \
  >"$WORK/hermes-keys.log" 2>&1 || { rm -f "$WORK/m.tmp"; cat "$WORK/hermes-keys.log" >&2; fail "hermes keys add alice"; }
rm -f "$WORK/m.tmp"

VOUCHER="ibc/$(python3 -c 'import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode()).hexdigest().upper())' "transfer/$CH_B/$DENOM")"
ESCROW_A="$(escrow_address transfer "$CH_A")"
log "voucher on B: $VOUCHER; escrow of transfer/$CH_A on A: $ESCROW_A"

step "A -> B: alice sends $AMOUNT$DENOM to bob"
ALICE0="$(bal a "$ALICE" "$DENOM")"
FEES0="$(fees_paid a "$ALICE")"
ESCROW0="$(bal a "$ESCROW_A" "$DENOM")"
expect_eq "bob's vouchers before" 0 "$(bal b "$BOB" "$VOUCHER")"
transfer a alice "$BOB" "$AMOUNT" "$DENOM"
wait_until "bob holds $AMOUNT $VOUCHER on B" 60 bal_is b "$BOB" "$VOUCHER" "$AMOUNT"
expect_eq "A's escrow holds the amount" "$(calc "$ESCROW0 + $AMOUNT")" "$(bal a "$ESCROW_A" "$DENOM")"
SUPPLY="$(grpc b cosmos.bank.v1beta1.Query/SupplyOf "{\"denom\":\"$VOUCHER\"}" | json_coin_amount "$VOUCHER")"
expect_eq "voucher supply on B" "$AMOUNT" "$SUPPLY"

step "denom trace of ${VOUCHER:0:16}... on B (gRPC DenomTrace)"
grpc b ibc.applications.transfer.v1.Query/DenomTrace "{\"hash\":\"${VOUCHER#ibc/}\"}" >"$WORK/trace.json"
cat "$WORK/trace.json" >&2
expect_eq "trace path" "transfer/$CH_B" "$(json_find path <"$WORK/trace.json")"
expect_eq "trace base denom" "$DENOM" "$(json_find 'base_denom|baseDenom' <"$WORK/trace.json")"

step "B -> A: bob sends the vouchers back to alice"
transfer b bob "$ALICE" "$AMOUNT" "$VOUCHER"
wait_until "A's escrow is back to $ESCROW0" 60 bal_is a "$ESCROW_A" "$DENOM" "$ESCROW0"
expect_eq "bob's vouchers after the return" 0 "$(bal b "$BOB" "$VOUCHER")"
SUPPLY="$(grpc b cosmos.bank.v1beta1.Query/SupplyOf "{\"denom\":\"$VOUCHER\"}" | json_coin_amount "$VOUCHER")"
expect_eq "voucher supply on B after the return" 0 "$SUPPLY"
FEES1="$(fees_paid a "$ALICE")"
expect_eq "alice's balance restored minus her fees on A" "$(calc "$ALICE0 - ($FEES1 - $FEES0)")" "$(bal a "$ALICE" "$DENOM")"
log "alice paid $(calc "$FEES1 - $FEES0")aopen in fees on A"

step "timeout: relayer stopped, alice sends $REFUND_AMOUNT$DENOM with a 5 s timeout"
"$PAIR" relayer-stop >/dev/null 2>&1
ALICE1="$(bal a "$ALICE" "$DENOM")"
BOB1="$(bal b "$BOB" "$VOUCHER")"
transfer_timeout alice "$BOB" "$REFUND_AMOUNT" "$DENOM" 5
FEES2="$(fees_paid a "$ALICE")"
TX_FEE="$(calc "$FEES2 - $FEES1")"
expect_eq "alice's balance while the packet is in flight" "$(calc "$ALICE1 - $REFUND_AMOUNT - $TX_FEE")" "$(bal a "$ALICE" "$DENOM")"
expect_eq "A's escrow holds the amount in flight" "$(calc "$ESCROW0 + $REFUND_AMOUNT")" "$(bal a "$ESCROW_A" "$DENOM")"
# B's block time must pass the timeout before the relayer can prove it
sleep 6
wait_blocks b 2

step "relayer resumes: the timed-out transfer is refunded once"
"$PAIR" relayer-start >"$WORK/pair-relayer2.log" 2>&1 || { cat "$WORK/pair-relayer2.log" >&2; fail "relayer restart failed"; }
wait_until "A's escrow is back to $ESCROW0 (refund)" 60 bal_is a "$ESCROW_A" "$DENOM" "$ESCROW0"
expect_eq "alice refunded: before minus the fee only" "$(calc "$ALICE1 - $TX_FEE")" "$(bal a "$ALICE" "$DENOM")"
expect_eq "bob received nothing" "$BOB1" "$(bal b "$BOB" "$VOUCHER")"
"$PAIR" hermes clear packets --chain "$CHAIN_A" --port transfer --channel "$CH_A" >"$WORK/clear.log" 2>&1 ||
  { cat "$WORK/clear.log" >&2; fail "hermes clear packets failed"; }
wait_blocks a 2
expect_eq "alice after a forced packet clear (no second refund)" "$(calc "$ALICE1 - $TX_FEE")" "$(bal a "$ALICE" "$DENOM")"
expect_eq "A's escrow after the clear" "$ESCROW0" "$(bal a "$ESCROW_A" "$DENOM")"

ibc_cosmjs_step
ibc_rate_limit_step

step "hermes health-check after the run"
"$PAIR" hermes health-check >"$WORK/health2.log" 2>&1 || { cat "$WORK/health2.log" >&2; fail "hermes health-check failed"; }
if grep -E ' (WARN|ERROR) ' "$WORK/health2.log" >&2; then
  fail "hermes health-check reported the warnings or errors above"
fi

log "IBC flow took $((SECONDS - T0))s (without the Hermes install)"
e2e_pass
