#!/usr/bin/env bash
# The OpenLedger test command.
#
#   ./testnet/run-tests.sh              cargo test --workspace, debug build, CometBFT, all e2e tests
#   ./testnet/run-tests.sh cli_send     ... only the named e2e test(s) (file names in testnet/e2e/)
#
# Steps:
#   0. when the IBC e2e test is selected and Hermes is missing: testnet/install-hermes.sh in the
#      background (nice), logged to target/e2e-logs/hermes-install.log
#   1. cargo test --workspace --no-fail-fast (debug)
#   2. cargo build -p openledgerd -p openledger-cli -p openledger-loadgen (debug), and openledgerd-testhooks
#      (testnet/build-testhooks.sh)
#   3. testnet/install-cometbft.sh (no-op when CometBFT 0.38.25 is already in .tools/bin)
#   4. every testnet/e2e/*.sh (except the *lib.sh helpers) with OPENLEDGER_PROFILE=debug, each on
#      its own devnet or localnet
# and ends with the line "N passed, M failed" for the e2e tests. Exits non-zero when cargo test,
# the build or any e2e test failed.
#
# Env:
#   OPENLEDGER_SKIP_CARGO_TEST=1   skip step 1 (quick e2e iterations)
#   OPENLEDGER_E2E_TIMEOUT         seconds allowed per e2e test (default 900)
#   OPENLEDGER_E2E_KEEP=1          keep each test's work dir (devnet home, keyring)
# Logs of every e2e devnet are copied to target/e2e-logs/<test>/.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

export OPENLEDGER_PROFILE=debug
E2E_TIMEOUT="${OPENLEDGER_E2E_TIMEOUT:-900}"
export OPENLEDGER_E2E_ARTIFACTS="${OPENLEDGER_E2E_ARTIFACTS:-${CARGO_TARGET_DIR:-$REPO_ROOT/target}/e2e-logs}"

section() { printf '\n==================== %s ====================\n' "$*"; }
elapsed() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

RUN_START=$SECONDS

