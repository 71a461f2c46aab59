#!/usr/bin/env bash
# Idle cost, vigil side by side with redis-sentinel 7.0.15, in one run on one machine.
#
# What a sentinel costs while nothing happens: its resident memory and its CPU, monitoring
#   (1) one master (a real redis-server with one replica, --replicaof), then
#   (N) MASTERS masters (default 50): that same master and replica plus MASTERS-1 more
#       redis-server processes, one per master (real, separate processes, no replicas).
# In each setup vigil and redis-sentinel run at the same time with the same config (each
# monitoring every master, quorum 2, default timings), so they also see each other as a peer
# sentinel under every master, as in a real deployment. Once both report every master linked
# (flags exactly "master"), the replica found and the other sentinel known everywhere, the
# script lets them settle SETTLE s (default 300: vigil's RSS creeps up for minutes after
# start, as promoted garbage accumulates in V8's old generation between major GCs; a short
# settle flatters it), then measures REPEATS windows of WINDOW s each:
# CPU = user+system time of all the process's threads over the window from /proc/<pid>/stat
# (% of one core), RSS = VmRSS from /proc/<pid>/status sampled every second (median; max
# shown too). It prints medians over the windows, the ratio vigil/redis-sentinel, vigil's
# goals (<= 64 MiB and <= 1% with one master; <= 50 kB per extra master), and
# RSS per extra master = (RSS_N - RSS_1) / (N - 1). Stops exactly the pids it started.
#
#   bash bench/idle.sh
#   MASTERS=50 SETTLE=300 WINDOW=30 REPEATS=3 bash bench/idle.sh   (the defaults, ~15 min)
#   SETTLE=20 REPEATS=5 bash bench/idle.sh                          (quick, ~6 min)
#   PROFILE_DIR=/tmp/idle-prof bash bench/idle.sh   vigil under --cpu-prof; a heap snapshot
#       (SIGUSR2, after the measured windows) per setup; top functions and heap summary
#       printed. The profiler itself costs CPU: take figures from a run without it.
#   VIGIL_NODE_FLAGS="--max-semi-space-size=1" bash bench/idle.sh   extra flags for vigil's
#       node only (experiments with V8's heap sizing; the default run passes none).
#   VIGIL_LAUNCH=node bash bench/idle.sh   start vigil as `node bin/vigil` (node's default memory
#       settings) instead of executing bin/vigil, which applies vigil's memory policy
#       (MALLOC_ARENA_MAX=2, --optimize-for-size; see bin/vigil). The default is bin/vigil, as
#       shipped (the npm bin link and the Docker entrypoint execute it).
#
# Loopback only; every loop below is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

MASTERS="${MASTERS:-50}"
SETTLE="${SETTLE:-300}"
WINDOW="${WINDOW:-30}"
REPEATS="${REPEATS:-3}"
PROFILE_DIR="${PROFILE_DIR:-}"
VIGIL_NODE_FLAGS="${VIGIL_NODE_FLAGS:-}"
VIGIL_LAUNCH="${VIGIL_LAUNCH:-bin}"
READY_TIMEOUT_S="${READY_TIMEOUT_S:-60}"

if [ "$MASTERS" -lt 2 ]; then echo "bench: MASTERS must be at least 2" >&2; exit 2; fi

node scripts/ensure-redis.mjs --bench
if [ "${SKIP_BUILD:-}" != "1" ]; then npm run --silent build; fi

