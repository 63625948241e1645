#!/usr/bin/env bash
# End-to-end: cosmjs staking and distribution against a fresh devnet (testnet/cosmjs/stake.mjs:
# staking queries, MsgDelegate, rewards from fees and MsgWithdrawDelegatorReward, MsgUndelegate
# with its unbonding entry, a refused delegation to an unknown validator).
E2E_PORT_BASE="${E2E_PORT_BASE:-27200}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_cosmjs
start_devnet
run_cosmjs_script stake.mjs carol cosmjs-stake

e2e_pass
