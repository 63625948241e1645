#!/usr/bin/env bash
# End-to-end: an unmodified Python Cosmos client (cosmpy, pinned in testnet/python/requirements.txt)
# against a fresh devnet: it sends OPEN over gRPC (Simulate with the deprecated `tx` field,
# BroadcastTx SYNC), waits for the tx by hash (GetTx answers NOT_FOUND "tx ... not found" until
# it is included), checks the balances, and reads them again over REST when the devnet's REST
# server answers.
E2E_PORT_BASE="${E2E_PORT_BASE:-27300}"
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PY_DIR="$REPO_ROOT/testnet/python"
VENV="$REPO_ROOT/.tools/pyclient"

ensure_python_client() {
  if ! "$VENV/bin/python" -c 'import cosmpy' 2>/dev/null; then
    step "installing the Python client into $VENV (pip, pinned requirements)"
    python3 -m venv "$VENV" >&2 || fail "python3 -m venv failed"
    "$VENV/bin/pip" install -q -r "$PY_DIR/requirements.txt" >&2 || fail "pip install failed"
  fi
}

ensure_python_client
start_devnet

rest_args=()
if curl -fsS "$REST/cosmos/base/tendermint/v1beta1/node_info" >/dev/null 2>&1; then
  rest_args=(--rest "$REST")
else
  log "no REST server at $REST: balances are read over gRPC only"
fi

step "cosmpy: send alice -> bob, wait for the tx by hash, read balances"
"$VENV/bin/python" "$PY_DIR/cosmpy_send.py" --grpc "127.0.0.1:$OPENLEDGER_GRPC_PORT" \
  --accounts "$ACCOUNTS_FILE" --from alice --to bob "${rest_args[@]}" \
  --summary "$WORK/cosmpy-summary.json" >&2 || fail "cosmpy_send.py failed"
mkdir -p "$ARTIFACTS"
cp -f "$WORK/cosmpy-summary.json" "$ARTIFACTS/" 2>/dev/null || true
cat "$WORK/cosmpy-summary.json" >&2

e2e_pass
