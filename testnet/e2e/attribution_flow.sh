#!/usr/bin/env bash
# End-to-end: paid inference with Proof of Attribution, through the openledger CLI on a
# single-node devnet whose genesis sets a 15 s gov voting period, a datanets penalty threshold of
# 1 (one spam rejection halves a contributor's rewards in that datanet) and a community tax of 0
# (so that the community pool grows only by what the attribution module sends it).
#   1. alice creates datanets 1 and 2; bob and carol contribute to 1, carol and faucet to 2; alice
#      approves them, rejects a second contribution of faucet's as spam (its reward multiplier in
#      datanet 2 becomes 0.5) and publishes version 1 of both; bob's later contribution to
#      datanet 1 is approved after version 1
#   2. alice proposes model 1 on both versions; bob and carol (gOPEN) pass the approval proposal;
#      alice advances the model to DEPLOYED and sets odd per-1000-token rates
#   3. a fresh operator registers with a 100 OPEN bond serving model 1; a fresh user deposits
#      5 OPEN and grants the operator 4 OPEN for model 1 and 1 OPEN for any model
#   4. the operator records 100 inferences (varied tokens, attribution over the four approved
#      contributions of both datanets, weights summing to 1000000): one with `record`, the rest
#      with `record-batch`, 33 messages per transaction; records of a contribution approved after
#      the model's datanet version, with weights not summing to 1000000, or with a request id
#      already used are refused
#   5. the script recomputes every fee and split with the exact integer formula of
#      docs/attribution-fees.md and checks: every receipt, the user's inference account and
#      grants, the totals and their identity, each contributor's and the creator's earnings, the
#      model's influence rows and leaderboards, the community pool (platform fee + withheld +
#      dust) and the distribution module account (record gas fees + stakers + community part)
#   6. alice, bob, carol and faucet claim: each bank balance rises by exactly the claimable minus
#      the claim's gas fee; the user requests the rest back, which is paid after the withdrawal
#      delay (3 s here, genesis override); the attribution module account is left holding
#      exactly the operator's bond
# Every step is asserted through --output json.
E2E_PORT_BASE="${E2E_PORT_BASE:-27400}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=testnet/e2e/cli_lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/cli_lib.sh"

OPEN=1000000000000000000
GAS_PRICE=1000000000 # aopen per gas, the devnet's minimum: a tx pays gas_wanted × this
VOTING_PERIOD=15
INFERENCES=100
BATCH=33                            # records per record-batch transaction (max_msgs_per_tx 64)
OPERATOR_BOND=100000000000000000000 # 100 OPEN
DEPOSIT=5000000000000000000         # 5 OPEN
GRANT_MODEL=4000000000000000000     # 4 OPEN, for model 1
GRANT_ANY=1000000000000000000       # 1 OPEN, for any model
RATE_IN=2400000000000017            # aopen per 1000 input tokens
RATE_OUT=3100000000000009           # aopen per 1000 output tokens
CHALLENGE_WINDOW=4                  # seconds the data pools are held (no challenge here)
WITHDRAWAL_DELAY=3                  # seconds between the withdrawal request and its payment

export OPENLEDGER_DEVNET_GENESIS_PARAMS="{
  \"gov.params.voting_period_secs\": $VOTING_PERIOD,
  \"gov.params.max_deposit_period_secs\": 60,
  \"gov.params.min_deposit\": [{\"denom\": \"aopen\", \"amount\": \"$OPEN\"}],
  \"datanets.params.penalty_threshold\": 1,
  \"distribution.params.community_tax\": \"0\",
  \"attribution.params.challenge_window_secs\": $CHALLENGE_WINDOW,
  \"attribution.params.withdrawal_delay_secs\": $WITHDRAWAL_DELAY
}"

# --- helpers -----------------------------------------------------------------------------------

# community_pool: the aopen in the community pool, an integer (the query prints a decimal)
community_pool() {
  q distribution community-pool
  python3 -c '
import json, sys
from decimal import Decimal
found = [c["amount"] for c in json.load(sys.stdin).get("pool", []) if c.get("denom") == "aopen"]
d = Decimal(found[0]) if found else Decimal(0)
if d != d.to_integral_value():
    sys.exit(f"community pool {d} is not a whole number of aopen")
print(int(d))
' <"$WORK/last.out" || { show_last; fail "cannot read the community pool"; }
}

sha256_hex() { printf '%s' "$1" | sha256sum | cut -d' ' -f1; }

# contribution_id NAME HASH: the id of NAME's contribution with that content hash
contribution_id() {
  q datanet contributions-by "$1"
  python3 -c '
import json, sys
for c in json.load(sys.stdin)["contributions"]:
    if c["content_hash"].lower() == sys.argv[1]:
        print(c["id"])
        break
else:
    sys.exit("no contribution with hash " + sys.argv[1])
' "$2" <"$WORK/last.out" || { show_last; fail "no contribution of $1 with hash $2"; }
}

