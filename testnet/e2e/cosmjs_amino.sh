#!/usr/bin/env bash
# End-to-end: SIGN_MODE_LEGACY_AMINO_JSON (what a Ledger signs) against a fresh devnet.
#   - an unmodified cosmjs SigningStargateClient with a Secp256k1HdWallet (an amino signer)
#     sends OPEN (fee "auto" and an explicit fee) and delegates (testnet/cosmjs/amino.mjs):
#     balances, the delegation and the signer's sign mode are checked
#   - the CLI sends with --sign-mode amino-json: the recipient holds exactly the amount, the
#     sender lost amount + fee, and the committed tx says SIGN_MODE_LEGACY_AMINO_JSON
E2E_PORT_BASE="${E2E_PORT_BASE:-27700}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_cosmjs
start_devnet
run_cosmjs_script amino.mjs bob cosmjs-amino

step "CLI: send 1.5OPEN alice -> fresh with --sign-mode amino-json"
import_key alice
ALICE="$(account_field alice address)"
FRESH="$(new_key fresh)"
ALICE0="$(balance "$ALICE")"
ol_capture tx bank send alice "$FRESH" 1.5OPEN --fees "${FEE_AOPEN}aopen" --sign-mode amino-json \
  --memo "ledger <amino> & co" --yes --output json ||
  { show_last; fail "tx bank send --sign-mode amino-json failed"; }
TX="$(json_find 'txhash|tx_hash|hash' <"$WORK/last.out")" || { show_last; fail "no tx hash in send output"; }
expect_eq "amino send result code" 0 "$(json_find code <"$WORK/last.out" 2>/dev/null || echo 0)"
expect_eq "fresh balance after 1.5OPEN" 1500000000000000000 "$(balance "$FRESH")"
expect_eq "alice paid amount + fee" "$(calc "1500000000000000000 + $FEE_AOPEN")" "$(calc "$ALICE0 - $(balance "$ALICE")")"
ol_capture query tx "$TX" --output json || { show_last; fail "query tx $TX failed"; }
expect_eq "committed tx sign mode" SIGN_MODE_LEGACY_AMINO_JSON "$(json_find sign_mode <"$WORK/last.out")"

step "CLI: an unsupported --sign-mode is a usage error and sends nothing"
ALICE1="$(balance "$ALICE")"
if ol_capture tx bank send alice "$FRESH" 1aopen --sign-mode textual --yes --output json; then
  show_last
  fail "--sign-mode textual was accepted"
fi
expect_eq "alice balance unchanged" "$ALICE1" "$(balance "$ALICE")"

e2e_pass