work="$(mktemp -d -t vigil-idle-XXXXXX)"
pids=()
stop_pid() { # pid: TERM, up to 5 s, then KILL
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mapfile -t ports < <(node bench/free-ports.mjs 4)
sentinel_port="${ports[0]}" vigil_port="${ports[1]}" replica_port="${ports[2]}"
master_ports=("${ports[@]:3}")

wait_ping() { # port name
  local i
  for i in $(seq 1 200); do
    if [ "$(redis-cli -p "$1" ping 2>/dev/null)" = "PONG" ]; then return 0; fi
    sleep 0.05
  done
  echo "bench: $2 on port $1 did not answer PING; its log:" >&2
  cat "$work/$2.log" >&2 || true
  exit 1
}

start_server() { # port [args...]
  local port="$1"
  shift
  mkdir -p "$work/data/$port"
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work/data/$port" \
    --daemonize no "$@" >"$work/redis-$port.log" 2>&1 &
  pids+=($!)
}

# Both sentinels see every master linked, the replica, and each other under every master.
ready() { # port masters
  local out linked peers replicas
  out="$(redis-cli -p "$1" --raw SENTINEL MASTERS 2>/dev/null)" || return 1
  linked="$(grep -A1 -x flags <<<"$out" | grep -cx master || true)"
  peers="$(grep -A1 -x num-other-sentinels <<<"$out" | grep -cx 1 || true)"
  replicas="$(grep -A1 -x num-slaves <<<"$out" | grep -cx 1 || true)"
  [ "$linked" -eq "$2" ] && [ "$peers" -eq "$2" ] && [ "$replicas" -ge 1 ]
}

wait_ready() { # masters
  local i
  for i in $(seq 1 $((READY_TIMEOUT_S * 5))); do
    if ready "$sentinel_port" "$1" && ready "$vigil_port" "$1"; then
      echo "  both ready after ~$((i / 5)) s"
      return 0
    fi
    sleep 0.2
  done
  echo "bench: not ready after ${READY_TIMEOUT_S} s with $1 masters (redis-sentinel ready: $(ready "$sentinel_port" "$1" && echo yes || echo no), vigil ready: $(ready "$vigil_port" "$1" && echo yes || echo no))" >&2
  redis-cli -p "$vigil_port" SENTINEL MASTERS 2>&1 | head -n 60 >&2 || true
  tail -n 20 "$work/vigil.log" >&2 || true
  exit 1
}

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || echo unknown)"
echo "machine: $(nproc) cores, ${cpu}, $(awk '/MemTotal/ { printf "%.0f GB RAM", $2 / 1048576 }' /proc/meminfo), $(uname -sr)"
echo "versions: node $(node --version), $(redis-server --version | cut -d' ' -f1-3), vigil $(node bin/vigil --version | head -1)"
echo "setups: 1 master (+1 replica), then $MASTERS masters ($MASTERS redis-server processes + the replica)"
echo "timing: settle ${SETTLE} s, then ${REPEATS} windows of ${WINDOW} s"
if [ -n "$PROFILE_DIR" ]; then echo "PROFILING: vigil runs under --cpu-prof, its CPU figures are inflated"; fi
if [ -n "$VIGIL_NODE_FLAGS" ]; then echo "vigil's node flags: $VIGIL_NODE_FLAGS"; fi
if [ "$VIGIL_LAUNCH" = node ]; then echo "vigil started as: node bin/vigil (node's default memory settings)"; else echo "vigil started as: bin/vigil (MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}, node --optimize-for-size)"; fi
echo

results="$work/results.tsv"
: >"$results"

start_server "${master_ports[0]}"
wait_ping "${master_ports[0]}" "redis-${master_ports[0]}"
start_server "$replica_port" --replicaof 127.0.0.1 "${master_ports[0]}"
wait_ping "$replica_port" "redis-$replica_port"