# --- the flow ----------------------------------------------------------------------------------

start_devnet

step "import alice (datanet owner, model creator), bob, carol and faucet (contributors)"
for name in alice bob carol faucet; do import_key "$name"; done
ALICE="$(account_field alice address)"
BOB="$(account_field bob address)"
CAROL="$(account_field carol address)"
FAUCET="$(account_field faucet address)"
OPERATOR="$(new_key operator)"
USER_ADDR="$(new_key user)"
ATTRIBUTION_ACCOUNT="$(module_account attribution)"
DISTRIBUTION_ACCOUNT="$(module_account distribution)"
FEE_COLLECTOR="$(module_account fee_collector)"
log "operator $OPERATOR, user $USER_ADDR, attribution module account $ATTRIBUTION_ACCOUNT"
send faucet "$OPERATOR" 200OPEN
send faucet "$USER_ADDR" 20OPEN

q gov params
expect_eq "gov voting period (genesis override)" "${VOTING_PERIOD}s" "$(out params.voting_period)"
q datanet params
expect_eq "datanets penalty threshold (genesis override)" 1 "$(out params.penalty_threshold)"
q attribution params
cp "$WORK/last.out" "$WORK/params.json"
log "attribution params: $(tr -d '\n ' <"$WORK/last.out")"
expect_eq "min operator bond" "$OPERATOR_BOND" "$(amt params.min_operator_bond)"

step "1. datanets, contributions, curation and versions"
tx alice datanet create --name legal-corpus --summary "Court rulings" --licence CC-BY-4.0 \
  --bond 1OPEN --fee-per-byte 1000aopen
tx alice datanet create --name medical-notes --summary "Clinical notes" --licence CC-BY-4.0 \
  --bond 1OPEN --fee-per-byte 1000aopen
q datanet show 2
expect_eq "datanet 2 owner" "$ALICE" "$(out datanet.owner)"

H_BOB="$(sha256_hex 'bob rulings')"
H_CAROL1="$(sha256_hex 'carol rulings')"
H_CAROL2="$(sha256_hex 'carol notes')"
H_FAUCET="$(sha256_hex 'faucet notes')"
H_SPAM="$(sha256_hex 'faucet spam')"
H_LATE="$(sha256_hex 'bob late rulings')"
tx bob datanet contribute 1 --hash "$H_BOB" --size 4000 --uri ipfs://bob-rulings
tx carol datanet contribute 1 --hash "$H_CAROL1" --size 6000 --uri ipfs://carol-rulings
tx carol datanet contribute 2 --hash "$H_CAROL2" --size 3000 --uri ipfs://carol-notes
tx faucet datanet contribute 2 --hash "$H_FAUCET" --size 5000 --uri ipfs://faucet-notes
tx faucet datanet contribute 2 --hash "$H_SPAM" --size 14 --uri ipfs://spam
C_BOB="$(contribution_id bob "$H_BOB")"
C_CAROL1="$(contribution_id carol "$H_CAROL1")"
C_CAROL2="$(contribution_id carol "$H_CAROL2")"
C_FAUCET="$(contribution_id faucet "$H_FAUCET")"
C_SPAM="$(contribution_id faucet "$H_SPAM")"
log "contributions: bob $C_BOB, carol $C_CAROL1 (datanet 1) $C_CAROL2 (datanet 2), faucet $C_FAUCET, spam $C_SPAM"
for cid in "$C_BOB" "$C_CAROL1" "$C_CAROL2" "$C_FAUCET"; do
  tx alice datanet curate "$cid" approve --note "good data"
done
tx alice datanet curate "$C_SPAM" reject --reason spam --note "not notes"
q datanet standing 2 faucet
expect_eq "faucet's penalty score in datanet 2" 1 "$(out standing.penalty_score)"
FAUCET_MULTIPLIER="$(out standing.reward_multiplier)"
expect_eq "faucet's rewards in datanet 2 are cut" True \
  "$(python3 -c 'import sys; from decimal import Decimal as D; s = sys.argv[1]; print(D(s) < 1 if "." in s else int(s) < 10**18)' "$FAUCET_MULTIPLIER")"
tx alice datanet publish 1 --note v1
tx alice datanet publish 2 --note v1
q datanet version 1 1
expect_eq "datanet 1 version 1 contributions" 2 "$(out version.contribution_count)"
q datanet version 2 1
expect_eq "datanet 2 version 1 contributions" 2 "$(out version.contribution_count)"
tx bob datanet contribute 1 --hash "$H_LATE" --size 100 --uri ipfs://bob-late
C_LATE="$(contribution_id bob "$H_LATE")"
tx alice datanet curate "$C_LATE" approve --note "after version 1"

