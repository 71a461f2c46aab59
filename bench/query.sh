#!/usr/bin/env bash
# Query throughput, vigil side by side with redis-sentinel 7.0.15, in one run on one machine.
#
# Starts one redis-server master, one redis-sentinel and one vigil (each sentinel monitoring
# that master as "mymaster") on free loopback ports in a temp dir, then runs redis-benchmark
# with 50 clients for
#   SENTINEL get-master-addr-by-name mymaster      and      PING (PING_MBULK)
# each without pipelining and with -P 16, against both sentinels, REPEATS times, alternating
# which goes first. Prints the median requests/s of each, the ratio vigil/redis-sentinel and
# the goal (>= 1.0x unpipelined, >= 0.7x with -P 16). Stops exactly the pids it started.
#
#   bash bench/query.sh                      (npm run bench:query)
#   REQUESTS=100000 REQUESTS_P16=1000000 REPEATS=5 bash bench/query.sh
#   PROFILE_DIR=/tmp/prof bash bench/query.sh   vigil under node --cpu-prof; top functions printed
#
# Loopback only; every loop below is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

REQUESTS="${REQUESTS:-100000}"
REQUESTS_P16="${REQUESTS_P16:-1000000}"
REPEATS="${REPEATS:-5}"
CLIENTS=50
PROFILE_DIR="${PROFILE_DIR:-}"

node scripts/ensure-redis.mjs --bench
if [ "${SKIP_BUILD:-}" != "1" ]; then npm run --silent build; fi

work="$(mktemp -d -t vigil-bench-XXXXXX)"
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mapfile -t ports < <(node bench/free-ports.mjs 3)
master_port="${ports[0]}" sentinel_port="${ports[1]}" vigil_port="${ports[2]}"

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

redis-server --port "$master_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
  --daemonize no >"$work/master.log" 2>&1 &
pids+=($!)
wait_ping "$master_port" master

for name in redis-sentinel vigil; do
  mkdir -p "$work/$name"
  printf 'sentinel monitor mymaster 127.0.0.1 %s 2\n' "$master_port" >"$work/$name/sentinel.conf"
done
(cd "$work/redis-sentinel" && exec redis-sentinel sentinel.conf --port "$sentinel_port" --daemonize no) \
  >"$work/redis-sentinel.log" 2>&1 &
pids+=($!)
sentinel_pid=$!
node_flags=()
if [ -n "$PROFILE_DIR" ]; then mkdir -p "$PROFILE_DIR"; node_flags=(--cpu-prof --cpu-prof-dir="$PROFILE_DIR"); fi
(cd "$work/vigil" && exec node "${node_flags[@]}" "$root/bin/vigil" sentinel.conf --port "$vigil_port") \
  >"$work/vigil.log" 2>&1 &
pids+=($!)
vigil_pid=$!
wait_ping "$sentinel_port" redis-sentinel
wait_ping "$vigil_port" vigil

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || echo unknown)"
echo "machine: $(nproc) cores, ${cpu}, $(uname -sr)"
echo "versions: node $(node --version), $(redis-server --version | cut -d' ' -f1-3), vigil $(node bin/vigil --version | head -1)"
echo "ports: master $master_port, redis-sentinel $sentinel_port, vigil $vigil_port"
echo "load: redis-benchmark -c $CLIENTS -n $REQUESTS (unpipelined) / -n $REQUESTS_P16 (-P 16), $REPEATS repeats"
echo

# CPU time (user+system) a process has used so far, in clock ticks (from /proc/<pid>/stat,
# read after the ")" that closes the command name, so a name with spaces cannot shift fields).
cpu_ticks() {
  local stat
  stat="$(cat "/proc/$1/stat")"
  stat="${stat##*) }"
  awk '{ print $12 + $13 }' <<<"$stat"
}
TICKS_PER_S="$(getconf CLK_TCK)"

# One redis-benchmark run; prints "<requests/s> <server CPU microseconds per request>".
# Args: server-pid port pipeline requests test...
rps() {
  local pid="$1" port="$2" pipeline="$3" n="$4"
  shift 4
  local line before after
  before="$(cpu_ticks "$pid")"
  if [ "$1" = "PING_MBULK" ]; then
    line="$(redis-benchmark -p "$port" -c "$CLIENTS" -n "$n" -P "$pipeline" --csv -t ping_mbulk 2>/dev/null | grep '^"PING_MBULK"')"
  else
    line="$(redis-benchmark -p "$port" -c "$CLIENTS" -n "$n" -P "$pipeline" --csv "$@" 2>/dev/null | tail -n 1)"
  fi
  after="$(cpu_ticks "$pid")"
  printf '%s %s\n' "$(echo "$line" | cut -d, -f2 | tr -d '"')" \
    "$(awk -v t=$((after - before)) -v hz="$TICKS_PER_S" -v n="$n" 'BEGIN { printf "%.3f", t / hz * 1e6 / n }')"
}

# Sanity: both answer the benchmarked query the same way before anything is timed.
for port in "$sentinel_port" "$vigil_port"; do
  answer="$(redis-cli -p "$port" SENTINEL get-master-addr-by-name mymaster | tr '\n' ' ')"
  if [ "$answer" != "127.0.0.1 $master_port " ]; then
    echo "bench: port $port answered get-master-addr-by-name with '$answer'" >&2
    exit 1
  fi
done

# Warm-up (JIT for vigil, allocator for both); not recorded.
for target in "$sentinel_pid:$sentinel_port" "$vigil_pid:$vigil_port"; do
  rps "${target%%:*}" "${target#*:}" 1 20000 SENTINEL get-master-addr-by-name mymaster >/dev/null
  rps "${target%%:*}" "${target#*:}" 16 200000 PING_MBULK >/dev/null
done

results="$work/results.tsv"
: >"$results"
for rep in $(seq 1 "$REPEATS"); do
  if [ $((rep % 2)) -eq 1 ]; then order="vigil redis-sentinel"; else order="redis-sentinel vigil"; fi
  for pipeline in 1 16; do
    if [ "$pipeline" = 1 ]; then n="$REQUESTS"; else n="$REQUESTS_P16"; fi
    for test in "SENTINEL get-master-addr-by-name mymaster" "PING_MBULK"; do
      for impl in $order; do
        if [ "$impl" = vigil ]; then port="$vigil_port" pid="$vigil_pid"; else port="$sentinel_port" pid="$sentinel_pid"; fi
        # shellcheck disable=SC2086 # the test is split into words on purpose
        read -r value cpu_us < <(rps "$pid" "$port" "$pipeline" "$n" $test)
        if [ -z "$value" ]; then echo "bench: no result from $impl for '$test' -P $pipeline" >&2; exit 1; fi
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$impl" "$test" "$pipeline" "$rep" "$value" "$cpu_us" >>"$results"
        printf 'rep %s  %-15s %-44s -P %-2s %12s req/s %8s us CPU/req\n' "$rep" "$impl" "$test" "$pipeline" "$value" "$cpu_us"
      done
    done
  done
done

echo
node bench/summarize.mjs "$results"

if [ -n "$PROFILE_DIR" ]; then
  cleanup
  trap - EXIT
  profile="$(ls -t "$PROFILE_DIR"/*.cpuprofile 2>/dev/null | head -n 1 || true)"
  if [ -n "$profile" ]; then
    echo
    echo "vigil CPU profile: $profile"
    node bench/profile-top.mjs "$profile" 30
  else
    echo "bench: no .cpuprofile written in $PROFILE_DIR" >&2
  fi
fi
