#!/usr/bin/env bash
# Install the pinned grpcurl into <repo>/.tools/bin (git-ignored): the gRPC client the
# reflection end-to-end test uses, as an operator would. Idempotent; needs Go.
#
# Env:
#   GRPCURL_VERSION   pinned version (default 1.9.1)
#   OPENLEDGER_TOOLS  install prefix (default <repo>/.tools)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GRPCURL_VERSION="${GRPCURL_VERSION:-1.9.1}"
GRPCURL_VERSION="${GRPCURL_VERSION#v}"
BIN_DIR="${OPENLEDGER_TOOLS:-$REPO_ROOT/.tools}/bin"
GRPCURL="$BIN_DIR/grpcurl"
# a `go install` build does not know its version: the installed one is noted beside it
STAMP="$BIN_DIR/.grpcurl-version"

if [[ -x "$GRPCURL" ]] && [[ "$(cat "$STAMP" 2>/dev/null)" == "$GRPCURL_VERSION" ]]; then
  exit 0
fi
command -v go >/dev/null 2>&1 || { echo "install-grpcurl: 'go' not found in PATH" >&2; exit 1; }
mkdir -p "$BIN_DIR"
echo "install-grpcurl: installing grpcurl v$GRPCURL_VERSION into $BIN_DIR (go install)" >&2
GOBIN="$BIN_DIR" go install "github.com/fullstorydev/grpcurl/cmd/grpcurl@v$GRPCURL_VERSION"
echo "$GRPCURL_VERSION" >"$STAMP"