run_setup() { # masters
  local n="$1" i name rep
  for impl in redis-sentinel vigil; do
    mkdir -p "$work/$impl-$n"
    : >"$work/$impl-$n/sentinel.conf"
    for i in $(seq 0 $((n - 1))); do
      if [ "$i" = 0 ]; then name=mymaster; else name="m$i"; fi
      printf 'sentinel monitor %s 127.0.0.1 %s 2\n' "$name" "${master_ports[$i]}" >>"$work/$impl-$n/sentinel.conf"
    done
  done
  (cd "$work/redis-sentinel-$n" && exec redis-sentinel sentinel.conf --port "$sentinel_port" --daemonize no) \
    >"$work/redis-sentinel.log" 2>&1 &
  pids+=($!)
  local sentinel_pid=$!
  local node_flags=() prof=""
  # shellcheck disable=SC2206 # split into flags on purpose
  if [ -n "$VIGIL_NODE_FLAGS" ]; then node_flags=($VIGIL_NODE_FLAGS); fi
  if [ -n "$PROFILE_DIR" ]; then
    prof="$PROFILE_DIR/masters-$n"
    mkdir -p "$prof"
    node_flags+=(--cpu-prof --cpu-prof-dir="$prof" --heapsnapshot-signal=SIGUSR2 --diagnostic-dir="$prof")
  fi
  if [ "$VIGIL_LAUNCH" = node ]; then
    (cd "$work/vigil-$n" && exec node "${node_flags[@]}" "$root/bin/vigil" sentinel.conf --port "$vigil_port") \
      >"$work/vigil.log" 2>&1 &
  elif [ "${#node_flags[@]}" -gt 0 ]; then
    # Extra flags (NODE_OPTIONS refuses --cpu-prof): the command bin/vigil's second line runs.
    (cd "$work/vigil-$n" && MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" exec node --optimize-for-size "${node_flags[@]}" \
      "$root/bin/vigil" sentinel.conf --port "$vigil_port") >"$work/vigil.log" 2>&1 &
  else
    # As shipped: bin/vigil re-executes itself as node with vigil's memory policy.
    (cd "$work/vigil-$n" && exec "$root/bin/vigil" sentinel.conf --port "$vigil_port") >"$work/vigil.log" 2>&1 &
  fi
  pids+=($!)
  local vigil_pid=$!
  wait_ping "$sentinel_port" redis-sentinel
  wait_ping "$vigil_port" vigil
  echo "== $n master(s): redis-sentinel pid $sentinel_pid, vigil pid $vigil_pid"
  wait_ready "$n"
  sleep "$SETTLE"
  for rep in $(seq 1 "$REPEATS"); do
    while IFS=$'\t' read -r impl cpu_pct rss_med rss_max; do
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$impl" "$rep" "$cpu_pct" "$rss_med" "$rss_max" >>"$results"
      printf '  window %s  %-15s CPU %7s %%   RSS %7s kB (max %s)\n' "$rep" "$impl" "$cpu_pct" "$rss_med" "$rss_max"
    done < <(node bench/idle-sample.mjs "$WINDOW" "vigil=$vigil_pid" "redis-sentinel=$sentinel_pid")
  done
  # Still healthy at the end of the windows?
  if ! ready "$vigil_port" "$n"; then echo "  WARNING: vigil no longer reports every master linked" >&2; fi
  if [ -n "$prof" ]; then
    kill -USR2 "$vigil_pid"
    local last=-1 size
    for _ in $(seq 1 100); do
      size="$(cat "$prof"/*.heapsnapshot 2>/dev/null | wc -c)"
      if [ "$size" -gt 0 ] && [ "$size" = "$last" ]; then break; fi
      last="$size"
      sleep 0.5
    done
  fi
  stop_pid "$vigil_pid"
  stop_pid "$sentinel_pid"
  if [ -n "$prof" ]; then
    echo "  vigil profile ($n masters): $prof"
    for f in "$prof"/*.cpuprofile; do [ -e "$f" ] && node bench/profile-top.mjs "$f" 20 | sed 's/^/    /'; done
    for f in "$prof"/*.heapsnapshot; do [ -e "$f" ] && node bench/idle-heap-top.mjs "$f" 20 | sed 's/^/    /'; done
  fi
}

run_setup 1

# Ports for the extra masters are picked only now: picked at the start, one was taken by
# another process's outgoing connection during the first setup (ephemeral range) once.
mapfile -t extra_ports < <(node bench/free-ports.mjs $((MASTERS - 1)))
master_ports=("${master_ports[0]}" "${extra_ports[@]}")
for i in $(seq 1 $((MASTERS - 1))); do start_server "${master_ports[$i]}"; done
for i in $(seq 1 $((MASTERS - 1))); do wait_ping "${master_ports[$i]}" "redis-${master_ports[$i]}"; done
run_setup "$MASTERS"

echo
node bench/idle-summarize.mjs "$results"
