#!/usr/bin/env bash
# End-to-end: an unmodified grpcurl against the devnet's gRPC gateway, with no .proto files:
#   - `list` shows exactly the services the node serves;
#   - `describe` shows the real field names and types of a Cosmos SDK message
#     (cosmos.bank.v1beta1.QueryBalanceRequest) and of an OpenLedger one
#     (openledger.attribution.v1.MsgRecordInference), from the generated descriptor set;
#   - calls through reflection answer: a bank balance equal to what the CLI reads, the
#     attribution params, and a refusal (bad address) with a short error.
E2E_PORT_BASE="${E2E_PORT_BASE:-27400}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

"$REPO_ROOT/testnet/install-grpcurl.sh" || fail "cannot install grpcurl"
GRPCURL="${OPENLEDGER_TOOLS:-$REPO_ROOT/.tools}/bin/grpcurl"

start_devnet
GRPC="127.0.0.1:$OPENLEDGER_GRPC_PORT"
g() { "$GRPCURL" -plaintext "$@"; }

step "grpcurl list: exactly the served services"
for _ in $(seq 1 30); do g "$GRPC" list >"$WORK/list.out" 2>"$WORK/list.err" && break; sleep 1; done
sort "$WORK/list.out" >"$WORK/list.sorted"
cat >"$WORK/list.expected" <<'LIST'
cosmos.auth.v1beta1.Query
cosmos.bank.v1beta1.Query
cosmos.base.node.v1beta1.Service
cosmos.base.tendermint.v1beta1.Service
cosmos.distribution.v1beta1.Query
cosmos.gov.v1.Query
cosmos.slashing.v1beta1.Query
cosmos.staking.v1beta1.Query
cosmos.tx.v1beta1.Service
cosmos.upgrade.v1beta1.Query
grpc.reflection.v1.ServerReflection
grpc.reflection.v1alpha.ServerReflection
ibc.applications.transfer.v1.Query
ibc.core.channel.v1.Query
ibc.core.client.v1.Query
ibc.core.connection.v1.Query
openledger.adapters.v1.Query
openledger.attribution.v1.Query
openledger.content.v1.Content
openledger.datanets.v1.Query
openledger.feedback.v1.Query
openledger.finetune.v1.Query
openledger.gov.v1.Query
openledger.ibc.v1.Query
openledger.models.v1.Query
LIST
diff -u "$WORK/list.expected" "$WORK/list.sorted" || fail "grpcurl list differs from the served services"

step "describe a Cosmos SDK request"
g "$GRPC" describe cosmos.bank.v1beta1.QueryBalanceRequest >"$WORK/balance.desc" || fail "describe failed"
cat "$WORK/balance.desc" >&2
grep -q 'string address = 1' "$WORK/balance.desc" || fail "QueryBalanceRequest.address is not described"
grep -q 'string denom = 2' "$WORK/balance.desc" || fail "QueryBalanceRequest.denom is not described"

step "describe an OpenLedger message"
g "$GRPC" describe openledger.attribution.v1.MsgRecordInference >"$WORK/record.desc" || fail "describe failed"
cat "$WORK/record.desc" >&2
for field in 'string operator = 1' 'uint64 model_id = 3' 'uint64 input_tokens = 5' \
  'bytes output_hash = 7' 'string request_id = 9' \
  'repeated .openledger.attribution.v1.AttributionEntry attribution = 10'; do
  grep -q "$field" "$WORK/record.desc" || fail "MsgRecordInference lacks '$field'"
done
g "$GRPC" describe openledger.attribution.v1.Query.ReceiptsByModel >"$WORK/method.desc" ||
  fail "describe of a method failed"
grep -q 'QueryReceiptsByModelRequest' "$WORK/method.desc" || fail "ReceiptsByModel is not described"

step "call Balance through reflection: the amount the CLI reads"
ALICE="$(account_field alice address)"
g -d "{\"address\":\"$ALICE\",\"denom\":\"aopen\"}" "$GRPC" cosmos.bank.v1beta1.Query/Balance \
  >"$WORK/balance.json" || fail "Balance call failed"
expect_eq "balance over gRPC" "$(balance "$ALICE")" \
  "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["balance"]["amount"])' <"$WORK/balance.json")"

step "call an OpenLedger query through reflection"
g "$GRPC" openledger.attribution.v1.Query/Params >"$WORK/params.json" || fail "Params call failed"
python3 - "$WORK/params.json" <<'PY' || fail "attribution params are not as the genesis sets them"
import json, sys
p = json.load(open(sys.argv[1]))["params"]
assert int(p["maxAttributionEntries"]) > 0, p
assert p["creatorShare"] and p["stakersShare"] and p["dataShare"], p
PY

step "a refused call answers a short error"
if g -d '{"address":"not-an-address","denom":"aopen"}' "$GRPC" cosmos.bank.v1beta1.Query/Balance \
  >"$WORK/bad.out" 2>"$WORK/bad.err"; then
  fail "a bad address was answered"
fi
cat "$WORK/bad.err" >&2
grep -q 'InvalidArgument' "$WORK/bad.err" || fail "a bad address is not InvalidArgument"
if grep -qE '\.rs:|panicked|/home/|/root/' "$WORK/bad.err"; then fail "the error leaks internals"; fi

e2e_pass
