#!/usr/bin/env bash
# End-to-end: new nodes join a running localnet by state sync and by block sync.
#   a. a 6-node localnet (testnet/localnet.sh): node0..node3 genesis validators, node4 and node5
#      full nodes; every openledgerd takes a state-sync snapshot every 10 heights
#      (OPENLEDGER_SNAPSHOT_INTERVAL). node4 and node5 are stopped and wiped right away.
#   b. the validators write a snapshot (<home>/data/snapshots/<height>/) while the chain goes on;
#      the four validators' files of that height are byte-identical
#   c. node4 joins by state sync: config.toml [statesync] enable, rpc_servers = node0's and
#      node1's RPC, trust_height/trust_hash from node0's /block at the snapshot height; it
#      catches up, its openledgerd log says it restored the snapshot, its first executed block is
#      above the snapshot height and its earliest block is not block 1
#   d. node5 joins by block sync from genesis (earliest block 1) and catches up
#   e. every node's own app (/abci_info: height h, app hash) agrees with the chain's header app
#      hash at h+1, and all six keep making blocks
E2E_LOCALNET_PORT_BASE="${E2E_LOCALNET_PORT_BASE:-30300}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=testnet/e2e/localnet_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/localnet_lib.sh"

INTERVAL=10
STATE_SYNC_NODE=4
BLOCK_SYNC_NODE=5

# json_get URL PYEXPR: evaluate PYEXPR on the JSON answer `r` of URL
json_get() {
  curl -sf --max-time 3 "$1" | python3 -c "import json,sys; r=json.load(sys.stdin); print($2)"
}

# set_toml FILE section.key=value...: rewrite existing keys of a CometBFT config.toml
set_toml() {
  python3 - "$@" <<'PY'
import re, sys
path, settings = sys.argv[1], sys.argv[2:]
want = {}
for s in settings:
    name, value = s.split("=", 1)
    section, _, key = name.rpartition(".")
    want[(section, key)] = value
section, seen, out = "", set(), []
for line in open(path).read().splitlines(keepends=True):
    m = re.match(r"^\s*\[([^\]]+)\]\s*$", line)
    if m:
        section = m.group(1).strip()
    else:
        m = re.match(r"^(\s*)([A-Za-z0-9_]+)(\s*=\s*).*$", line)
        if m and (section, m.group(2)) in want:
            line = f"{m.group(1)}{m.group(2)}{m.group(3)}{want[(section, m.group(2))]}\n"
            seen.add((section, m.group(2)))
    out.append(line)
missing = sorted(set(want) - seen)
if missing:
    sys.exit(f"{path}: keys not found: {missing}")
open(path, "w").write("".join(out))
PY
}

# wipe I: delete node I's chain and app data (a brand-new node with the same keys and config)
wipe_node() {
  local home
  home="$(node_home "$1")"
  rm -rf "$home/data"
  mkdir -p "$home/data"
  printf '{"height":"0","round":0,"step":0}\n' >"$home/data/priv_validator_state.json"
  # keep the logs of the first run apart
  local f
  for f in openledgerd cometbft; do
    [[ -f "$home/logs/$f.log" ]] && mv "$home/logs/$f.log" "$home/logs/$f.first-run.log"
  done
  return 0
}

newest_snapshot() { # I -> height of node I's newest complete snapshot, empty if none
  local dir
  dir="$(node_home "$1")/data/snapshots"
  [[ -d "$dir" ]] || return 0
  find "$dir" -mindepth 1 -maxdepth 1 -type d -regex '.*/[0-9]+' -printf '%f\n' | sort -n | tail -n 1
}

step "a. a 6-node localnet: 4 validators with snapshots every $INTERVAL heights, 2 full nodes"
pick_localnet_ports 6
log "home $OPENLEDGER_LOCALNET_HOME, ports from $OPENLEDGER_LOCALNET_PORT_BASE"
OPENLEDGER_LOCALNET_NODES=6 OPENLEDGER_LOCALNET_GENESIS_VALIDATORS=4 \
  OPENLEDGER_SNAPSHOT_INTERVAL=$INTERVAL OPENLEDGER_START_TIMEOUT=120 \
  "$LOCALNET" start >"$WORK/localnet-start.log" 2>&1 ||
  { tail -n 60 "$WORK/localnet-start.log" >&2; fail "localnet start failed"; }
