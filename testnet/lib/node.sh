# Helpers shared by testnet/devnet.sh and testnet/localnet.sh: binaries and their build,
# processes and ports, CometBFT config.toml, genesis.json overrides and checks, logs. Source it,
# do not run it.
#
# The sourcing script sets REPO_ROOT, PROFILE (OPENLEDGER_PROFILE), STOP_TIMEOUT, CHAIN_ID and
# SHOW_TAIL_LINES, and defines log and die (which print with the script's own prefix).
# shellcheck shell=bash

# ---------------------------------------------------------------------------------------------
# binaries and build

# Sets TARGET_DIR, CARGO_PROFILE_FLAG and the binaries OPENLEDGERD, OPENLEDGER_CLI and COMETBFT
# of PROFILE (or OPENLEDGERD_BIN, OPENLEDGER_BIN, COMETBFT_BIN). NAME prefixes the error.
select_binaries() { # NAME
  TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"
  case "$PROFILE" in
    release) CARGO_PROFILE_FLAG=(--release) ;;
    debug) CARGO_PROFILE_FLAG=() ;;
    *) echo "$1: OPENLEDGER_PROFILE must be 'release' or 'debug', got '$PROFILE'" >&2; exit 2 ;;
  esac
  OPENLEDGERD="${OPENLEDGERD_BIN:-$TARGET_DIR/$PROFILE/openledgerd}"
  OPENLEDGER_CLI="${OPENLEDGER_BIN:-$TARGET_DIR/$PROFILE/openledger}"
  COMETBFT="${COMETBFT_BIN:-$REPO_ROOT/.tools/bin/cometbft}"
}

