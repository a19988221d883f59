#!/usr/bin/env bash
# Runs every sre4j benchmark and writes the tables of BENCHMARKS.md, in under 20 minutes on a
# 2-core machine:
#   1. builds sre-benchmarks (and sre-cli) if a jar is missing or older than the sources;
#   2. JMH microbenchmarks with -prof gc, at 1 thread and at 2 threads (-t), RecordBenchmark also at
#      4 threads (oversubscribed on 2 cores, still telling), CSV results;
#   3. the end-to-end overhead run: embedded Jetty per variant, wrk (or the Java client) on loopback;
#   4. replay throughput on generated access lines (1 M over 1 h, 1 M over 24 h, 2 requests/s over
#      30 days) against a plain line-reading loop on the same files: each command in a fresh JVM
#      (start-up and JIT included), then in one warm JVM (io.sre4j.cli.WarmReplay), both on one core;
#   5. writes sre-benchmarks/results/tables.md and splices it into BENCHMARKS.md between the
#      "benchmarks:begin" / "benchmarks:end" markers (NO_DOC=1 to leave BENCHMARKS.md alone).
#
# Usage, from anywhere:  sre-benchmarks/run.sh
# Knobs (environment): FORKS=2 WARMUPS=2 ITERATIONS=3 ITERATION_TIME=1s   (JMH)
#                      ROUNDS=8 E2E_SECONDS=4 E2E_LATENCY_SECONDS=2 E2E_WARMUP=10 CONNECTIONS=16 CLIENT=auto
#                      SERVER_CPU=1 CLIENT_CPU=0 (taskset pinning of the e2e servers and wrk; "none" for none)
#                      REPLAY_LINES=1000000 REPLAY_SPANS=1h,24h,30d@2 REPLAY_REPEAT=3 REPLAY_CPU=1
#                      REPLAY_WARMUP=2 REPLAY_ROUNDS=5 (the warm, in-process replay)
#                      SKIP_JMH=1 SKIP_E2E=1 SKIP_REPLAY=1 NO_BUILD=1 NO_DOC=1 NO_INSTALL=1
#                      MVN_ARGS="-o" (extra Maven arguments)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
START=$(date +%s)
RESULTS="sre-benchmarks/results"
JAR="sre-benchmarks/target/benchmarks.jar"
CLI_JAR="sre-cli/target/sre4j.jar"
mkdir -p "$RESULTS"

FORKS=${FORKS:-2}
WARMUPS=${WARMUPS:-2}
ITERATIONS=${ITERATIONS:-3}
ITERATION_TIME=${ITERATION_TIME:-1s}
ROUNDS=${ROUNDS:-8}
E2E_SECONDS=${E2E_SECONDS:-4}
E2E_LATENCY_SECONDS=${E2E_LATENCY_SECONDS:-2}
E2E_WARMUP=${E2E_WARMUP:-10}
CONNECTIONS=${CONNECTIONS:-16}
CLIENT=${CLIENT:-auto}
SERVER_CPU=${SERVER_CPU:-1}
CLIENT_CPU=${CLIENT_CPU:-0}
REPLAY_LINES=${REPLAY_LINES:-1000000}
REPLAY_SPANS=${REPLAY_SPANS:-1h,24h,30d@2}
REPLAY_REPEAT=${REPLAY_REPEAT:-3}
REPLAY_CPU=${REPLAY_CPU:-1}
REPLAY_WARMUP=${REPLAY_WARMUP:-2}
REPLAY_ROUNDS=${REPLAY_ROUNDS:-5}

say() { printf '[run.sh %4ss] %s\n' "$(( $(date +%s) - START ))" "$*" >&2; }

