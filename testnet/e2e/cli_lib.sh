#!/usr/bin/env bash
# shellcheck disable=SC2034  # TX_FEE, TX_HEIGHT are read by the sourcing tests
# Helpers for the e2e tests that drive the openledger CLI with --output json (sourced after
# lib.sh; the caller sets GAS_PRICE, the aopen per gas its transactions pay).

# jget PATH < JSON: the value at a dotted path (list indexes are numbers); strings raw, the rest
# as JSON; fails when the path does not exist
jget() {
  python3 -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    try:
        v = v[int(k)] if isinstance(v, list) else v[k]
    except (KeyError, IndexError, ValueError, TypeError):
        sys.exit(f"no {sys.argv[1]} in the JSON")
print(v if isinstance(v, str) else json.dumps(v))
' "$1"
}

# out PATH: jget on the last command's stdout
out() { jget "$1" <"$WORK/last.out" || { show_last; fail "no $1 in the output"; }; }

# amt PATH: an amount of the last output as an integer ("" and null read as 0)
amt() {
  python3 -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    try:
        v = v[int(k)] if isinstance(v, list) else v[k]
    except (KeyError, IndexError, ValueError, TypeError):
        sys.exit(f"no {sys.argv[1]} in the JSON")
print(int(v) if v not in ("", None) else 0)
' "$1" <"$WORK/last.out" || { show_last; fail "no amount $1 in the output"; }
}

# tx KEY ARGS...: openledger tx ARGS --from KEY, simulated gas at GAS_PRICE; must succeed with
# code 0. Sets TX_FEE (aopen paid for gas) and TX_HEIGHT.
tx() {
  local key=$1
  shift
  ol_capture tx "$@" --from "$key" --gas auto --gas-prices "${GAS_PRICE}aopen" --yes --output json ||
    { show_last; fail "tx $* (from $key) failed"; }
  [[ "$(out code)" == 0 ]] || { show_last; fail "tx $* (from $key): code $(out code)"; }
  TX_FEE="$(calc "$(out gas_wanted) * $GAS_PRICE")"
  TX_HEIGHT="$(out height)"
}

# refused WHAT KEY ARGS...: openledger tx ARGS --from KEY must fail (the simulation refuses it,
# so nothing is broadcast and no fee is paid)
refused() {
  local what=$1 key=$2
  shift 2
  if ol_capture tx "$@" --from "$key" --gas auto --gas-prices "${GAS_PRICE}aopen" --yes --output json; then
    show_last
    fail "$what: accepted"
  fi
  log "refused as expected ($what): $(head -c 300 "$WORK/last.err" | tr '\n' ' ')"
}

# q ARGS...: openledger query ARGS --output json, must succeed
q() { ol_capture query "$@" --output json || { show_last; fail "query $* failed"; }; }

# send FROM TO AMOUNT: a bank transfer with simulated gas
send() {
  ol_capture tx bank send "$1" "$2" "$3" --gas auto --gas-prices "${GAS_PRICE}aopen" --yes --output json ||
    { show_last; fail "tx bank send $* failed"; }
  [[ "$(out code)" == 0 ]] || { show_last; fail "tx bank send $*: code $(out code)"; }
}

wait_for_status() { # PROPOSAL_ID STATUS TIMEOUT_S
  local deadline=$((SECONDS + $3)) status=""
  while ((SECONDS < deadline)); do
    q gov proposal "$1"
    status="$(out proposal.status)"
    [[ "$status" == "$2" ]] && return 0
    case "$status" in
      PROPOSAL_STATUS_REJECTED | PROPOSAL_STATUS_FAILED) show_last; fail "proposal $1 ended $status" ;;
    esac
    sleep 1
  done
  fail "proposal $1 not $2 within $3s (last $status)"
}

# approve_and_deploy_model CREATOR MODEL_ID VOTER...: CREATOR submits the model's approval
# proposal, each VOTER (who holds gOPEN) votes yes; once it has PASSED (within VOTING_PERIOD +
# 45 s) CREATOR advances the model to DEPLOYED. Sets PROPOSAL.
approve_and_deploy_model() {
  local creator=$1 model=$2 voter
  shift 2
  tx "$creator" gov propose-model-approval "$model" --deposit 10OPEN
  q gov proposals --status voting
  PROPOSAL="$(python3 -c '
import json, sys
for p in json.load(sys.stdin)["proposals"]:
    m = p["messages"]
    if len(m) == 1 and m[0].get("@type") == "/openledger.models.v1.MsgApproveModel" and int(m[0]["model_id"]) == int(sys.argv[1]):
        print(p["id"])
        break
' "$model" <"$WORK/last.out")"
  [[ -n "$PROPOSAL" ]] || { show_last; fail "no proposal in its voting period approves model $model"; }
  for voter in "$@"; do tx "$voter" gov vote "$PROPOSAL" yes; done
  wait_for_status "$PROPOSAL" PROPOSAL_STATUS_PASSED $((VOTING_PERIOD + 45))
  tx "$creator" model advance "$model" data_collection
  tx "$creator" model advance "$model" fine_tuning
  tx "$creator" model advance "$model" alignment --training-run-hash "$(printf 'run %s' "$model" | sha256sum | cut -d' ' -f1)"
  tx "$creator" model advance "$model" deployed --adapter-hash "$(printf 'adapter %s' "$model" | sha256sum | cut -d' ' -f1)"
}

# wait_blocks N: wait until N more blocks are committed
wait_blocks() { wait_for_height $(($(rpc_height) + $1)) 30; }

# python: bech32 of a module account, the 20 bytes of an address, the Merkle root of a version
py_lib='
import hashlib
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
def hrp_expand(hrp):
    return [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]
def convertbits(data, frombits, tobits, pad):
    acc, bits, ret, maxv = 0, 0, [], (1 << tobits) - 1
    for value in data:
        acc = (acc << frombits) | value
        bits += frombits
        while bits >= tobits:
            bits -= tobits
            ret.append((acc >> bits) & maxv)
    if pad and bits:
        ret.append((acc << (tobits - bits)) & maxv)
    elif not pad and (bits >= frombits or ((acc << (tobits - bits)) & maxv)):
        raise ValueError("invalid padding")
    return ret
def encode(hrp, raw):
    data = convertbits(raw, 8, 5, True)
    values = hrp_expand(hrp) + data
    pm = polymod(values + [0] * 6) ^ 1
    return hrp + "1" + "".join(CHARSET[c] for c in data + [(pm >> 5 * (5 - i)) & 31 for i in range(6)])
def decode(addr):
    hrp, _, rest = addr.rpartition("1")
    data = [CHARSET.index(c) for c in rest]
    if polymod(hrp_expand(hrp) + data) != 1:
        raise ValueError("bad checksum in " + addr)
    return bytes(convertbits(data[:-6], 5, 8, False))
def module_account(name):
    return encode("open", hashlib.sha256(name.encode()).digest()[:20])
def merkle_root(leaves):
    if not leaves:
        return hashlib.sha256(b"").digest()
    level = leaves
    while len(level) > 1:
        nxt = [hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]
def leaf(cid, content_hash, size, contributor):
    return hashlib.sha256(b"\x00" + cid.to_bytes(8, "big") + content_hash + size.to_bytes(8, "big") + decode(contributor)).digest()
'
module_account() { python3 -c "$py_lib"'
import sys; print(module_account(sys.argv[1]))' "$1"; }
