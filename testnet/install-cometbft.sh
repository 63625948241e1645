#!/usr/bin/env bash
# Install the pinned CometBFT release into <repo>/.tools/bin (git-ignored).
#
# Idempotent: does nothing (and prints nothing) when .tools/bin/cometbft already
# reports the pinned version. Needs Go >= 1.22.11.
#
# Env:
#   COMETBFT_VERSION   pinned version (default 0.38.25; never "latest", which
#                      resolves to the abandoned v1.0 line)
#   OPENLEDGER_TOOLS   install prefix (default <repo>/.tools)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMETBFT_VERSION="${COMETBFT_VERSION:-0.38.25}"
COMETBFT_VERSION="${COMETBFT_VERSION#v}"
TOOLS_DIR="${OPENLEDGER_TOOLS:-$REPO_ROOT/.tools}"
BIN_DIR="$TOOLS_DIR/bin"
COMETBFT="$BIN_DIR/cometbft"

if [[ -x "$COMETBFT" ]]; then
  installed="$("$COMETBFT" version 2>/dev/null || true)"
  if [[ "$installed" == "$COMETBFT_VERSION" ]]; then
    exit 0
  fi
  echo "install-cometbft: found cometbft '$installed' at $COMETBFT, want $COMETBFT_VERSION; reinstalling" >&2
fi

if ! command -v go >/dev/null 2>&1; then
  echo "install-cometbft: 'go' not found in PATH; install Go >= 1.22.11 (https://go.dev/dl/)" >&2
  exit 1
fi

mkdir -p "$BIN_DIR"
echo "install-cometbft: installing cometbft v$COMETBFT_VERSION into $BIN_DIR (go install; takes a few minutes)" >&2
GOBIN="$BIN_DIR" \
  go install "github.com/cometbft/cometbft/cmd/cometbft@v$COMETBFT_VERSION"

installed="$("$COMETBFT" version 2>/dev/null || true)"
if [[ "$installed" != "$COMETBFT_VERSION" ]]; then
  echo "install-cometbft: installed binary reports version '$installed', expected $COMETBFT_VERSION" >&2
  exit 1
fi
echo "install-cometbft: cometbft $installed installed at $COMETBFT" >&2
