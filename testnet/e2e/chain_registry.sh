#!/usr/bin/env bash
# The chain-registry entries (chain-registry/openledger-devnet/{chain,assetlist}.json) are valid
# against the vendored cosmos/chain-registry JSON schemas and agree with the chain (chain id,
# minimum gas price, OPEN denom units, ports). No devnet is started.
# shellcheck source=testnet/e2e/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

step "validate chain-registry/ against its schemas"
if ! python3 -c 'import jsonschema' 2>/dev/null; then
  log "installing jsonschema (pip)"
  python3 -m pip install --quiet --user 'jsonschema==4.26.0' >&2 || fail "pip install jsonschema failed"
fi
python3 "$REPO_ROOT/chain-registry/validate.py" || fail "chain-registry entries are not valid"

e2e_pass
