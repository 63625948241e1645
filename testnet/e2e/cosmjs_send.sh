#!/usr/bin/env bash
# End-to-end: an unmodified cosmjs SigningStargateClient against a fresh devnet
# (testnet/cosmjs/send.mjs: account and balance queries, Simulate, MsgSend with fee "auto"
# and with an explicit fee, exact balance accounting, a refused overspend).
E2E_PORT_BASE="${E2E_PORT_BASE:-27100}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_cosmjs
start_devnet
run_cosmjs_script send.mjs bob cosmjs

e2e_pass