"$LOCALNET" stop-node $STATE_SYNC_NODE >>"$WORK/localnet-start.log" 2>&1 || fail "stopping node$STATE_SYNC_NODE failed"
"$LOCALNET" stop-node $BLOCK_SYNC_NODE >>"$WORK/localnet-start.log" 2>&1 || fail "stopping node$BLOCK_SYNC_NODE failed"
wipe_node $STATE_SYNC_NODE
wipe_node $BLOCK_SYNC_NODE
log "ok: node$STATE_SYNC_NODE and node$BLOCK_SYNC_NODE stopped and wiped; validators at height $(node_height 0)"

step "b. the validators write a snapshot"
deadline=$((SECONDS + 90))
SNAP=""
while ((SECONDS < deadline)); do
  SNAP="$(newest_snapshot 0)"
  [[ -n "$SNAP" && -n "$(newest_snapshot 1)" ]] && break
  sleep 1
done
[[ -n "$SNAP" ]] || fail "node0 wrote no snapshot under $(node_home 0)/data/snapshots within 90s"
expect_eq "snapshot height is a multiple of $INTERVAL" 0 $((SNAP % INTERVAL))
ls "$(node_home 0)/data/snapshots/$SNAP" >"$WORK/snapshot-files.txt"
grep -qx metadata "$WORK/snapshot-files.txt" || fail "snapshot $SNAP has no metadata file"
grep -qx 'chunk-00000' "$WORK/snapshot-files.txt" || fail "snapshot $SNAP has no chunk"
grep -q "wrote state-sync snapshot" "$(node_home 0)/logs/openledgerd.log" ||
  fail "node0's log does not mention the snapshot"
log "ok: node0 has snapshot $SNAP ($(wc -l <"$WORK/snapshot-files.txt") files)"
# the same state gives the same bytes: every validator's snapshot of that height is identical
digest() { (cd "$(node_home "$1")/data/snapshots/$SNAP" && sha256sum metadata chunk-*) 2>/dev/null; }
D0="$(digest 0)"
for i in 1 2 3; do
  retry 30 "node$i's snapshot $SNAP" test -d "$(node_home "$i")/data/snapshots/$SNAP"
  expect_eq "sha256 of node$i's snapshot $SNAP files vs node0's" "$D0" "$(digest "$i")"
done
# the light client needs the headers after the snapshot height
wait_node_height 0 $((SNAP + 3)) 60

step "c. node$STATE_SYNC_NODE joins by state sync"
TRUST_HASH="$(json_get "$(node_rpc 0)/block?height=$SNAP" 'r["result"]["block_id"]["hash"]')"
[[ -n "$TRUST_HASH" ]] || fail "no hash for block $SNAP from node0"
set_toml "$(node_home $STATE_SYNC_NODE)/config/config.toml" \
  statesync.enable=true \
  statesync.rpc_servers="\"$(node_rpc 0),$(node_rpc 1)\"" \
  statesync.trust_height="$SNAP" \
  statesync.trust_hash="\"$TRUST_HASH\"" \
  statesync.trust_period='"168h0m0s"' \
  statesync.discovery_time='"5s"'
t0=$SECONDS
OPENLEDGER_START_TIMEOUT=120 "$LOCALNET" start-node $STATE_SYNC_NODE >"$WORK/start-node$STATE_SYNC_NODE.log" 2>&1 ||
  { tail -n 30 "$WORK/start-node$STATE_SYNC_NODE.log" >&2; fail "node$STATE_SYNC_NODE did not catch up by state sync"; }
APP_LOG="$(node_home $STATE_SYNC_NODE)/logs/openledgerd.log"
grep -q "Snapshot restored" "$(node_home $STATE_SYNC_NODE)/logs/cometbft.log" ||
  fail "node$STATE_SYNC_NODE's CometBFT did not restore a snapshot"