# the contributions' datanets and contributors, and each (datanet, contributor) multiplier, as
# the chain reports them
: >"$WORK/contributions.tsv"
for cid in "$C_BOB" "$C_CAROL1" "$C_CAROL2" "$C_FAUCET"; do
  q datanet contribution "$cid"
  expect_eq "contribution $cid approved" CONTRIBUTION_STATUS_APPROVED "$(out contribution.status)"
  dn="$(out contribution.datanet_id)"
  who="$(out contribution.contributor)"
  q datanet standing "$dn" "$who"
  printf '%s\t%s\t%s\t%s\n' "$cid" "$dn" "$who" "$(out standing.reward_multiplier)" >>"$WORK/contributions.tsv"
done

step "2. model 1 on both datanet versions, approved by governance, deployed and priced"
tx alice model propose --name legal-med-llm --description "Answers on rulings and notes" \
  --base-model llama-3-8b --intended-use research --datanet 1:1 --datanet 2:1 --bond 100OPEN \
  --rate-in 10aopen --rate-out 20aopen
tx bob gov lock 1000OPEN
tx carol gov lock 1000OPEN
approve_and_deploy_model alice 1 bob carol
tx alice model set-pricing 1 --rate-in "${RATE_IN}aopen" --rate-out "${RATE_OUT}aopen"
wait_for_height $((TX_HEIGHT + 1)) 30
q model show 1
expect_eq "model 1 stage" MODEL_STAGE_DEPLOYED "$(out model.stage)"
expect_eq "model 1 creator" "$ALICE" "$(out model.creator)"
expect_eq "model 1 rate in" "$RATE_IN" "$(out model.pricing.rate_in_per_1000)"
expect_eq "model 1 rate out" "$RATE_OUT" "$(out model.pricing.rate_out_per_1000)"

step "3. the operator registers; the user deposits and grants"
OP0="$(balance "$OPERATOR")"
MODULE0="$(balance "$ATTRIBUTION_ACCOUNT")"
tx operator attribution register-operator "${OPERATOR_BOND}aopen" --endpoint https://infer.e2e.example \
  --models 1
expect_eq "operator paid the bond + gas" "$(calc "$OPERATOR_BOND + $TX_FEE")" "$(calc "$OP0 - $(balance "$OPERATOR")")"
q attribution operator "$OPERATOR"
expect_eq "operator status" OPERATOR_STATUS_ACTIVE "$(out operator.status)"
expect_eq "operator bond" "$OPERATOR_BOND" "$(amt operator.bond)"
expect_eq "operator models" '[1]' "$(python3 -c 'import json,sys; print(json.dumps([int(m) for m in json.load(sys.stdin)["operator"]["models"]]))' <"$WORK/last.out")"
expect_eq "operator endpoint" https://infer.e2e.example "$(out operator.endpoint)"

USER0="$(balance "$USER_ADDR")"
tx user attribution deposit "${DEPOSIT}aopen"
USER_PAID="$TX_FEE"
tx user attribution grant "$OPERATOR" "${GRANT_MODEL}aopen" --model 1
USER_PAID="$(calc "$USER_PAID + $TX_FEE")"
tx user attribution grant "$OPERATOR" "${GRANT_ANY}aopen"
USER_PAID="$(calc "$USER_PAID + $TX_FEE")"
USER1="$(balance "$USER_ADDR")"
expect_eq "user paid the deposit + gas" "$(calc "$DEPOSIT + $USER_PAID")" "$(calc "$USER0 - $USER1")"
q attribution account "$USER_ADDR"
expect_eq "user's inference account" "$DEPOSIT" "$(amt balance)"
expect_eq "attribution module account holds the bond and the deposit" \
  "$(calc "$MODULE0 + $OPERATOR_BOND + $DEPOSIT")" "$(balance "$ATTRIBUTION_ACCOUNT")"
q attribution grants "$USER_ADDR"
GRANTS="$(python3 -c '
import json, sys
grants = sorted(json.load(sys.stdin)["grants"], key=lambda g: int(g["model_id"]))
print(" ".join("%d:%d" % (int(g["model_id"]), int(g["remaining"] or 0)) for g in grants))' <"$WORK/last.out")"
expect_eq "user's grants (model:remaining)" "0:$GRANT_ANY 1:$GRANT_MODEL" "$GRANTS"

# --- the inferences ----------------------------------------------------------------------------

