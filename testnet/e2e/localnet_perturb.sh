#!/usr/bin/env bash
# End-to-end: the 4-validator localnet (testnet/localnet.sh, equal powers) under perturbations,
# with a light stream of bank sends running all along (3 senders with the CLI, broadcast mode
# sync, 0.5 s apart: a few tx/s).
#   a. start the localnet and the tx stream
#   b. one validator at a time (1/4 of the power; the other 3/4 > 2/3 keep committing), and each
#      time blocks must keep coming on the others, then the node must catch up:
#        node0: kill -9 of its openledgerd and cometbft, then a restart
#        node1: SIGSTOP of both processes for PAUSE_SECS (10 s), then SIGCONT
#        node2: clean restart (SIGTERM, start again)
#        node0: p2p cut (iptables DROP on loopback of its p2p connections) for PARTITION_SECS,
#               then the rules are removed; its height must stand still meanwhile (node0 was
#               restarted in b1, so it dialed its peers: the cut covers connections it opened
#               as well as those the others opened to it)
#   c. halt: node2 and node3 (half the power, >= 1/3) are killed together: the height stands
#      still on node0 and node1 for HALT_SECS; both are started again and the chain resumes
#   d. every node is at a common height; for every height all 4 nodes report the same block hash
#      and app hash; the transfers landed exactly once: per sender, the committed txs (CometBFT
#      tx_search message.sender) equal the account sequence, and the balances of sender and
#      recipient match amount and fee times those counts (accepted txs that never landed, lost
#      with a killed node's mempool, are counted and reported)
# Figures (time per node to catch up, how long the chain made no block) are logged with
# "figure:" and kept in $OPENLEDGER_E2E_ARTIFACTS/localnet_perturb/figures.txt.
#
# The p2p cut needs root and iptables (CI runs as root; .ci/run installs iptables). Without a
# working iptables that perturbation is skipped with a notice, the rest still runs.
E2E_LOCALNET_PORT_BASE="${E2E_LOCALNET_PORT_BASE:-30500}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=testnet/e2e/localnet_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/localnet_lib.sh"

NODES=4
PAUSE_SECS="${OPENLEDGER_E2E_PAUSE_SECS:-10}"
PARTITION_SECS="${OPENLEDGER_E2E_PARTITION_SECS:-10}"
HALT_SECS="${OPENLEDGER_E2E_HALT_SECS:-6}"
CATCH_UP_TIMEOUT=60
AMOUNT=1000 # aopen per transfer
SENDERS=(alice bob carol)
FIGURES="$WORK/figures.txt"
: >"$FIGURES"

figure() { log "figure: $*"; echo "$*" >>"$FIGURES"; }
now_ms() { date +%s%3N; }
secs_since() { python3 -c "print(f'{($(now_ms) - $1) / 1000:.1f}')"; } # MS_START -> seconds

# --- processes of a node ------------------------------------------------------------------------

# pids of node I's openledgerd and cometbft (those alive)
node_pids() {
  local f pid
  for f in openledgerd cometbft; do
    pid="$(cat "$(node_home "$1")/$f.pid" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; fi
  done
}

p2p_port_of() { echo $((OPENLEDGER_LOCALNET_PORT_BASE + 10 * $1)); }

ALL=-1      # as I in others_of / others_top / expect_progress: no node left out
others_of() { # I -> the other node indexes
  local j
  for ((j = 0; j < NODES; j++)); do ((j == $1)) || echo "$j"; done
}

# heights of all nodes in one go: "H0 H1 ..." ("-" for a node whose RPC does not answer)
heights() {
  python3 - "$OPENLEDGER_LOCALNET_PORT_BASE" "$NODES" <<'PY'
import json, sys, urllib.request
base, n = int(sys.argv[1]), int(sys.argv[2])
out = []
for i in range(n):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{base + 10 * i + 1}/status", timeout=2) as r:
            out.append(json.load(r)["result"]["sync_info"]["latest_block_height"])
    except Exception:
        out.append("-")
print(" ".join(out))
PY
}