sources_newer_than() { # binary -> prints one source file newer than it, if any
  local paths=() p
  for p in Cargo.toml Cargo.lock app cli modules proto; do
    if [[ -e "$REPO_ROOT/$p" ]]; then paths+=("$REPO_ROOT/$p"); fi
  done
  if ((${#paths[@]} == 0)); then return 0; fi
  find "${paths[@]}" -newer "$1" -type f \
    \( -name '*.rs' -o -name '*.proto' -o -name 'Cargo.toml' -o -name 'Cargo.lock' \) \
    -print -quit 2>/dev/null || true
}

# build openledgerd and the CLI when missing or older than the sources (unless
# OPENLEDGER_SKIP_BUILD=1), install CometBFT, and check that all three binaries exist
ensure_binaries() { # [nobuild]: only check (nodes of a running network keep their binaries)
  local need_build="" bin
  if [[ "${1:-}" != nobuild ]] && [[ -z "${OPENLEDGERD_BIN:-}" || -z "${OPENLEDGER_BIN:-}" ]]; then
    for bin in "$OPENLEDGERD" "$OPENLEDGER_CLI"; do
      if [[ ! -x "$bin" ]]; then
        need_build="$bin is missing"
      elif [[ -z "$need_build" && -n "$(sources_newer_than "$bin")" ]]; then
        need_build="sources changed since $bin was built"
      fi
    done
  fi
  if [[ -n "$need_build" ]]; then
    if [[ "${OPENLEDGER_SKIP_BUILD:-0}" == 1 ]]; then
      [[ -x "$OPENLEDGERD" && -x "$OPENLEDGER_CLI" ]] || die "$need_build and OPENLEDGER_SKIP_BUILD=1"
    else
      log "building openledgerd and openledger ($PROFILE): $need_build"
      (cd "$REPO_ROOT" && cargo build "${CARGO_PROFILE_FLAG[@]}" -p openledgerd -p openledger-cli)
    fi
  fi
  [[ -x "$OPENLEDGERD" ]] || die "openledgerd not found at $OPENLEDGERD"
  [[ -x "$OPENLEDGER_CLI" ]] || die "openledger CLI not found at $OPENLEDGER_CLI"
  if [[ -z "${COMETBFT_BIN:-}" ]]; then
    "$REPO_ROOT/testnet/install-cometbft.sh"
  fi
  [[ -x "$COMETBFT" ]] || die "cometbft not found at $COMETBFT"
}

require_tools() { # what starting the nodes needs besides the binaries
  command -v curl >/dev/null || die "curl is required"
  command -v python3 >/dev/null || die "python3 is required"
}

# ---------------------------------------------------------------------------------------------
# processes and ports

# pid from a pid file if that process is alive and was started with this home, else empty.
live_pid() { # pidfile home
  local pidfile=$1 home=$2 pid
  [[ -f "$pidfile" ]] || return 0
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  # guard against pid reuse: the process must run with exactly this home (node1 vs node10)
  if [[ -r "/proc/$pid/cmdline" ]]; then
    local cmdline
    cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
    [[ "$cmdline" == *" $home "* ]] || return 0
  fi
  echo "$pid"
}

# true when something listens on 127.0.0.1/0.0.0.0/:: at this TCP port (reads /proc, opens no connection)
port_listening() {
  local hex
  hex="$(printf '%04X' "$1")"
  awk -v p="$hex" 'FNR > 1 && $4 == "0A" { n = split($2, a, ":"); if (toupper(a[n]) == p) found = 1 }
                   END { exit(found ? 0 : 1) }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

launch() { # pidfile logfile cmd...
  local pidfile=$1 logfile=$2
  shift 2
  rm -f "$pidfile"
  printf '=== %s starting: %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$*" >>"$logfile"
  # shellcheck disable=SC2016  # $$, $0 and $@ belong to the inner bash
  if command -v setsid >/dev/null 2>&1; then
    # own session: the node survives the terminal that started it
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null &
  else
    nohup bash -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@" >>"$logfile" 2>&1 </dev/null &
  fi
  for _ in $(seq 1 50); do
    [[ -s "$pidfile" ]] && return 0
    sleep 0.1
  done
  die "could not start $1"
}

# SIGTERM to every live pid of the list, wait for all, SIGKILL what is left after STOP_TIMEOUT.
# Arguments: name pidfile home, for each process.
stop_all() {
  local name pidfile home pid pids=() names=() i specs=("$@")
  for ((i = 0; i + 2 < ${#specs[@]}; i += 3)); do
    name=${specs[i]} pidfile=${specs[i + 1]} home=${specs[i + 2]}
    pid="$(live_pid "$pidfile" "$home")"
    if [[ -z "$pid" ]]; then
      rm -f "$pidfile"
      continue
    fi
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    pids+=("$pid")
    names+=("$name")
  done
  ((${#pids[@]} > 0)) || return 0
  local left
  for _ in $(seq 1 $((STOP_TIMEOUT * 10))); do
    left=0
    for pid in "${pids[@]}"; do
      if kill -0 "$pid" 2>/dev/null; then left=1; break; fi
    done
    ((left)) || break
    sleep 0.1
  done
  for i in "${!pids[@]}"; do
    if kill -0 "${pids[$i]}" 2>/dev/null; then
      log "${names[$i]} did not exit ${STOP_TIMEOUT}s after SIGTERM; sending SIGKILL"
      kill -KILL "${pids[$i]}" 2>/dev/null || true
    fi
  done
  sleep 0.3
  for ((i = 0; i + 2 < ${#specs[@]}; i += 3)); do
    pidfile=${specs[i + 1]} home=${specs[i + 2]}
    [[ -n "$(live_pid "$pidfile" "$home")" ]] || rm -f "$pidfile"
  done
}

# ---------------------------------------------------------------------------------------------
# configuration and genesis

# Rewrites keys of a CometBFT config.toml in place. Each setting is KEY=VALUE with KEY
# "section.key" ("key" for the top level) and VALUE as TOML text; every key must exist.
set_config_keys() { # config.toml setting...
  python3 - "$@" <<'PY'
import re, sys
path, settings = sys.argv[1], sys.argv[2:]
want = {}
for setting in settings:
    name, value = setting.split("=", 1)
    section, _, key = name.rpartition(".")
    want[(section, key)] = value
section, seen, out = "", set(), []
for line in open(path).read().splitlines(keepends=True):
    m = re.match(r"^\s*\[([^\]]+)\]\s*$", line)
    if m:
        section = m.group(1).strip()
    else:
        m = re.match(r"^(\s*)([A-Za-z0-9_]+)(\s*=\s*).*$", line)
        if m and (section, m.group(2)) in want:
            key = (section, m.group(2))
            line = f"{m.group(1)}{m.group(2)}{m.group(3)}{want[key]}\n"
            seen.add(key)
    out.append(line)
missing = sorted(set(want) - seen)
if missing:
    sys.exit(f"{path}: keys not found: {missing}")
open(path, "w").write("".join(out))
PY
}

# genesis.json: has the chain id CHAIN_ID, an app_state, and vote extensions enabled
# (consensus_params.abci.vote_extensions_enable_height > 0, written by `openledgerd init`:
# the validators' challenge results travel in vote extensions, docs/challenges.md)
check_genesis() {
  python3 - "$1" "$CHAIN_ID" <<'PY' || die "genesis.json check failed"
import json, sys
g = json.load(open(sys.argv[1]))
if g.get("chain_id") != sys.argv[2]:
    sys.exit(f"genesis.json chain_id is {g.get('chain_id')!r}, expected {sys.argv[2]!r}")
if "app_state" not in g:
    sys.exit("genesis.json has no app_state (did openledgerd init run?)")
ve = ((g.get("consensus_params") or {}).get("abci") or {}).get("vote_extensions_enable_height", "0")
if int(ve or 0) <= 0:
    sys.exit("genesis.json does not enable vote extensions "
             "(consensus_params.abci.vote_extensions_enable_height; run a current openledgerd init)")
PY
}

# Applies genesis overrides to a genesis.json (nothing when PARAMS and HOOK are both empty):
# PARAMS is a JSON object {"module.path.key": value, ...} (or @file) of app_state values to set,
# every key on each path must exist and each value keep its JSON type; HOOK is a python file run
# on the genesis with `genesis`, `app_state`, `set_param` and `json` in scope. PREFIX names the
# environment variables in messages (PREFIX_GENESIS_PARAMS).
apply_genesis_overrides() { # genesis.json params hook prefix
  [[ -n "$2" || -n "$3" ]] || return 0
  python3 - "$1" "$2" "$3" "$4_GENESIS_PARAMS" <<'PY'
import json, sys
path, params_arg, hook, var = sys.argv[1:]
genesis = json.load(open(path))
app_state = genesis["app_state"]

def set_param(dotted, value):
    """Set app_state.<dotted> = value. Every key on the path must exist and the JSON type must
    stay the same (int vs string vs list ...), so a changed genesis shape fails here loudly."""
    keys = dotted.split(".")
    node = app_state
    for depth, key in enumerate(keys):
        where = ".".join(["app_state"] + keys[:depth]) or "app_state"
        if not isinstance(node, dict):
            sys.exit(f"genesis override {dotted}: {where} is not an object")
        if key not in node:
            sys.exit(f"genesis override {dotted}: {where} has no key {key!r} (keys: {sorted(node)})")
        if depth == len(keys) - 1:
            old = node[key]
            def kind(v):
                return "number" if isinstance(v, (int, float)) and not isinstance(v, bool) else type(v).__name__
            if old is not None and kind(old) != kind(value):
                sys.exit(f"genesis override {dotted}: existing value {old!r} is a {kind(old)}, "
                         f"new value {value!r} is a {kind(value)}")
            node[key] = value
            print(f"genesis override: app_state.{dotted} = {json.dumps(value)} (was {json.dumps(old)})")
        else:
            node = node[key]

if params_arg:
    text = open(params_arg[1:]).read() if params_arg.startswith("@") else params_arg
    try:
        overrides = json.loads(text)
    except ValueError as e:
        sys.exit(f"{var} is not JSON: {e}")
    if not isinstance(overrides, dict):
        sys.exit(f"{var} must be a JSON object of \"module.path\": value")
    for dotted, value in overrides.items():
        set_param(dotted, value)
if hook:
    # the hook may edit `genesis` / `app_state` directly or call set_param(path, value)
    code = compile(open(hook).read(), hook, "exec")
    exec(code, {"genesis": genesis, "app_state": app_state, "set_param": set_param, "json": json})
json.dump(genesis, open(path, "w"), indent=2)
PY
}

genesis_chain_id() { # genesis.json -> its chain id, or CHAIN_ID when it cannot be read
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["chain_id"])' \
    "$1" 2>/dev/null || echo "$CHAIN_ID"
}

# ---------------------------------------------------------------------------------------------
# logs

show_tail() { # file: its last SHOW_TAIL_LINES lines on stderr
  [[ -f "$1" ]] || return 0
  echo "----- last lines of $1 -----" >&2
  tail -n "$SHOW_TAIL_LINES" "$1" >&2 || true
  echo "-----" >&2
}

print_logs() { # lines file...: the last lines of each log file
  local lines=$1 f
  shift
  for f in "$@"; do
    if [[ -f "$f" ]]; then
      echo "===== $f"
      tail -n "$lines" "$f"
    else
      echo "===== $f (no such file)"
    fi
  done
}