# one line per inference: index, request id, input tokens, output tokens, output hash, prompt
# hash ("-" for none), attribution "id:ppm,..." over bob's, carol's (both datanets) and faucet's
# contributions, in four patterns (the last gives 1 ppm to bob: raw 0, all entry dust)
python3 - "$INFERENCES" "$C_BOB" "$C_CAROL1" "$C_CAROL2" "$C_FAUCET" >"$WORK/inferences.tsv" <<'PY'
import hashlib, sys
n, bob, carol1, carol2, faucet = map(int, sys.argv[1:])
patterns = [
    [(bob, 250000), (carol1, 250000), (carol2, 250000), (faucet, 250000)],
    [(bob, 600000), (faucet, 400000)],
    [(carol1, 333333), (carol2, 333333), (faucet, 333334)],
    [(bob, 1), (carol1, 999999)],
]
for i in range(n):
    inp = 100 + 37 * i
    outp = (13 * i) % 211
    ohash = hashlib.sha256(f"output {i}".encode()).hexdigest()
    phash = hashlib.sha256(f"prompt {i}".encode()).hexdigest() if i % 2 == 0 else "-"
    attr = ",".join(f"{c}:{w}" for c, w in patterns[i % 4])
    print(f"{i}\treq-{i:03d}\t{inp}\t{outp}\t{ohash}\t{phash}\t{attr}")
PY

# record_args LINE: the `tx attribution record` arguments of one inference line
record_args() {
  local i rid inp outp ohash phash attr
  IFS=$'\t' read -r i rid inp outp ohash phash attr <<<"$1"
  RECORD_ARGS=(attribution record --user "$USER_ADDR" --model 1 --input-tokens "$inp"
    --output-tokens "$outp" --output-hash "$ohash" --request-id "$rid" --attribution "$attr"
    --evidence-hash "$(sha256_hex "evidence $rid")")
  [[ "$phash" == - ]] || RECORD_ARGS+=(--prompt-hash "$phash")
}

step "4. refusals: an unpublished contribution, weights not summing to 1000000"
refused "a contribution approved after the model's datanet version" operator attribution record \
  --user "$USER_ADDR" --model 1 --input-tokens 10 --output-tokens 10 \
  --output-hash "$(sha256_hex refused-1)" --request-id refused-1 --attribution "$C_LATE:1000000" \
  --evidence-hash "$(sha256_hex evidence-1)"
refused "weights summing to 999999" operator attribution record \
  --user "$USER_ADDR" --model 1 --input-tokens 10 --output-tokens 10 \
  --output-hash "$(sha256_hex refused-2)" --request-id refused-2 \
  --evidence-hash "$(sha256_hex evidence-2)" \
  --attribution "$C_BOB:500000,$C_CAROL1:499999"
q attribution totals
expect_eq "no inference recorded by the refusals" 0 "$(amt totals.inferences)"

step "4. the operator records $INFERENCES inferences"
# the window over which the community pool and the distribution module account are compared:
# from a block with no transaction (fee collector swept, nothing pending) to the same after the
# last record
wait_blocks 2
expect_eq "fee collector empty before the records" 0 "$(balance "$FEE_COLLECTOR")"
POOL0="$(community_pool)"
DIST0="$(balance "$DISTRIBUTION_ACCOUNT")"
T0=$SECONDS

# the first with `record`, the others with `record-batch`, BATCH messages per transaction
FIRST="$(head -n 1 "$WORK/inferences.tsv")"
record_args "$FIRST"
tx operator "${RECORD_ARGS[@]}"
RECORD_FEES="$TX_FEE"
# the tx result carries the message's response: receipt 1 (protobuf field 1 = 1: bytes 08 01)
expect_eq "the record's response type" "/openledger.attribution.v1.MsgRecordInferenceResponse" \
  "$(out msg_responses.0.@type)"
RESPONSE="$(out msg_responses.0.value)"
expect_eq "the record's response starts with receipt_id 1" "0801" "${RESPONSE:0:4}"
BATCHES=0
for ((from = 2; from <= INFERENCES; from += BATCH)); do
  python3 - "$USER_ADDR" "$WORK/inferences.tsv" "$from" "$BATCH" >"$WORK/batch.json" <<'PY'
import hashlib, json, sys
user, path, first, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
records = []
for line in open(path).read().splitlines()[first - 1:first - 1 + count]:
    i, rid, inp, outp, ohash, phash, attr = line.split("\t")
    record = {"user": user, "model_id": 1, "input_tokens": int(inp), "output_tokens": int(outp),
              "output_hash": ohash, "request_id": rid,
              "evidence_hash": hashlib.sha256(f"evidence {rid}".encode()).hexdigest(),
              "attribution": [{"contribution_id": int(c), "weight_ppm": int(w)}
                              for c, w in (x.split(":") for x in attr.split(","))]}
    if phash != "-":
        record["prompt_hash"] = phash
    records.append(record)