# highest height among the nodes other than I (0 when none answers)
others_top() {
  local j=0 h top=0
  for h in $(heights); do
    if ((j != $1)) && [[ "$h" =~ ^[0-9]+$ ]] && ((h > top)); then top=$h; fi
    j=$((j + 1))
  done
  echo "$top"
}

# expect_progress I BLOCKS TIMEOUT WHAT: every node but I makes BLOCKS more blocks within TIMEOUT s
expect_progress() {
  local i=$1 n=$2 timeout=$3 what=$4 j start
  start="$(others_top "$i")"
  ((start > 0)) || fail "$what: no other node answers"
  for j in $(others_of "$i"); do
    wait_node_height "$j" $((start + n)) "$timeout"
  done
  log "ok: $what: the other nodes went from height $start to >= $((start + n))"
}

# wait_caught_up I WHAT [T0_MS]: node I reaches the others' height (as of now) and is not
# catching up; with T0_MS, logs the seconds since then as a figure
wait_caught_up() {
  local i=$1 what=$2 t0=${3:-} target s deadline=$((SECONDS + CATCH_UP_TIMEOUT))
  target="$(others_top "$i")"
  while :; do
    s="$(rpc_get "$i" /status 2>/dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin)["result"]["sync_info"]
print(r["latest_block_height"], str(r["catching_up"]).lower())' 2>/dev/null || true)"
    if [[ -n "$s" ]] && ((${s% *} >= target)) && [[ "${s#* }" == false ]]; then break; fi
    ((SECONDS < deadline)) || fail "node$i did not catch up to height $target within ${CATCH_UP_TIMEOUT}s after $what (status '${s:-no answer}')"
    sleep 0.25
  done
  if [[ -n "$t0" ]]; then
    figure "node$i at the others' height ($target) $(secs_since "$t0")s after $what"
  else
    log "ok: node$i at the others' height ($target) after $what"
  fi
}

# --- the tx stream --------------------------------------------------------------------------------
# Each sender loop sends AMOUNT to its own fresh recipient through the node named in
# $WORK/stream.node (the main script points it away from the node being perturbed), with
# broadcast mode sync and the sequence counted here (the CLI then asks the node nothing but the
# broadcast), STREAM_GAP seconds apart. The hash of every send the node accepted goes to
# $WORK/stream-<sender>.hashes. After a refusal or a failed broadcast (a tx lost with a killed
# node's mempool leaves a gap) the loop reads the committed sequence again. Touch
# $WORK/stream.stop to end the loops.

STREAM_PIDS=()
STREAM_GAP=0.5

# account_seq NODE ADDRESS -> "SEQUENCE ACCOUNT_NUMBER" committed on node NODE
account_seq() {
  local out
  out="$(timeout 10 "$CLI" --node "$(node_rpc "$1")" query account "$2" --output json 2>/dev/null)" || return 1
  python3 -c '
import json, sys
d = json.loads(sys.argv[1])
if not d.get("exists"):
    sys.exit(1)
print(int(d.get("sequence") or 0), int(d["account_number"]))' "$out"
}

stream_loop() { # SENDER SENDER_ADDRESS RECIPIENT
  local from=$1 addr=$2 to=$3 node out code hash seq="" accnum="" sa
  local hashes="$WORK/stream-$from.hashes" slog="$WORK/stream-$from.log"
  while [[ ! -f "$WORK/stream.stop" ]]; do
    node="$(cat "$WORK/stream.node" 2>/dev/null || true)"
    [[ "$node" =~ ^[0-9]+$ ]] || node=0
    if [[ -z "$seq" ]]; then
      sa="$(account_seq "$node" "$addr")" || { sleep 0.5; continue; }
      read -r seq accnum <<<"$sa"
      echo "$(date +%T) sequence $seq (node$node)" >>"$slog"
    fi
    out="$(timeout 10 "$CLI" --node "$(node_rpc "$node")" --home "$KEYRING" --chain-id "$CHAIN_ID" \
      tx bank send "$from" "$to" "${AMOUNT}aopen" --fees "${FEE_AOPEN}aopen" --sequence "$seq" \
      --account-number "$accnum" --broadcast-mode sync --yes --output json 2>>"$slog")" ||
      { echo "$(date +%T) send via node$node failed" >>"$slog"; seq=""; sleep 1; continue; }
    read -r code hash <<<"$(python3 -c '
import json, sys
d = json.loads(sys.argv[1])
print(d.get("code", 0), d.get("txhash") or d.get("tx_hash") or d.get("hash") or "")' "$out" 2>/dev/null || echo "? ")"
    if [[ "$code" != 0 || -z "$hash" ]]; then
      echo "$(date +%T) node$node refused sequence $seq: $(head -c 300 <<<"$out")" >>"$slog"
      seq=""
      sleep 1
      continue
    fi
    echo "$hash" >>"$hashes"
    seq=$((seq + 1))
    sleep "$STREAM_GAP"
  done
}

