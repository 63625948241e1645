#!/usr/bin/env bash
# Install the pinned Hermes IBC relayer into <repo>/.tools/bin/hermes (git-ignored).
#
# Hermes is built from source with `cargo install ibc-relayer-cli` (about 7 minutes of
# compile on 2 cores), so the built binary is also kept in a per-user cache outside the
# clone and reused: a second clone (or a wiped .tools) on the same machine copies it
# instead of rebuilding. The build runs under `nice` with its own CARGO_TARGET_DIR in
# that cache (never the workspace target dir, whose lock would serialize it with the
# chain's own builds); the target dir is removed after a successful install to give the
# disk back, and kept after a failed one so a retry resumes.
#
# Idempotent and safe to run concurrently: a second caller waits on a lock until the
# first one has finished, then finds the binary in place. testnet/run-tests.sh starts it
# in the background early; the IBC end-to-end test calls it again, which just waits.
#
#   ./testnet/install-hermes.sh           install when missing
#   ./testnet/install-hermes.sh --check   exit 0 when the pinned Hermes is installed, 1 if not
#
# Env:
#   HERMES_VERSION     pinned version (default 1.10.5)
#   OPENLEDGER_TOOLS   install prefix (default <repo>/.tools)
#   OPENLEDGER_CACHE   cache root (default ${XDG_CACHE_HOME:-$HOME/.cache}/openledger)
#   HERMES_BUILD_JOBS  cargo -j for the build (default: cargo's own default)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERMES_VERSION="${HERMES_VERSION:-1.10.5}"
HERMES_VERSION="${HERMES_VERSION#v}"
TOOLS_DIR="${OPENLEDGER_TOOLS:-$REPO_ROOT/.tools}"
BIN_DIR="$TOOLS_DIR/bin"
HERMES="$BIN_DIR/hermes"
CACHE_ROOT="${OPENLEDGER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/openledger}"
CACHE_DIR="$CACHE_ROOT/hermes-$HERMES_VERSION"
CACHED="$CACHE_DIR/bin/hermes"

say() { echo "install-hermes: $*" >&2; }

# `hermes version` prints "hermes 1.10.5" (possibly with a build suffix)
version_ok() {
  [[ -x "$1" ]] || return 1
  local v
  v="$("$1" version 2>/dev/null | head -n1 || true)"
  [[ "$v" =~ (^|[[:space:]])v?${HERMES_VERSION//./\\.}([+[:space:]]|$) ]]
}

# copy, then rename: a reader never sees a half-written binary
place() {
  mkdir -p "$BIN_DIR"
  cp "$CACHED" "$HERMES.tmp.$$"
  chmod +x "$HERMES.tmp.$$"
  mv -f "$HERMES.tmp.$$" "$HERMES"
}

if version_ok "$HERMES"; then
  exit 0
fi
[[ "${1:-}" != --check ]] || exit 1

mkdir -p "$CACHE_DIR"
exec 9>"$CACHE_DIR/.lock"
if ! flock -n 9; then
  say "another install of hermes $HERMES_VERSION is running; waiting for it"
  flock 9
fi

# re-check under the lock: the holder we waited for may have done the work
if version_ok "$HERMES"; then
  exit 0
fi
if version_ok "$CACHED"; then
  place
  say "hermes $HERMES_VERSION copied from $CACHED to $HERMES"
  exit 0
fi

command -v cargo >/dev/null 2>&1 || { say "'cargo' not found in PATH (install Rust: https://rustup.rs)"; exit 1; }

say "building hermes $HERMES_VERSION from source into $CACHE_DIR (cargo install; several minutes)"
start=$SECONDS
jobs_args=()
[[ -n "${HERMES_BUILD_JOBS:-}" ]] && jobs_args=(-j "$HERMES_BUILD_JOBS")
CARGO_TARGET_DIR="$CACHE_DIR/target" CARGO_INCREMENTAL=0 \
  nice -n 10 cargo install ibc-relayer-cli --version "$HERMES_VERSION" --locked \
  --bin hermes --root "$CACHE_DIR" "${jobs_args[@]}"

if ! version_ok "$CACHED"; then
  say "built binary $CACHED does not report version $HERMES_VERSION: $("$CACHED" version 2>&1 | head -n1)"
  exit 1
fi
rm -rf "$CACHE_DIR/target"
place
say "hermes $HERMES_VERSION built in $((SECONDS - start))s; installed at $HERMES (cached at $CACHED)"