json.dump(records, sys.stdout)
PY
  tx operator attribution record-batch "$WORK/batch.json"
  RECORD_FEES="$(calc "$RECORD_FEES + $TX_FEE")"
  BATCHES=$((BATCHES + 1))
  LAST_HEIGHT="$TX_HEIGHT"
done
log "$INFERENCES inferences recorded in $((BATCHES + 1)) transactions, $((SECONDS - T0))s; gas fees $RECORD_FEES aopen"
wait_for_height $((LAST_HEIGHT + 2)) 30
# the data pools are held for the challenge window, then released by end blocks
sleep $((CHALLENGE_WINDOW + 1))
wait_blocks 3

step "5. the expected figures, recomputed with the exact formula"
python3 - "$WORK/params.json" "$WORK/inferences.tsv" "$WORK/contributions.tsv" "$RATE_IN" "$RATE_OUT" \
  "$ALICE" >"$WORK/expected.json" <<'PY' || fail "cannot compute the expected figures"
import json, sys
from decimal import Decimal

ONE = 10**18
def dec_atomics(s):
    """A Dec as printed (0.700000000000000000) or as atomics (700000000000000000)."""
    s = str(s)
    if "." in s:
        a = Decimal(s) * ONE
        assert a == a.to_integral_value(), s
        return int(a)
    return int(s)
def mul_floor(x, atomics):
    return x * atomics // ONE

params_json, inferences_tsv, contributions_tsv, rate_in, rate_out, creator = sys.argv[1:]
params = json.load(open(params_json))["params"]
platform = int(params["platform_fee"] or 0)
shares = [dec_atomics(params[k]) for k in ("creator_share", "stakers_share", "data_share")]
assert sum(shares) == ONE, shares
rate_in, rate_out = int(rate_in), int(rate_out)
contribs = {}
for line in open(contributions_tsv):
    cid, dn, who, mult = line.rstrip("\n").split("\t")
    contribs[int(cid)] = (int(dn), who, dec_atomics(mult))

receipts = {}
totals = dict(fees_charged=0, platform=0, creator=0, stakers=0, contributors_credited=0,
              withheld=0, dust=0, inferences=0)
claimable = {}
by_datanet = {}
influence = {}
contributor_influence = {}
for line in open(inferences_tsv):
    i, rid, inp, outp, ohash, phash, attr = line.rstrip("\n").split("\t")
    inp, outp = int(inp), int(outp)
    token_fee = (inp * rate_in + outp * rate_out) // 1000
    fee = token_fee + platform
    c_amt = mul_floor(token_fee, shares[0])
    s_amt = mul_floor(token_fee, shares[1])
    pool = mul_floor(token_fee, shares[2])
    split_dust = token_fee - c_amt - s_amt - pool
    entries, raws, shares_by_dn = [], 0, {}
    for item in attr.split(","):
        cid, w = map(int, item.split(":"))
        dn, who, m = contribs[cid]
        raw = pool * w // 1_000_000
        credited = mul_floor(raw, m)
        raws += raw
        entries.append(dict(contribution_id=cid, datanet_id=dn, contributor=who, weight_ppm=w,
                            amount=credited, withheld=raw - credited))
        sd = shares_by_dn.setdefault(dn, dict(datanet_id=dn, weight_ppm=0, amount=0))
        sd["weight_ppm"] += w
        sd["amount"] += credited
        claimable[who] = claimable.get(who, 0) + credited
        by_datanet[(who, dn)] = by_datanet.get((who, dn), 0) + credited
        ci = contributor_influence.setdefault(who, dict(contributor=who, influence_ppm=0, earned=0, entries=0))
        ci["influence_ppm"] += w
        ci["earned"] += credited
        ci["entries"] += 1
    for dn, sd in shares_by_dn.items():
        inf = influence.setdefault(dn, dict(datanet_id=dn, influence_ppm=0, earned=0, inferences=0))
        inf["influence_ppm"] += sd["weight_ppm"]
        inf["earned"] += sd["amount"]
        inf["inferences"] += 1
    credited = sum(e["amount"] for e in entries)
    withheld = sum(e["withheld"] for e in entries)
    dust = split_dust + (pool - raws)
    assert fee == platform + c_amt + s_amt + credited + withheld + dust
    receipts[rid] = dict(request_id=rid, input_tokens=inp, output_tokens=outp, output_hash=ohash,
                         prompt_hash="" if phash == "-" else phash, fee=fee, platform_fee=platform,
                         creator_amount=c_amt, stakers_amount=s_amt, data_pool=pool,
                         credited=credited, withheld=withheld, dust=dust, creator=creator,
                         entries=entries, datanets=sorted(shares_by_dn.values(), key=lambda d: d["datanet_id"]))
    claimable[creator] = claimable.get(creator, 0) + c_amt
    for k, v in (("fees_charged", fee), ("platform", platform), ("creator", c_amt), ("stakers", s_amt),
                 ("contributors_credited", credited), ("withheld", withheld), ("dust", dust), ("inferences", 1)):
        totals[k] += v