stream_start() {
  local s rcpt
  rm -f "$WORK/stream.stop"
  stream_via 0
  for s in "${SENDERS[@]}"; do
    rcpt="$(json_find address <"$WORK/rcpt-$s.json")"
    : >"$WORK/stream-$s.hashes"
    stream_loop "$s" "${SENDER_ADDR[$s]}" "$rcpt" &
    STREAM_PIDS+=($!)
    E2E_BG_PIDS="${E2E_BG_PIDS:-} $!"
  done
  log "tx stream started: ${SENDERS[*]} send ${AMOUNT}aopen each, ${STREAM_GAP}s apart"
}

# stream_via NODE: where the stream sends from now on (written atomically: the loops read it)
stream_via() { echo "$1" >"$WORK/stream.node.tmp" && mv -f "$WORK/stream.node.tmp" "$WORK/stream.node"; }

stream_stop() {
  touch "$WORK/stream.stop"
  local p
  for p in "${STREAM_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  STREAM_PIDS=()
}

stream_sent() { cat "$WORK"/stream-*.hashes 2>/dev/null | wc -l | tr -d ' '; }

# --- the p2p cut (iptables) -----------------------------------------------------------------------
# Drops, on the loopback interface, every packet from or to the TCP ports of node I's p2p
# connections: its listen port (connections the others dialed, and any new dial to it) and the
# local ports of the connections its cometbft dialed. partition_refresh adds the ports of
# connections it opens meanwhile. The established connections are not closed: after a short cut
# TCP delivers what was queued, as after a network outage.

IPT_TAG="openledger-e2e-perturb-$$"
IPT_RULES=() # "sport N" / "dport N"

iptables_usable() {
  command -v iptables >/dev/null 2>&1 || return 1
  iptables -w -I OUTPUT -o lo -p tcp --dport 1 -m comment --comment "$IPT_TAG" -j DROP 2>/dev/null || return 1
  iptables -w -D OUTPUT -o lo -p tcp --dport 1 -m comment --comment "$IPT_TAG" -j DROP 2>/dev/null
}

drop_port() { # PORT: drop loopback TCP packets from or to it (once)
  local dir rule
  for dir in sport dport; do
    rule="$dir $1"
    [[ " ${IPT_RULES[*]} " == *" $rule "* ]] && continue
    iptables -w -I OUTPUT -o lo -p tcp --"$dir" "$1" -m comment --comment "$IPT_TAG" -j DROP ||
      fail "iptables: cannot add a DROP rule for --$dir $1"
    IPT_RULES+=("$rule")
  done
}