# --- select e2e tests ---------------------------------------------------------------------------
TESTS=()
if (($#)); then
  for name in "$@"; do
    name="${name%.sh}"
    name="${name##*/}"
    [[ -f "testnet/e2e/$name.sh" ]] || { echo "run-tests: no e2e test testnet/e2e/$name.sh" >&2; exit 2; }
    TESTS+=("testnet/e2e/$name.sh")
  done
else
  for f in testnet/e2e/*.sh; do
    # lib.sh, localnet_lib.sh: helpers sourced by the tests
    [[ "$(basename "$f")" == *lib.sh ]] && continue
    TESTS+=("$f")
  done
fi

# --- 0. Hermes for the IBC e2e test, built in the background ------------------------------------
# On a fresh machine Hermes is compiled from source (several CPU-minutes). Started first, at the
# lowest CPU priority, it takes the cores only when cargo test, the build and the e2e tests leave
# them idle (links, test runs, e2e tests waiting for blocks), instead of adding its compile time
# to the run; the IBC test waits for it (install-hermes.sh's lock). A no-op when installed.
HERMES_INSTALL_PID=
if [[ " ${TESTS[*]} " == *" testnet/e2e/ibc_transfer.sh "* ]] && ! ./testnet/install-hermes.sh --check; then
  mkdir -p "$OPENLEDGER_E2E_ARTIFACTS"
  echo "run-tests: installing Hermes in the background (log $OPENLEDGER_E2E_ARTIFACTS/hermes-install.log)"
  setsid nice -n 19 ./testnet/install-hermes.sh >"$OPENLEDGER_E2E_ARTIFACTS/hermes-install.log" 2>&1 </dev/null &
  HERMES_INSTALL_PID=$!
  # never leave the build behind (an unfinished one resumes next time from its cache)
  trap '[[ -z "$HERMES_INSTALL_PID" ]] || kill -- -"$HERMES_INSTALL_PID" 2>/dev/null || true' EXIT
fi

# --- 1. unit and integration tests ----------------------------------------------------------------
CARGO_TEST_RC=skipped
if [[ "${OPENLEDGER_SKIP_CARGO_TEST:-0}" != 1 ]]; then
  section "cargo test --workspace"
  t0=$SECONDS
  CARGO_TEST_RC=0
  cargo test --workspace --no-fail-fast || CARGO_TEST_RC=$?
  echo "cargo test --workspace: exit $CARGO_TEST_RC ($(elapsed $((SECONDS - t0))))"
fi

# --- 2. binaries ------------------------------------------------------------------------------------
section "cargo build -p openledgerd -p openledger-cli -p openledger-operator -p openledger-loadgen (debug)"
t0=$SECONDS
BUILD_RC=0
# first the node with the test hooks (crash points, the demo upgrade's handler), copied aside as
# openledgerd-testhooks for the fault and upgrade e2e tests; then the plain binaries, so
# target/debug/openledgerd is the one without hooks
./testnet/build-testhooks.sh || BUILD_RC=$?
cargo build -p openledgerd -p openledger-cli -p openledger-operator -p openledger-loadgen || BUILD_RC=$?
echo "cargo build: exit $BUILD_RC ($(elapsed $((SECONDS - t0))))"

# --- 3. CometBFT ------------------------------------------------------------------------------------
section "CometBFT"
INSTALL_RC=0
./testnet/install-cometbft.sh || INSTALL_RC=$?
[[ "$INSTALL_RC" != 0 ]] || echo "cometbft $("$REPO_ROOT/.tools/bin/cometbft" version)"

# --- 4. end-to-end tests ----------------------------------------------------------------------------
PASSED=0
FAILED=0
RESULTS=()
for t in "${TESTS[@]}"; do
  name="$(basename "$t" .sh)"
  section "e2e: $name"
  if [[ "$BUILD_RC" != 0 || "$INSTALL_RC" != 0 ]]; then
    echo "not run: the debug build or the CometBFT install failed"
    FAILED=$((FAILED + 1))
    RESULTS+=("FAIL  $name (not run: build/install failed)")
    continue
  fi
  work="$(mktemp -d "${TMPDIR:-/tmp}/openledger-e2e-$name.XXXXXX")"
  t0=$SECONDS
  rc=0
  OPENLEDGER_E2E_WORKDIR="$work" OPENLEDGER_SKIP_BUILD=1 \
    timeout -k 30 "$E2E_TIMEOUT" bash "$t" </dev/null || rc=$?
  # safety net: never leave a devnet or localnet of a test behind (e.g. after a timeout)
  if [[ -d "$work/devnet" ]]; then
    OPENLEDGER_DEVNET_HOME="$work/devnet" ./testnet/devnet.sh stop >/dev/null 2>&1 || true
  fi
  if [[ -d "$work/localnet" ]]; then
    OPENLEDGER_LOCALNET_HOME="$work/localnet" ./testnet/localnet.sh stop >/dev/null 2>&1 || true
  fi
  if [[ -d "$work/ibc-pair" ]]; then
    IBC_PAIR_HOME="$work/ibc-pair" ./testnet/ibc-pair.sh stop >/dev/null 2>&1 || true
  fi
  if [[ "${OPENLEDGER_E2E_KEEP:-0}" == 1 ]]; then
    echo "work dir kept: $work"
  else
    rm -rf -- "$work"
  fi
  took="$(elapsed $((SECONDS - t0)))"
  if ((rc == 0)); then
    PASSED=$((PASSED + 1))
    RESULTS+=("PASS  $name ($took)")
  else
    FAILED=$((FAILED + 1))
    if ((rc == 124 || rc == 137)); then
      RESULTS+=("FAIL  $name (timed out after ${E2E_TIMEOUT}s, $took)")
    else
      RESULTS+=("FAIL  $name (exit $rc, $took; logs in $OPENLEDGER_E2E_ARTIFACTS/$name/)")
    fi
  fi
done

section "summary ($(elapsed $((SECONDS - RUN_START))))"
case "$CARGO_TEST_RC" in
  skipped) echo "cargo test --workspace: skipped (OPENLEDGER_SKIP_CARGO_TEST=1)" ;;
  0) echo "cargo test --workspace: ok" ;;
  *) echo "cargo test --workspace: FAILED (exit $CARGO_TEST_RC)" ;;
esac
if [[ "$BUILD_RC" == 0 ]]; then echo "debug build: ok"; else echo "debug build: FAILED (exit $BUILD_RC)"; fi
if [[ "$INSTALL_RC" == 0 ]]; then echo "cometbft install: ok"; else echo "cometbft install: FAILED (exit $INSTALL_RC)"; fi
for r in "${RESULTS[@]}"; do echo "$r"; done
echo "$PASSED passed, $FAILED failed"

if [[ "$CARGO_TEST_RC" != 0 && "$CARGO_TEST_RC" != skipped ]] || [[ "$BUILD_RC" != 0 || "$INSTALL_RC" != 0 ]] || ((FAILED > 0)); then
  exit 1
fi
exit 0
