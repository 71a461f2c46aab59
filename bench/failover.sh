#!/usr/bin/env bash
# Failover time, vigil side by side with redis-sentinel 7.0.15, in one run on one machine.
#
# Each run starts, on free loopback ports in its own temp dir, a redis-server master with two
# replicas and three sentinels of one implementation (quorum 2, down-after-milliseconds 1000,
# failover-timeout 10000, as the failover tests use), subscribes to every sentinel's events,
# starts a writer (one connection, SET every ~5 ms, to the address the sentinels name), then
# (1) kill -9 or (2) SIGSTOP of the master, and measures from the fault instant: each phase
# (+sdown, +odown, +elected-leader, +promoted-slave, ...), the first acknowledged write on the
# new master, each sentinel's +switch-master; then counts spurious second failovers during
# SETTLE_MS and reads every acknowledged write back from the final master. Runs alternate
# between vigil and redis-sentinel; medians, ratios and issue 4's goals are printed at the end.
# Details: bench/failover.mjs (driver), failover-run.mjs (one run), docs/performance.md.
#
#   npm run bench:failover                       # = bash bench/failover.sh: REPEATS=5, both scenarios (~6 min)
#   REPEATS=3 SCENARIO=kill bash bench/failover.sh
#   RUNS=50 ONLY=vigil SCENARIO=kill bash bench/failover.sh    # item 8: 50 kill -9 runs of vigil (~10 min)
#   KEEP=1 ... keeps every run's configs and logs; SKIP_BUILD=1 skips `npm run build`.
#
# Stops exactly the pids it started (the driver does; this script also kills, on exit, any pid
# the driver recorded in its pid file that is still alive with its port on the command line).
# Loopback only; every wait is bounded.
set -euo pipefail
cd "$(dirname "$0")/.."

node scripts/ensure-redis.mjs --bench
if [ "${SKIP_BUILD:-}" != "1" ]; then npm run --silent build; fi

pidfile="$(mktemp -t vigil-failover-pids-XXXXXX)"
cleanup() {
  local pid port
  while read -r pid port; do
    [ -n "$pid" ] || continue
    if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$port"; then
      kill -CONT "$pid" 2>/dev/null || true
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done <"$pidfile"
  rm -f "$pidfile"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || echo unknown)"
echo "machine: $(nproc) cores, ${cpu}, $(uname -sr), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "versions: node $(node --version), $(redis-server --version | cut -d' ' -f1-3), vigil $(node bin/vigil --version | head -1)"

FAILOVER_PIDFILE="$pidfile" node bench/failover.mjs