partition_refresh() { # I: add the local ports of node I's current p2p connections
  local i=$1 pid port peers=() j
  pid="$(cat "$(node_home "$i")/cometbft.pid")"
  for j in $(others_of "$i"); do peers+=("$(p2p_port_of "$j")"); done
  for port in $(ss -Htnp 2>/dev/null | python3 -c '
import re, sys
pid, peers = sys.argv[1], set(sys.argv[2].split(","))
for line in sys.stdin:
    if f"pid={pid}," not in line:
        continue
    addrs = re.findall(r"\S+:(\d+)\s", line)
    if len(addrs) >= 2 and addrs[1] in peers:
        print(addrs[0])' "$pid" "$(IFS=,; echo "${peers[*]}")"); do
    drop_port "$port"
  done
}

partition() { # I
  drop_port "$(p2p_port_of "$1")"
  partition_refresh "$1"
}

heal() { # remove every rule this test added
  local rule
  for rule in "${IPT_RULES[@]}"; do
    iptables -w -D OUTPUT -o lo -p tcp --"${rule% *}" "${rule#* }" -m comment --comment "$IPT_TAG" -j DROP 2>/dev/null || true
  done
  IPT_RULES=()
}

# --- teardown: stream, paused processes, firewall rules, then the localnet -----------------------

PAUSED_PIDS=()
perturb_teardown() {
  local rc=$?
  set +e
  touch "$WORK/stream.stop" 2>/dev/null
  ((${#PAUSED_PIDS[@]} == 0)) || kill -CONT "${PAUSED_PIDS[@]}" 2>/dev/null
  ((${#IPT_RULES[@]} == 0)) || heal
  [[ -s "$FIGURES" ]] && mkdir -p "$ARTIFACTS" && cp -f "$FIGURES" "$ARTIFACTS/"
  (exit "$rc")
  localnet_teardown
}
trap perturb_teardown EXIT

# --- the perturbations ----------------------------------------------------------------------------

perturb_kill9() { # I
  local i=$1 pids t0
  stream_via "$(((i + 1) % NODES))"
  mapfile -t pids < <(node_pids "$i")
  ((${#pids[@]} == 2)) || fail "node$i: expected openledgerd and cometbft running, found pids '${pids[*]}'"
  kill -KILL "${pids[@]}"
  t0="$(now_ms)"
  log "node$i: kill -9 of openledgerd and cometbft (pids ${pids[*]})"
  expect_progress "$i" 3 30 "node$i killed"
  log "node$i: starting again after $(secs_since "$t0")s down"
  t0="$(now_ms)"
  "$LOCALNET" start-node "$i" >>"$WORK/localnet-start.log" 2>&1 ||
    { tail -n 30 "$WORK/localnet-start.log" >&2; fail "localnet start-node $i after kill -9 failed"; }
  wait_caught_up "$i" "its restart after kill -9 began" "$t0"
}

perturb_pause() { # I SECS
  local i=$1 secs=$2 pids t0
  stream_via "$(((i + 1) % NODES))"
  mapfile -t pids < <(node_pids "$i")
  ((${#pids[@]} == 2)) || fail "node$i: expected openledgerd and cometbft running, found pids '${pids[*]}'"
  kill -STOP "${pids[@]}"
  PAUSED_PIDS=("${pids[@]}")
  t0="$(now_ms)"
  log "node$i: SIGSTOP of openledgerd and cometbft for ${secs}s"
  expect_progress "$i" 3 30 "node$i paused"
  while (($(now_ms) - t0 < secs * 1000)); do sleep 0.2; done
  kill -CONT "${pids[@]}"
  PAUSED_PIDS=()
  log "node$i: SIGCONT after $(secs_since "$t0")s"
  wait_caught_up "$i" "SIGCONT (paused ${secs}s)" "$(now_ms)"
}

perturb_restart() { # I
  local i=$1 t0
  stream_via "$(((i + 1) % NODES))"
  t0="$(now_ms)"
  "$LOCALNET" stop-node "$i" >>"$WORK/localnet-start.log" 2>&1 || fail "localnet stop-node $i failed"
  log "node$i: stopped cleanly in $(secs_since "$t0")s"
  expect_progress "$i" 2 30 "node$i stopped"
  log "node$i: starting again after $(secs_since "$t0")s down"
  t0="$(now_ms)"
  "$LOCALNET" start-node "$i" >>"$WORK/localnet-start.log" 2>&1 ||
    { tail -n 30 "$WORK/localnet-start.log" >&2; fail "localnet start-node $i failed"; }
  wait_caught_up "$i" "its restart after a clean stop began" "$t0"
}

perturb_partition() { # I SECS
  local i=$1 secs=$2 t0 h0 h start deadline=$((SECONDS + 30))
  stream_via "$(((i + 1) % NODES))"
  partition "$i"
  t0="$(now_ms)"
  # read after the rules are in: the height may still move by the one block in flight
  h0="$(node_height "$i")"
  start="$(others_top "$i")"
  log "node$i: p2p cut at height $h0 (iptables DROP on loopback: ${IPT_RULES[*]})"
  # hold the cut SECS seconds and until the others made 3 blocks; connections node I opens
  # meanwhile are cut as well
  while (($(now_ms) - t0 < secs * 1000)) || (($(others_top "$i") < start + 3)); do
    ((SECONDS < deadline)) || fail "node$i cut off: the others did not make 3 blocks within 30s (from height $start)"
    partition_refresh "$i"
    sleep 0.5
  done
  log "ok: node$i cut off: the other nodes went from height $start to $(others_top "$i")"
  h="$(node_height "$i")"
  ((h <= h0 + 1)) || fail "node$i went from height $h0 to $h while cut off: the cut did not isolate it (rules: ${IPT_RULES[*]})"
  log "ok: node$i stayed at height $h (cut at $h0)"
  heal
  log "node$i: p2p restored after $(secs_since "$t0")s"
  wait_caught_up "$i" "the p2p cut ended (${secs}s cut)" "$(now_ms)"
}

# block_time_of I HEIGHT -> header time of the block as unix seconds (float)
block_time_of() {
  rpc_get "$1" "/block?height=$2" | python3 -c '
import json, sys, datetime
t = json.load(sys.stdin)["result"]["block"]["header"]["time"]
base, _, frac = t.rstrip("Z").partition(".")
d = datetime.datetime.strptime(base, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
print(d.timestamp() + float("0." + (frac or "0")))'
}

# ====================================================================================================

step "a. start a 4-validator localnet and the tx stream"
pick_localnet_ports "$NODES"
RPC="$(node_rpc 0)"
export OPENLEDGER_NODE="$RPC"
log "home $OPENLEDGER_LOCALNET_HOME, ports from $OPENLEDGER_LOCALNET_PORT_BASE (node0 RPC $RPC)"
T_START=$SECONDS
# timeout_propose 2s (localnet default 3s): a height whose proposer is down waits that long
OPENLEDGER_LOCALNET_NODES=$NODES OPENLEDGER_START_TIMEOUT=240 OPENLEDGER_LOCALNET_TIMEOUT_PROPOSE=2s \
  "$LOCALNET" start >"$WORK/localnet-start.log" 2>&1 ||
  { tail -n 60 "$WORK/localnet-start.log" >&2; fail "localnet start failed"; }
[[ -x "$CLI" ]] || fail "CLI not found at $CLI"
log "localnet up in $((SECONDS - T_START))s"

# powers: each node alone holds less than 1/3 of the power, node2 + node3 at least 1/3
rpc_get 0 "/validators?per_page=100" >"$WORK/validators.json" || fail "node0 /validators failed"
POWERS="$(python3 - "$WORK/validators.json" "$(cons_hex 0)" "$(cons_hex 1)" "$(cons_hex 2)" "$(cons_hex 3)" <<'PY'
import json, sys
vals = json.load(open(sys.argv[1]))["result"]["validators"]
power = {v["address"]: int(v["voting_power"]) for v in vals}
total = sum(power.values())
nodes = [power.get(a, 0) for a in sys.argv[2:]]
if len(vals) != 4 or any(3 * p >= total for p in nodes) or 3 * (nodes[2] + nodes[3]) < total:
    sys.exit(f"unexpected powers: {power}")
print(" ".join(map(str, nodes)), total)
PY
)" || fail "validator powers: $POWERS"
read -r _ _ P2 P3 TOTAL_POWER <<<"$POWERS"
HALT_POWER=$((P2 + P3))
log "ok: powers node0..node3 and total: $POWERS (one node < 1/3, node2 + node3 = $HALT_POWER >= 1/3)"

CHAIN_ID="$(rpc_get 0 /status | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["node_info"]["network"])')"
declare -A SENDER_ADDR=() SENDER_BAL0=() RCPT_ADDR=()
for s in "${SENDERS[@]}"; do
  import_key "$s"
  SENDER_ADDR[$s]="$(account_field "$s" address)"
  SENDER_BAL0[$s]="$(balance "${SENDER_ADDR[$s]}")"
  ol_capture keys add "rcpt-$s" --output json </dev/null || { show_last; fail "keys add rcpt-$s failed"; }
  cp "$WORK/last.out" "$WORK/rcpt-$s.json"
  RCPT_ADDR[$s]="$(json_find address <"$WORK/rcpt-$s.json")"
done
stream_start
T_PERTURB=$SECONDS
retry 30 "the first transfer of the stream in a block" bash -c '[[ $(cat '"$WORK"'/stream-*.hashes | wc -l) -ge 3 ]]'

step "b1. node0: kill -9 of both processes, then restart"
perturb_kill9 0

step "b2. node1: SIGSTOP for ${PAUSE_SECS}s, then SIGCONT"
perturb_pause 1 "$PAUSE_SECS"

step "b3. node2: clean restart"
perturb_restart 2

step "b4. node0: p2p cut for ${PARTITION_SECS}s, then restored"
if iptables_usable; then
  perturb_partition 0 "$PARTITION_SECS"
else
  log "NOTICE: iptables is missing or not usable here (it needs root): p2p cut skipped"
  figure "p2p cut skipped (no usable iptables)"
fi

step "c. halt: node2 and node3 ($HALT_POWER of $TOTAL_POWER power) go down together"
stream_via 0
mapfile -t HALT_PIDS < <(node_pids 2; node_pids 3)
((${#HALT_PIDS[@]} == 4)) || fail "expected 4 processes on node2 and node3, found '${HALT_PIDS[*]}'"
kill -KILL "${HALT_PIDS[@]}"
T_HALT="$(now_ms)"
H_HALT="$(others_top 2)"
log "node2 and node3 killed at height $H_HALT"
DEADLINE=$((SECONDS + HALT_SECS))
while ((SECONDS < DEADLINE)); do
  read -r h0 h1 _ <<<"$(heights)"
  # one block may still commit when its precommits were in before the kill
  for h in "$h0" "$h1"; do
    if [[ "$h" =~ ^[0-9]+$ ]] && ((h > H_HALT + 1)); then
      fail "the chain reached height $h (halt began at $H_HALT) with only half the power up"
    fi
  done
  sleep 0.5
done
H_STUCK="$(others_top 2)"
log "ok: the chain stood still at height $H_STUCK for ${HALT_SECS}s (node0 $(node_height 0), node1 $(node_height 1))"
T_RESTART="$(now_ms)"
"$LOCALNET" start >>"$WORK/localnet-start.log" 2>&1 &
RESTART_PID=$!
until [[ "$(node_height 0)" =~ ^[0-9]+$ ]] && (($(node_height 0) > H_STUCK)); do
  kill -0 "$RESTART_PID" 2>/dev/null || break
  sleep 0.2
done
T_RESUME="$(now_ms)"
wait "$RESTART_PID" || { tail -n 30 "$WORK/localnet-start.log" >&2; fail "restarting node2 and node3 failed"; }
# node2 and node3 are part of the quorum that made the new blocks: no figure of their own
for i in 2 3; do
  wait_caught_up "$i" "the restart that ended the halt"
done
wait_node_height 0 $((H_STUCK + 2)) 60
# a header's time is the median time of the votes that committed the block before it: the gap
# between the times of H+1 and H+2 is how long height H+1 took
figure "chain halted at height $H_STUCK: first new block $(calc "($T_RESUME - $T_HALT) / 1000")s after the kill of node2+node3 ($(calc "($T_RESUME - $T_RESTART) / 1000")s after their restart began); block time gap $(calc "round($(block_time_of 0 $((H_STUCK + 2))) - $(block_time_of 0 $((H_STUCK + 1))), 1)")s"
expect_progress "$ALL" 2 30 "after the halt"

step "d. stop the stream; every node agrees on every block; transfers landed exactly once"
stream_stop
log "stream stopped: $(stream_sent) transfers accepted by a node in $((SECONDS - T_PERTURB))s"
TOP="$(others_top "$ALL")"
for i in 0 1 2 3; do wait_node_height "$i" $((TOP + 2)) 30; done
python3 - "$OPENLEDGER_LOCALNET_PORT_BASE" "$NODES" >"$WORK/hashes-compare.out" <<'PY' || { cat "$WORK/hashes-compare.out" >&2; fail "the nodes disagree on block or app hashes"; }
import json, sys, urllib.request
base, n = int(sys.argv[1]), int(sys.argv[2])
def get(i, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{base + 10 * i + 1}{path}", timeout=5) as r:
        return json.load(r)["result"]
status = [get(i, "/status")["sync_info"] for i in range(n)]
lo = max(int(s["earliest_block_height"]) for s in status)
hi = min(int(s["latest_block_height"]) for s in status)
bad = 0
for h in range(lo, hi + 1):
    seen = []
    for i in range(n):
        b = get(i, f"/block?height={h}")
        seen.append((b["block_id"]["hash"], b["block"]["header"]["app_hash"]))
    if len(set(seen)) != 1:
        bad += 1
        print(f"height {h}: {seen}")
print(f"heights {lo}..{hi}: {hi - lo + 1} compared on {n} nodes, {bad} differ")
sys.exit(1 if bad or hi - lo < 10 else 0)
PY
log "ok: $(tail -n 1 "$WORK/hashes-compare.out")"

# per sender: the committed txs (tx_search message.sender) vs the account sequence, the hashes
# the stream recorded, and both balances
TOTAL_OK=0
for s in "${SENDERS[@]}"; do
  addr="${SENDER_ADDR[$s]}"
  python3 - "$(node_rpc 0)" "$addr" "$WORK/stream-$s.hashes" >"$WORK/committed-$s.out" <<'PY' || { cat "$WORK/committed-$s.out" >&2; fail "tx_search for $s failed"; }
import json, sys, urllib.parse, urllib.request
rpc, addr, hashes_file = sys.argv[1:]
ok, failed, page = set(), set(), 1
while True:
    q = urllib.parse.quote(f"\"message.sender='{addr}'\"")
    with urllib.request.urlopen(f"{rpc}/tx_search?query={q}&per_page=100&page={page}", timeout=10) as r:
        res = json.load(r)["result"]
    for t in res["txs"]:
        (ok if int(t["tx_result"].get("code", 0)) == 0 else failed).add(t["hash"].upper())
    if page * 100 >= int(res["total_count"]):
        break
    page += 1
sent = [l.strip().upper() for l in open(hashes_file) if l.strip()]
lost = {h for h in sent if h not in ok and h not in failed}
dups = len(sent) - len(set(sent))
print(len(ok), len(failed), len(sent), len(lost), dups)
PY
  read -r n_ok n_failed n_sent n_lost n_dup <"$WORK/committed-$s.out"
  # a resend after a refusal signs the same sequence again: identical bytes, the same hash
  # (n_dup), accepted once more when the node that had it first lost it or never gossiped it
  log "$s: $n_sent accepted by a node ($n_dup of them the same tx again), $n_ok committed ok, $n_failed committed with an error, $n_lost never committed (lost with a killed node's mempool)"
  ol_query query auth account "$addr"
  expect_eq "$s: account sequence = committed txs" $((n_ok + n_failed)) "$(json_find sequence <"$WORK/last.out")"
  expect_eq "$s: recipient balance = $n_ok x ${AMOUNT}aopen" "$(calc "$n_ok * $AMOUNT")" "$(balance "${RCPT_ADDR[$s]}")"
  expect_eq "$s: sender balance = start - amounts - fees" \
    "$(calc "${SENDER_BAL0[$s]} - $n_ok * $AMOUNT - ($n_ok + $n_failed) * $FEE_AOPEN")" "$(balance "$addr")"
  TOTAL_OK=$((TOTAL_OK + n_ok))
done
expect_eq "transfers committed during the test (at least 20)" True "$(calc "$TOTAL_OK >= 20")"
figure "$TOTAL_OK transfers committed in $((SECONDS - T_PERTURB))s of perturbations"
figure "e2e total $((SECONDS - T_START))s (localnet start included)"

e2e_pass