json.dump(dict(
    receipts=receipts, totals=totals, claimable=claimable,
    creator_earned={creator: totals["creator"]},
    by_datanet=[dict(contributor=w, datanet_id=d, earned=e) for (w, d), e in sorted(by_datanet.items())],
    influence=sorted(influence.values(), key=lambda d: d["datanet_id"]),
    contributors=sorted(contributor_influence.values(), key=lambda c: (-c["earned"], c["contributor"])),
    community=totals["platform"] + totals["withheld"] + totals["dust"],
), sys.stdout)
PY
# exp EXPR: a value of the expected figures (python expression over `e`)
exp() { python3 -c 'import json,sys; e = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$WORK/expected.json" "$1"; }
FEES="$(exp 'e["totals"]["fees_charged"]')"
log "expected: fees $FEES aopen, creator $(exp 'e["totals"]["creator"]'), stakers $(exp 'e["totals"]["stakers"]'), contributors $(exp 'e["totals"]["contributors_credited"]'), withheld $(exp 'e["totals"]["withheld"]'), dust $(exp 'e["totals"]["dust"]')"
expect_eq "the penalty withheld something" True "$(exp 'e["totals"]["withheld"] > 0')"
expect_eq "rounding left some dust" True "$(exp 'e["totals"]["dust"] > 0')"

step "5. the user's account and grants"
q attribution account "$USER_ADDR"
USER_LEFT="$(calc "$DEPOSIT - $FEES")"
expect_eq "user's inference account = deposit - fees" "$USER_LEFT" "$(amt balance)"
q attribution grants "$USER_ADDR"
GRANTS="$(python3 -c '
import json, sys
grants = sorted(json.load(sys.stdin)["grants"], key=lambda g: int(g["model_id"]))
print(" ".join("%d:%d" % (int(g["model_id"]), int(g["remaining"] or 0)) for g in grants))' <"$WORK/last.out")"
expect_eq "grants: the model grant paid every fee, the any-model grant none" \
  "0:$GRANT_ANY 1:$(calc "$GRANT_MODEL - $FEES")" "$GRANTS"
expect_eq "user's bank balance untouched by the records" "$USER1" "$(balance "$USER_ADDR")"

step "5. the receipts"
q attribution receipts --model 1 --all
python3 - "$WORK/expected.json" "$USER_ADDR" "$OPERATOR" "$WORK/last.out" <<'PY' || fail "receipts differ from the expected figures"
import base64, json, sys
expected = json.load(open(sys.argv[1]))["receipts"]
user, operator = sys.argv[2], sys.argv[3]
receipts = json.load(open(sys.argv[4]))["receipts"]
def num(v):
    return int(v) if v not in ("", None) else 0
def hexof(v):
    if not v:
        return ""
    v = str(v)
    try:
        bytes.fromhex(v)
        return v.lower()
    except ValueError:
        return base64.b64decode(v).hex()
errors = []
seen = set()
for r in receipts:
    rid = r["request_id"]
    e = expected.get(rid)
    if e is None:
        errors.append(f"unexpected receipt {rid}")
        continue
    seen.add(rid)
    for k in ("input_tokens", "output_tokens", "fee", "platform_fee", "creator_amount", "stakers_amount",
              "data_pool", "credited", "withheld", "dust"):
        if num(r.get(k)) != e[k]:
            errors.append(f"{rid}.{k}: chain {r.get(k)}, expected {e[k]}")
    for k in ("output_hash", "prompt_hash"):
        if hexof(r.get(k)) != e[k]:
            errors.append(f"{rid}.{k}: chain {r.get(k)}, expected {e[k]}")
    for k, want in (("creator", e["creator"]), ("user", user), ("operator", operator)):
        if r.get(k) != want:
            errors.append(f"{rid}.{k}: chain {r.get(k)}, expected {want}")
    if num(r.get("model_id")) != 1 or num(r.get("model_version")) != 1:
        errors.append(f"{rid}: model {r.get('model_id')} version {r.get('model_version')}")
    got = {num(x["contribution_id"]): x for x in r.get("entries", [])}
    if sorted(got) != sorted(x["contribution_id"] for x in e["entries"]):
        errors.append(f"{rid}.entries: chain {sorted(got)}")
    else:
        for x in e["entries"]:
            g = got[x["contribution_id"]]
            for k in ("datanet_id", "weight_ppm", "amount", "withheld"):
                if num(g.get(k)) != x[k]:
                    errors.append(f"{rid} entry {x['contribution_id']}.{k}: chain {g.get(k)}, expected {x[k]}")
            if g.get("contributor") != x["contributor"]:
                errors.append(f"{rid} entry {x['contribution_id']}.contributor: chain {g.get('contributor')}")
    got = sorted(((num(d["datanet_id"]), num(d["weight_ppm"]), num(d["amount"])) for d in r.get("datanets", [])))
    want = [(d["datanet_id"], d["weight_ppm"], d["amount"]) for d in e["datanets"]]
    if got != want:
        errors.append(f"{rid}.datanets: chain {got}, expected {want}")
missing = sorted(set(expected) - seen)
if missing:
    errors.append(f"{len(missing)} receipts missing, e.g. {missing[:3]}")
for line in errors[:20]:
    print("MISMATCH", line, file=sys.stderr)
if errors:
    sys.exit(1)
print(f"{len(seen)} receipts match", file=sys.stderr)
PY
log "ok: all $INFERENCES receipts match, entry by entry"
for who in --user:"$USER_ADDR" --operator:"$OPERATOR"; do
  q attribution receipts "${who%%:*}" "${who#*:}" --all
  expect_eq "receipts ${who%%:*}" "$INFERENCES" "$(python3 -c 'import json,sys; print(len(json.load(sys.stdin)["receipts"]))' <"$WORK/last.out")"
done
q attribution receipt 1
expect_eq "receipt 1 is the first record" req-000 "$(out receipt.request_id)"

step "5. totals, operator, earnings, influence"
q attribution totals
for k in fees_charged platform creator stakers contributors_credited withheld dust inferences; do
  expect_eq "totals.$k" "$(exp "e['totals']['$k']")" "$(amt "totals.$k")"
done
expect_eq "totals.claimed" 0 "$(amt totals.claimed)"
expect_eq "nothing pending for stakers" 0 "$(amt pending.stakers)"
expect_eq "nothing pending for the community pool" 0 "$(amt pending.community)"
expect_eq "identity: fees = platform + creator + stakers + credited + withheld + dust" "$(amt totals.fees_charged)" \
  "$(calc "$(amt totals.platform) + $(amt totals.creator) + $(amt totals.stakers) + $(amt totals.contributors_credited) + $(amt totals.withheld) + $(amt totals.dust)")"

q attribution operator "$OPERATOR"
expect_eq "operator inferences" "$INFERENCES" "$(amt operator.inferences)"
expect_eq "operator fees charged" "$FEES" "$(amt operator.fees_charged)"

declare -A CLAIMABLE
for pair in "alice:$ALICE" "bob:$BOB" "carol:$CAROL" "faucet:$FAUCET"; do
  name="${pair%%:*}"
  address="${pair#*:}"
  want="$(exp "e['claimable'].get('$address', 0)")"
  q attribution earnings "$address"
  expect_eq "$name's claimable" "$want" "$(amt claimable)"
  expect_eq "$name's claimed" 0 "$(amt claimed)"
  if [[ "$name" == alice ]]; then
    expect_eq "alice's creator earnings" "$want" "$(amt creator_earned)"
    expect_eq "alice's contributor earnings" 0 "$(amt contributor_earned)"
  else
    expect_eq "$name's contributor earnings" "$want" "$(amt contributor_earned)"
    expect_eq "$name's earnings by datanet" \
      "$(exp "sorted((d['datanet_id'], d['earned']) for d in e['by_datanet'] if d['contributor'] == '$address')")" \
      "$(python3 -c '
import json, sys
print(sorted((int(d["datanet_id"]), int(d["earned"])) for d in json.load(sys.stdin)["by_datanet"]))' <"$WORK/last.out")"
    expect_eq "$name's earnings from model 1" "$want" \
      "$(python3 -c 'import json,sys; print(sum(int(d["earned"]) for d in json.load(sys.stdin)["by_model"] if int(d["model_id"]) == 1))' <"$WORK/last.out")"
  fi
  CLAIMABLE[$name]="$want"
done
expect_eq "claimable of all = creator + contributors_credited" \
  "$(exp "e['totals']['creator'] + e['totals']['contributors_credited']")" \
  "$(calc "${CLAIMABLE[alice]} + ${CLAIMABLE[bob]} + ${CLAIMABLE[carol]} + ${CLAIMABLE[faucet]}")"

q attribution influence 1
expect_eq "model 1 influence by datanet (id, influence ppm, earned, inferences)" \
  "$(exp "[(d['datanet_id'], d['influence_ppm'], d['earned'], d['inferences']) for d in e['influence']]")" \
  "$(python3 -c '
import json, sys
print(sorted((int(d["datanet_id"]), int(d["influence_ppm"]), int(d["earned"]), int(d["inferences"])) for d in json.load(sys.stdin)["datanets"]))' <"$WORK/last.out")"
q attribution top-datanets 1
expect_eq "top datanets by earnings (not influence)" \
  "$(exp "[d['datanet_id'] for d in sorted(e['influence'], key=lambda d: (-d['earned'], d['datanet_id']))]")" \
  "$(python3 -c 'import json,sys; print([int(d["datanet_id"]) for d in json.load(sys.stdin)["datanets"]])' <"$WORK/last.out")"
q attribution top-contributors 1
expect_eq "top contributors (address, earned, influence ppm, entries)" \
  "$(exp "[(c['contributor'], c['earned'], c['influence_ppm'], c['entries']) for c in e['contributors']]")" \
  "$(python3 -c '
import json, sys
print([(c["contributor"], int(c["earned"]), int(c["influence_ppm"]), int(c["entries"])) for c in json.load(sys.stdin)["contributors"]])' <"$WORK/last.out")"

step "5. the community pool and the stakers' part"
expect_eq "fee collector swept after the records" 0 "$(balance "$FEE_COLLECTOR")"
POOL1="$(community_pool)"
DIST1="$(balance "$DISTRIBUTION_ACCOUNT")"
COMMUNITY="$(exp 'e["community"]')"
STAKERS="$(exp 'e["totals"]["stakers"]')"
expect_eq "community pool grew by platform fees + withheld + dust" "$COMMUNITY" "$(calc "$POOL1 - $POOL0")"
expect_eq "distribution module account grew by record gas fees + stakers + community part" \
  "$(calc "$RECORD_FEES + $STAKERS + $COMMUNITY")" "$(calc "$DIST1 - $DIST0")"
MODULE_BEFORE_CLAIMS="$(balance "$ATTRIBUTION_ACCOUNT")"
expect_eq "attribution module account = bond + user's account + claimable" \
  "$(calc "$MODULE0 + $OPERATOR_BOND + $USER_LEFT + ${CLAIMABLE[alice]} + ${CLAIMABLE[bob]} + ${CLAIMABLE[carol]} + ${CLAIMABLE[faucet]}")" \
  "$MODULE_BEFORE_CLAIMS"

step "a request id cannot be recorded twice"
record_args "$FIRST"
refused "request id req-000 again" operator "${RECORD_ARGS[@]}"

step "6. everyone claims; the user withdraws the rest"
CLAIMED=0
for name in alice bob carol faucet; do
  address="$(account_field "$name" address)"
  before="$(balance "$address")"
  tx "$name" attribution claim
  expect_eq "$name's bank balance rose by the claimable minus gas" \
    "$(calc "${CLAIMABLE[$name]} - $TX_FEE")" "$(calc "$(balance "$address") - $before")"
  q attribution earnings "$address"
  expect_eq "$name's claimable after the claim" 0 "$(amt claimable)"
  expect_eq "$name's claimed" "${CLAIMABLE[$name]}" "$(amt claimed)"
  CLAIMED="$(calc "$CLAIMED + ${CLAIMABLE[$name]}")"
done
refused "a second claim with nothing to claim" bob attribution claim
q attribution totals
expect_eq "totals.claimed" "$CLAIMED" "$(amt totals.claimed)"
expect_eq "attribution module account after the claims" \
  "$(calc "$MODULE_BEFORE_CLAIMS - $CLAIMED")" "$(balance "$ATTRIBUTION_ACCOUNT")"

before="$(balance "$USER_ADDR")"
tx user attribution withdraw
# a request: paid after withdrawal_delay_secs (records could still be charged meanwhile)
q attribution account "$USER_ADDR"
expect_eq "user's inference account while the withdrawal is pending" "$USER_LEFT" "$(amt balance)"
expect_eq "the pending withdrawal asks for everything" 0 "$(amt withdrawal.amount)"
expect_eq "nothing paid before the delay (only gas)" "$(calc "0 - $TX_FEE")" \
  "$(calc "$(balance "$USER_ADDR") - $before")"
sleep $((WITHDRAWAL_DELAY + 1))
wait_blocks 3
expect_eq "user got the unspent deposit back (minus gas)" "$(calc "$USER_LEFT - $TX_FEE")" \
  "$(calc "$(balance "$USER_ADDR") - $before")"
q attribution account "$USER_ADDR"
expect_eq "user's inference account after the withdrawal" 0 "$(amt balance)"
expect_eq "no withdrawal pending any more" None \
  "$(python3 -c 'import json,sys; print(json.load(sys.stdin).get("withdrawal"))' <"$WORK/last.out")"
expect_eq "attribution module account holds exactly the operator's bond" \
  "$(calc "$MODULE0 + $OPERATOR_BOND")" "$(balance "$ATTRIBUTION_ACCOUNT")"

step "the chain is still producing blocks"
H="$(rpc_height)"
wait_for_height $((H + 2)) 30

e2e_pass
