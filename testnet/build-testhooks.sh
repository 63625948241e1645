#!/usr/bin/env bash
# Build the node with its test hooks: `fail` crash points (feature `failpoints`) and the handler
# of the `demo-upgrade` plan (feature `demo-upgrade`), and copy it to
# <target>/<profile>/openledgerd-testhooks. The fault and upgrade e2e tests run it; a validator
# never does.
#
# Env: OPENLEDGER_PROFILE (debug|release, default debug), CARGO_TARGET_DIR.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
PROFILE="${OPENLEDGER_PROFILE:-debug}"
TARGET="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"
flags=(-p openledgerd --features failpoints,demo-upgrade)
[[ "$PROFILE" == release ]] && flags+=(--release)
cargo build "${flags[@]}"
cp -f "$TARGET/$PROFILE/openledgerd" "$TARGET/$PROFILE/openledgerd-testhooks"
echo "built $TARGET/$PROFILE/openledgerd-testhooks"