grep "restored state from a state-sync snapshot" "$APP_LOG" >"$WORK/restored.txt" ||
  fail "node$STATE_SYNC_NODE's openledgerd did not restore a snapshot"
RESTORED="$(grep -o 'height=[0-9]*' "$WORK/restored.txt" | head -n 1 | cut -d= -f2)"
((RESTORED >= SNAP)) || fail "restored height $RESTORED is below the snapshot $SNAP"
FIRST_BLOCK="$(grep 'committed block' "$APP_LOG" | grep -o 'height=[0-9]*' | head -n 1 | cut -d= -f2)"
[[ -n "$FIRST_BLOCK" ]] || fail "node$STATE_SYNC_NODE executed no block after the restore"
((FIRST_BLOCK == RESTORED + 1)) || fail "node$STATE_SYNC_NODE's first executed block is $FIRST_BLOCK, expected $((RESTORED + 1))"
EARLIEST="$(json_get "$(node_rpc $STATE_SYNC_NODE)/status" 'r["result"]["sync_info"]["earliest_block_height"]')"
((EARLIEST > 1)) || fail "node$STATE_SYNC_NODE has blocks from $EARLIEST: it replayed from genesis"
log "ok: node$STATE_SYNC_NODE restored height $RESTORED in $((SECONDS - t0))s, executed from $FIRST_BLOCK, earliest block $EARLIEST, now at $(node_height $STATE_SYNC_NODE)"

step "d. node$BLOCK_SYNC_NODE joins by block sync from genesis"
t0=$SECONDS
OPENLEDGER_START_TIMEOUT=120 "$LOCALNET" start-node $BLOCK_SYNC_NODE >"$WORK/start-node$BLOCK_SYNC_NODE.log" 2>&1 ||
  { tail -n 30 "$WORK/start-node$BLOCK_SYNC_NODE.log" >&2; fail "node$BLOCK_SYNC_NODE did not catch up by block sync"; }
EARLIEST="$(json_get "$(node_rpc $BLOCK_SYNC_NODE)/status" 'r["result"]["sync_info"]["earliest_block_height"]')"
expect_eq "node$BLOCK_SYNC_NODE's earliest block" 1 "$EARLIEST"
if grep -q "restored state from a state-sync snapshot" "$(node_home $BLOCK_SYNC_NODE)/logs/openledgerd.log"; then
  fail "node$BLOCK_SYNC_NODE restored a snapshot although state sync is off"
fi
log "ok: node$BLOCK_SYNC_NODE caught up by block sync in $((SECONDS - t0))s (height $(node_height $BLOCK_SYNC_NODE))"

step "e. every node's app hash is the chain's"
top=0
for i in 0 1 2 3 4 5; do
  h="$(node_height "$i")"
  [[ -n "$h" ]] && ((h > top)) && top=$h
done
for i in 0 1 2 3 4 5; do wait_node_height "$i" $((top + 2)) 60; done
for i in 0 1 2 3 4 5; do
  read -r APP_H APP_HASH < <(json_get "$(node_rpc "$i")/abci_info" \
    'r["result"]["response"]["last_block_height"], __import__("base64").b64decode(r["result"]["response"]["last_block_app_hash"]).hex().upper()')
  wait_node_height 0 $((APP_H + 1)) 30
  HEADER_HASH="$(json_get "$(node_rpc 0)/block?height=$((APP_H + 1))" 'r["result"]["block"]["header"]["app_hash"]')"
  expect_eq "node$i app hash at height $APP_H" "$HEADER_HASH" "$APP_HASH"
done
COMMON=$((top + 1))
HASHES="$(for i in 0 1 2 3 4 5; do json_get "$(node_rpc "$i")/block?height=$COMMON" 'r["result"]["block"]["header"]["app_hash"]'; done | sort -u | wc -l)"
expect_eq "distinct header app hashes at height $COMMON over the six nodes' block stores" 1 "$HASHES"
log "ok: all six nodes agree (common height $COMMON)"
e2e_pass
