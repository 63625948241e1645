#!/usr/bin/env bash
# Vendors the third-party .proto files the node serves or embeds into proto/third_party/, at
# pinned versions, from the Go modules that publish them (`go mod download`):
#
#   cosmos/, amino/     github.com/cosmos/cosmos-sdk   (Cosmos SDK v0.50, the line cosmos-sdk-proto 0.26 builds)
#   tendermint/         github.com/cometbft/cometbft   (the CometBFT the node runs behind)
#   gogoproto/          github.com/cosmos/gogoproto
#   cosmos_proto/       github.com/cosmos/cosmos-proto
#   google/api/         github.com/grpc-ecosystem/grpc-gateway (third_party/googleapis)
#   ibc/                github.com/cosmos/ibc-go   (the commit the ibc-proto crate is generated from:
#                       its src/IBC_GO_COMMIT)
#   cosmos/ics23/       github.com/cosmos/ics23    (git tag of the ics23 crate ibc-proto uses; not
#                       in a Go module, so cloned)
#
# Only the ROOTS below and the files they import (transitively) are copied; google/protobuf/*
# comes with the compiler. Run it after changing a pin or a root, then regenerate:
#
#   ./tools/vendor-protos.sh && cargo run -p openledger-proto-gen
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SDK=github.com/cosmos/cosmos-sdk@v0.50.9
COMETBFT=github.com/cometbft/cometbft@v0.38.25
GOGO=github.com/cosmos/gogoproto@v1.5.0
COSMOS_PROTO=github.com/cosmos/cosmos-proto@v1.0.0-beta.5
GATEWAY=github.com/grpc-ecosystem/grpc-gateway@v1.16.0
IBC_GO=github.com/cosmos/ibc-go/v8@v8.1.1 # = a4ef5360b49ad2118e1d68f25f13935162660e0b (ibc-proto 0.51.1)
ICS23_GIT=https://github.com/cosmos/ics23
ICS23_TAG=rust/v0.12.0

# The Cosmos services the node serves, the messages it executes, the types it packs into Any.
ROOTS=(
  cosmos/auth/v1beta1/query.proto cosmos/auth/v1beta1/tx.proto
  cosmos/bank/v1beta1/query.proto cosmos/bank/v1beta1/tx.proto
  cosmos/tx/v1beta1/service.proto
  cosmos/base/tendermint/v1beta1/query.proto
  cosmos/base/node/v1beta1/query.proto
  cosmos/staking/v1beta1/query.proto cosmos/staking/v1beta1/tx.proto
  cosmos/distribution/v1beta1/query.proto cosmos/distribution/v1beta1/tx.proto
  cosmos/slashing/v1beta1/query.proto cosmos/slashing/v1beta1/tx.proto
  cosmos/gov/v1/query.proto cosmos/gov/v1/tx.proto
  cosmos/upgrade/v1beta1/query.proto cosmos/upgrade/v1beta1/tx.proto
  cosmos/crypto/secp256k1/keys.proto cosmos/crypto/ed25519/keys.proto
  ibc/core/client/v1/query.proto ibc/core/client/v1/tx.proto ibc/core/client/v1/genesis.proto
  ibc/core/connection/v1/query.proto ibc/core/connection/v1/tx.proto
  ibc/core/connection/v1/genesis.proto
  ibc/core/channel/v1/query.proto ibc/core/channel/v1/tx.proto ibc/core/channel/v1/genesis.proto
  ibc/applications/transfer/v1/query.proto ibc/applications/transfer/v1/tx.proto
  ibc/applications/transfer/v1/genesis.proto ibc/applications/transfer/v1/authz.proto
  ibc/lightclients/tendermint/v1/tendermint.proto
)

dir_of() { go mod download -json "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])'; }
sdk=$(dir_of "$SDK")
cometbft=$(dir_of "$COMETBFT")
gogo=$(dir_of "$GOGO")
cosmos_proto=$(dir_of "$COSMOS_PROTO")
gateway=$(dir_of "$GATEWAY")
ibcgo=$(dir_of "$IBC_GO")
ics23=$(mktemp -d)
trap 'rm -rf "$ics23"' EXIT
git -c advice.detachedHead=false clone -q --depth 1 --branch "$ICS23_TAG" "$ICS23_GIT" "$ics23"

# where an import path is found, in order
source_of() {
  case "$1" in
    tendermint/*) echo "$cometbft/proto/$1" ;;
    gogoproto/*) echo "$gogo/$1" ;;
    cosmos_proto/*) echo "$cosmos_proto/proto/$1" ;;
    google/api/*) echo "$gateway/third_party/googleapis/$1" ;;
    ibc/*) echo "$ibcgo/proto/$1" ;;
    cosmos/ics23/*) echo "$ics23/proto/$1" ;;
    *) echo "$sdk/proto/$1" ;;
  esac
}

out=proto/third_party
rm -rf "$out"
mkdir -p "$out"
queue=("${ROOTS[@]}")
declare -A seen=()
while ((${#queue[@]})); do
  f=${queue[0]}
  queue=("${queue[@]:1}")
  [[ -n "${seen[$f]:-}" ]] && continue
  seen[$f]=1
  src=$(source_of "$f")
  [[ -f "$src" ]] || { echo "vendor-protos: $f not found at $src" >&2; exit 1; }
  mkdir -p "$out/$(dirname "$f")"
  cp "$src" "$out/$f"
  chmod 644 "$out/$f"
  while read -r imp; do
    [[ "$imp" == google/protobuf/* ]] && continue
    queue+=("$imp")
  done < <(sed -n 's/^import\( public\)\? "\([^"]*\)";.*/\2/p' "$src")
done

cat > "$out/VERSIONS" <<V
# Written by tools/vendor-protos.sh: the Go module versions these files come from.
$SDK        cosmos/ amino/
$COMETBFT   tendermint/
$GOGO       gogoproto/
$COSMOS_PROTO   cosmos_proto/
$GATEWAY    google/api/
$IBC_GO    ibc/
$ICS23_GIT@$ICS23_TAG    cosmos/ics23/
V
cp "$sdk/LICENSE" "$out/LICENSE.cosmos-sdk"
cp "$cometbft/LICENSE" "$out/LICENSE.cometbft"
cp "$ibcgo/LICENSE" "$out/LICENSE.ibc-go"
cp "$ics23/LICENSE" "$out/LICENSE.ics23"
echo "vendored ${#seen[@]} files into $out"