# ---- 1. build if needed ----------------------------------------------------------------------
stale() { # $1 jar, $2.. source dirs: true when the jar is missing or older than a source file
  local jar=$1; shift
  [[ ! -f $jar ]] && return 0
  [[ -n $(find "$@" pom.xml -newer "$jar" -type f -print -quit 2>/dev/null) ]]
}
if [[ -z ${NO_BUILD:-} ]]; then
  modules=()
  stale "$JAR" sre-core/src sre-servlet/src sre-cli/src sre-benchmarks/src sre-benchmarks/pom.xml && modules+=(sre-benchmarks)
  [[ -d sre-cli ]] && stale "$CLI_JAR" sre-core/src sre-cli/src sre-cli/pom.xml && modules+=(sre-cli)
  if (( ${#modules[@]} )); then
    say "building ${modules[*]} (mvn package -DskipTests)"
    # shellcheck disable=SC2086
    mvn -B -q ${MVN_ARGS:-} -pl "$(IFS=,; echo "${modules[*]}")" -am package -DskipTests
  fi
fi
[[ -f $JAR ]] || { echo "no $JAR: build with mvn -pl sre-benchmarks -am package" >&2; exit 1; }

# wrk is a Debian package; without it the Java load client is used
if ! command -v wrk >/dev/null && [[ -z ${NO_INSTALL:-} && $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
  say "installing wrk (apt-get install -y wrk; NO_INSTALL=1 to skip)"
  apt-get install -y -qq wrk >/dev/null 2>&1 \
    || { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1; } \
    || say "wrk could not be installed: the Java load client will be used"
fi

# ---- machine ---------------------------------------------------------------------------------
{
  echo "| | |"
  echo "|---|---|"
  echo "| date | $(date -u +%Y-%m-%dT%H:%MZ) |"
  echo "| CPU | $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores (nproc) |"
  echo "| memory | $(free -g | awk '/^Mem:/{print $2}') GiB |"
  echo "| load average at start | $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared: other work runs beside the benchmarks) |"
  echo "| OS | $(uname -sr) |"
  echo "| JVM | $(java -version 2>&1 | head -1), $(java -version 2>&1 | sed -n 2p) |"
  echo "| JMH | 1.37, \`-f $FORKS -wi $WARMUPS -w $ITERATION_TIME -i $ITERATIONS -r $ITERATION_TIME -prof gc\`, AverageTime |"
  if command -v wrk >/dev/null; then gen="$( (wrk -v 2>&1 || true) | head -1 | cut -d" " -f1-2)"; else gen="Java load client (wrk not installed)"; fi
  echo "| load generator | $gen |"
} > "$RESULTS/machine.md"

# ---- 2. JMH ----------------------------------------------------------------------------------
JMH_COMMON=(-f "$FORKS" -wi "$WARMUPS" -w "$ITERATION_TIME" -i "$ITERATIONS" -r "$ITERATION_TIME" -prof gc -rf csv)
JMH_T1='FloorBenchmark|RecordBenchmark|AccessLogBenchmark|FilterBenchmark|ReadBenchmark|IntervalCloseBenchmark|ParseBenchmark'
JMH_T2='FloorBenchmark|RecordBenchmark|AccessLogBenchmark|FilterBenchmark'
JMH_T4='RecordBenchmark'
if [[ -z ${SKIP_JMH:-} ]]; then
  say "JMH at 1 thread: $JMH_T1"
  java -jar "$JAR" "$JMH_T1" -t 1 "${JMH_COMMON[@]}" -rff "$RESULTS/jmh-t1.csv" > "$RESULTS/jmh-t1.log" 2>&1
  say "JMH at 2 threads: $JMH_T2"
  java -jar "$JAR" "$JMH_T2" -t 2 "${JMH_COMMON[@]}" -rff "$RESULTS/jmh-t2.csv" > "$RESULTS/jmh-t2.log" 2>&1
  say "JMH at 4 threads: $JMH_T4"
  java -jar "$JAR" "$JMH_T4" -t 4 "${JMH_COMMON[@]}" -rff "$RESULTS/jmh-t4.csv" > "$RESULTS/jmh-t4.log" 2>&1
fi
java -cp "$JAR" io.sre4j.benchmarks.report.JmhTables --out "$RESULTS/jmh.md" \
  "$RESULTS/jmh-t1.csv" "$RESULTS/jmh-t2.csv" "$RESULTS/jmh-t4.csv" > /dev/null

# ---- 3. end to end ---------------------------------------------------------------------------
if [[ -z ${SKIP_E2E:-} ]]; then
  say "end-to-end: $ROUNDS rounds x 5 variants"
  java -cp "$JAR" io.sre4j.benchmarks.e2e.OverheadRun --rounds "$ROUNDS" --seconds "$E2E_SECONDS" \
    --latency-seconds "$E2E_LATENCY_SECONDS" --warmup "$E2E_WARMUP" --connections "$CONNECTIONS" \
    --client "$CLIENT" --server-cpu "$SERVER_CPU" --client-cpu "$CLIENT_CPU" --out "$RESULTS/e2e.md" > /dev/null 2> "$RESULTS/e2e.log"
fi

# ---- 4. replay -------------------------------------------------------------------------------
if [[ -z ${SKIP_REPLAY:-} ]]; then
  if [[ -f $CLI_JAR ]]; then
    say "replay: $REPLAY_LINES lines (or the rate after @) over $REPLAY_SPANS"
    java -cp "$JAR" io.sre4j.benchmarks.replay.ReplayRun --cli "$CLI_JAR" --lines "$REPLAY_LINES" \
      --spans "$REPLAY_SPANS" --repeat "$REPLAY_REPEAT" --cpu "$REPLAY_CPU" \
      --work sre-benchmarks/target/replay --out "$RESULTS/replay.md" > /dev/null 2> "$RESULTS/replay.log"
    say "replay, warm: the same files in one JVM pinned to one core"
    pin=()
    if command -v taskset >/dev/null && [[ -n $REPLAY_CPU ]]; then pin=(taskset -c "$REPLAY_CPU"); fi
    "${pin[@]}" java -cp "$JAR" io.sre4j.cli.WarmReplay --lines "$REPLAY_LINES" \
      --spans "$REPLAY_SPANS" --warmup "$REPLAY_WARMUP" --rounds "$REPLAY_ROUNDS" \
      --work sre-benchmarks/target/replay --out "$RESULTS/replay-warm.md" > /dev/null 2> "$RESULTS/replay-warm.log"
  else
    say "replay skipped: no $CLI_JAR"
    echo "Not measured: \`$CLI_JAR\` was not built." > "$RESULTS/replay.md"
  fi
fi

# ---- 5. tables -------------------------------------------------------------------------------
ELAPSED=$(( $(date +%s) - START ))
section() { [[ -f $1 ]] && cat "$1" || echo "Not measured in this run."; }
{
  echo "<!-- written by sre-benchmarks/run.sh; do not edit by hand -->"
  echo "### Machine and run"
  echo
  section "$RESULTS/machine.md"
  echo "| total run time | $(( ELAPSED / 60 )) min $(( ELAPSED % 60 )) s (\`sre-benchmarks/run.sh\`) |"
  echo
  section "$RESULTS/jmh.md"
  echo "### End to end: embedded Jetty 12, one JVM per variant, load on loopback"
  echo
  section "$RESULTS/e2e.md"
  echo
  echo "### replay throughput"
  echo
  section "$RESULTS/replay-warm.md"
  echo "A fresh \`sre4j replay\` process per file, as a user runs it (JVM start-up and JIT compilation on the same core included):"
  echo
  section "$RESULTS/replay.md"
} > "$RESULTS/tables.md"

if [[ -z ${NO_DOC:-} && -f BENCHMARKS.md ]] && grep -q '<!-- benchmarks:begin -->' BENCHMARKS.md; then
  awk -v tables="$RESULTS/tables.md" '
    /<!-- benchmarks:begin -->/ { print; while ((getline line < tables) > 0) print line; skip = 1; next }
    /<!-- benchmarks:end -->/   { skip = 0 }
    !skip { print }' BENCHMARKS.md > BENCHMARKS.md.tmp && mv BENCHMARKS.md.tmp BENCHMARKS.md
  say "tables spliced into BENCHMARKS.md"
fi
say "done in $(( ELAPSED / 60 )) min $(( ELAPSED % 60 )) s: $RESULTS/tables.md"
