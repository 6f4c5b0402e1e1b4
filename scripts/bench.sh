#!/usr/bin/env bash
# Benchmarks: figures, not tests.
#   scripts/bench.sh core [warmups] [measurements] [secondsPerIteration]
#       JMH: state machine, one shard's ring vs raw Disruptor, timing wheel vs Agrona; gc profiler.
#   scripts/bench.sh journal [ringCommands] [restartCommands]
#       raw Chronicle append vs engine+journal through the ring, fsync cost, replay rate, restart time.
#   scripts/bench.sh backstop [events] [holdsPerSecond] [seconds]
#       real Kafka and Postgres: raw producer vs the exporter's events/s; hold-to-Postgres-row delay.
#   scripts/bench.sh http SCENARIO [rate] [seconds] [connections] [label]
#       constant-rate load (coordinated omission corrected) on a fresh gateway: reads | writes | steady |
#       sale-open | overload (offered at 10x the gateway's write budget); table, JSON and plot.
#       REPLICA_MODE=sync|async: with a replica following (the added latency of replication).
#   scripts/bench.sh peer [threads] [millisEach]
#       the Redis + Lua peer (unpipelined, pipelined) vs this engine in process, same reserve workload.
#   scripts/bench.sh http-ceiling [seconds]
#       wrk (2 threads, 64 connections, 3 s warm-up each) against a Netty hello-world (the ceiling) and
#       the gateway: availability reads, reservations with and without keep-alive; ratios to the ceiling.
#   scripts/bench.sh replication [seconds] [rounds]
#       wrk reservations (each a new user) at a primary with a replica following: asynchronous against
#       synchronous replication, interleaved rounds; throughput ratio and latency percentiles.
#   scripts/bench.sh memory [users]
#       heap a user with a live hold costs, what presizing costs up front, the crowd's snapshot size and time.
#   scripts/bench.sh edge [seconds] [samples] [streams]
#       a cluster of one group behind two edges (own Redis master): wrk reads at an edge against the
#       Netty hello-world, reservations through an edge against straight to the node (interleaved),
#       then the latency an edge adds, write-at-A-to-visible-at-B and SSE fan-out (EdgeBench).
#   scripts/bench.sh all
#       all of the above (short forms) and one page with every ratio: bench/reports/all-<date>.md
# Reports land in bench/reports/ (Markdown, dated) and on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh

what="${1:-}"
[ $# -gt 0 ] && shift
build_classpath() {
  if [ "${BENCH_BUILT:-}" != 1 ]; then
    mvn -B -q -DskipTests install >&2
    mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
  fi
  echo "bench/target/classes:$(cat bench/target/bench.classpath)"
}

# A gateway on 127.0.0.1:$1 with catalogue $2, its data in $work, rate limits out of the way unless
# the caller's environment sets them (FLASHSALE_* variables pass through); collector and heap as
# scripts/run.sh runs it (FLASHSALE_GC_FLAGS=-XX:+UseG1GC for the other collector, FLASHSALE_HEAP_FLAGS).
start_gateway() {
  [ "${BENCH_BUILT:-}" = 1 ] && [ -f engine-server/target/runtime.classpath ] ||
    mvn -B -q -pl engine-server dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime.classpath >&2
  local gw_cp="engine-server/target/classes:$(cat engine-server/target/runtime.classpath)"
  rm -rf "$work/data"
  # shellcheck disable=SC2086
  FLASHSALE_DATA_DIR="$work/data" FLASHSALE_CATALOGUE="$2" FLASHSALE_HTTP_PORT="$1" \
    FLASHSALE_READS_PER_SECOND=10000000 FLASHSALE_READ_BURST=10000000 \
    FLASHSALE_WRITES_PER_SECOND=10000000 FLASHSALE_WRITE_BURST=10000000 \
    FLASHSALE_GLOBAL_READS_PER_SECOND="${GLOBAL_READS:-100000000}" FLASHSALE_GLOBAL_WRITES_PER_SECOND="${GLOBAL_WRITES:-100000000}" \
    "$JAVA_HOME/bin/java" $FLASHSALE_SERVER_FLAGS $FLASHSALE_NODE_FLAGS ${GATEWAY_JVM_OPTS:-} -cp "$gw_cp" io.flashsale.server.NodeMain > "$work/gateway.log" 2>&1 &
  gateway_pid=$!
  for _ in $(seq 1 120); do grep -q "ready:" "$work/gateway.log" && break; sleep 0.5; done
}
stop_gateway() { kill "$gateway_pid"; wait "$gateway_pid" 2>/dev/null || true; }

case "$what" in
  core)
    cp=$(build_classpath)
    # shellcheck disable=SC2086
    exec "$JAVA_HOME/bin/java" $FLASHSALE_JVM_FLAGS -cp "$cp" io.flashsale.bench.core.CoreBenchReport bench/reports "$@"
    ;;
  journal)
    cp=$(build_classpath)
    # shellcheck disable=SC2086
    exec "$JAVA_HOME/bin/java" $FLASHSALE_JVM_FLAGS -Xms6g -Xmx6g -cp "$cp" io.flashsale.bench.journal.JournalBenchReport bench/reports "$@"
    ;;
  backstop)
    scripts/kafka.sh start >&2
    cp=$(build_classpath)
    # shellcheck disable=SC2086
    exec "$JAVA_HOME/bin/java" $FLASHSALE_JVM_FLAGS -Xms2g -Xmx4g -cp "$cp" io.flashsale.bench.backstop.BackstopBenchReport bench/reports "$@"
    ;;
  http-ceiling)
    command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >&2
    seconds="${1:-10}"
    cp=$(build_classpath)
    work=$(mktemp -d)
    trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
    mkdir -p bench/reports
    run_wrk() { # name url [extra wrk args...] -> "req/s non2xx p99"; a 10 s warm-up (JIT: the gateway has far more code to compile than the hello-world) first, not counted
      wrk -t2 -c64 -d"${WARMUP_SECONDS:-10}s" "${@:2}" > /dev/null 2>&1 || true
      local out; out=$(wrk -t2 -c64 -d"${seconds}s" --latency "${@:2}" 2>&1)
      echo "$out" > "$work/$1.txt"
      local rps; rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
      local bad; bad=$(awk '/Non-2xx/ {print $5}' <<<"$out"); bad=${bad:-0}
      local p99; p99=$(awk '/ 99%/ {print $2}' <<<"$out")
      echo "$rps $bad $p99"
    }
    # Both servers up at once, runs interleaved (ceiling, gateway, ceiling, ...): on a shared, noisy box
    # each gateway figure is read against the mean of the ceiling runs just before and after it.
    # shellcheck disable=SC2086
    "$JAVA_HOME/bin/java" $FLASHSALE_JVM_FLAGS -cp "$cp" io.flashsale.bench.http.HelloWorldServer 18081 > "$work/hello.log" 2>&1 &
    hello_pid=$!
    start_gateway 18080 bench/src/main/resources/bench-catalogue.json
    # both gateway paths warmed before either is measured: they share code, and C2 finishes sooner at half load
    wrk -t1 -c16 -d10s http://127.0.0.1:18080/api/v1/products/BENCH-READ/availability -H "X-User-Id: reader" > /dev/null 2>&1 || true
    wrk -t1 -c16 -d10s http://127.0.0.1:18080/ -s bench/src/main/resources/wrk-reserve.lua > /dev/null 2>&1 || true
    read -r hello1_rps _ hello_p99 < <(run_wrk hello-1 http://127.0.0.1:18081/)
    read -r reads_rps reads_bad reads_p99 < <(run_wrk reads http://127.0.0.1:18080/api/v1/products/BENCH-READ/availability -H "X-User-Id: reader")
    read -r hello2_rps _ _ < <(run_wrk hello-2 http://127.0.0.1:18081/)
    read -r res_rps res_bad res_p99 < <(run_wrk reserve http://127.0.0.1:18080/ -s bench/src/main/resources/wrk-reserve.lua)
    read -r hello3_rps _ _ < <(run_wrk hello-3 http://127.0.0.1:18081/)
    read -r close_rps close_bad close_p99 < <(run_wrk reserve-close http://127.0.0.1:18080/ -s bench/src/main/resources/wrk-reserve.lua -H "Connection: close")
    read -r hello4_rps _ _ < <(run_wrk hello-4 http://127.0.0.1:18081/)
    for raw in "$work"/*.txt; do cp "$raw" "bench/reports/http-ceiling-$(date -u +%F)-$(basename "$raw")"; done
    stop_gateway
    kill "$hello_pid"; wait "$hello_pid" 2>/dev/null || true
    ratio() { awk -v a="$1" -v b="$2" -v c="$3" 'BEGIN { printf "%.2f", 2 * a / (b + c) }'; }
    hello_mean=$(awk -v a="$hello1_rps" -v b="$hello2_rps" -v c="$hello3_rps" -v d="$hello4_rps" 'BEGIN { printf "%.0f", (a + b + c + d) / 4 }')
    table="| measurement (wrk -t2 -c64, ${seconds}s each after a 10 s warm-up, interleaved) | req/s | p99 | non-2xx | ratio to the ceiling runs before and after |
|---|---:|---:|---:|---:|
| Netty hello-world (the ceiling): runs 1-4 | ${hello1_rps} / ${hello2_rps} / ${hello3_rps} / ${hello4_rps} (mean ${hello_mean}) | ${hello_p99} | 0 | 1.00 |
| gateway: GET availability | ${reads_rps} | ${reads_p99} | ${reads_bad} | $(ratio "$reads_rps" "$hello1_rps" "$hello2_rps") |
| gateway: POST reservation, keep-alive | ${res_rps} | ${res_p99} | ${res_bad} | $(ratio "$res_rps" "$hello2_rps" "$hello3_rps") |
| gateway: POST reservation, a connection each | ${close_rps} | ${close_p99} | ${close_bad} | $(ratio "$close_rps" "$hello3_rps" "$hello4_rps") |"
    echo; echo "$table"
    mkdir -p bench/reports && echo "$table" > "bench/reports/http-ceiling-$(date -u +%F).md"
    echo "report: bench/reports/http-ceiling-$(date -u +%F).md"
    ;;
  replication)
    command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >&2
    seconds="${1:-10}"; rounds="${2:-2}"
    mvn -B -q -DskipTests install >&2
    work=$(mktemp -d)
    trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
    one_round() { # mode -> "mode req/s p50 p90 p99"
      FLASHSALE_REPLICATION_PORT=19400 FLASHSALE_REPLICATION_MODE="$1" start_gateway 18080 bench/src/main/resources/bench-catalogue.json
      rm -rf "$work/replica"
      # shellcheck disable=SC2086
      "$JAVA_HOME/bin/java" $FLASHSALE_SERVER_FLAGS -Xms512m -Xmx512m -cp "engine-server/target/classes:$(cat engine-server/target/runtime.classpath)" \
        io.flashsale.server.ReplicaMain --primary 127.0.0.1:19400 --data-dir "$work/replica" --port 18081 > "$work/replica.log" 2>&1 &
      local replica=$!
      sleep 4
      wrk -t2 -c64 -d5s -s bench/src/main/resources/wrk-reserve.lua http://127.0.0.1:18080 > /dev/null 2>&1 || true
      local out; out=$(wrk -t2 -c64 -d"${seconds}s" --latency -s bench/src/main/resources/wrk-reserve.lua http://127.0.0.1:18080 2>&1)
      kill "$replica"; wait "$replica" 2>/dev/null || true
      stop_gateway
      echo "$1 $(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1=="50%" {print $2}' <<<"$out") $(awk '$1=="90%" {print $2}' <<<"$out") $(awk '$1=="99%" {print $2}' <<<"$out")"
    }
    echo "| round | mode | reservations/s | p50 | p90 | p99 | sync as a ratio |"
    echo "|---|---|---:|---:|---:|---:|---:|"
    for round in $(seq 1 "$rounds"); do
      read -r _ a_rps a50 a90 a99 <<<"$(one_round async)"
      read -r _ s_rps s50 s90 s99 <<<"$(one_round sync)"
      echo "| $round | async | $a_rps | $a50 | $a90 | $a99 | |"
      echo "| $round | sync | $s_rps | $s50 | $s90 | $s99 | $(awk -v s="$s_rps" -v a="$a_rps" 'BEGIN {printf "%.2f", s / a}') |"
    done
    ;;
  memory)
    # scripts/bench.sh memory [users]: a crowd in one shard's engine, every hold live
    cp=$(build_classpath)
    # shellcheck disable=SC2086
    exec "$JAVA_HOME/bin/java" $FLASHSALE_JVM_FLAGS -Xms4g -Xmx4g -XX:+UseG1GC -cp "$cp" io.flashsale.bench.memory.CrowdMemory "$@"
    ;;
  edge)
    command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >&2
    seconds="${1:-10}"; samples="${2:-2000}"; streams="${3:-1000}"
    cp=$(build_classpath)
    mvn -B -q -pl engine-edge dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime.classpath >&2
    edge_cp="engine-edge/target/classes:$(cat engine-edge/target/runtime.classpath)"
    work=$(mktemp -d)
    trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
    redis-server --port 16390 --bind 127.0.0.1 --save "" --appendonly no > "$work/redis.log" 2>&1 &
    echo "group.g1=http://127.0.0.1:18080" > "$work/cluster.properties"
    "$JAVA_HOME/bin/java" $FLASHSALE_JVM_FLAGS -cp "$cp" io.flashsale.bench.http.HelloWorldServer 18081 > "$work/hello.log" 2>&1 &
    FLASHSALE_CLUSTER="$work/cluster.properties" FLASHSALE_GROUP=g1 FLASHSALE_REDIS_URL=redis://127.0.0.1:16390 \
      start_gateway 18080 bench/src/main/resources/bench-catalogue.json
    for port in 18090 18091; do
      # shellcheck disable=SC2086
      FLASHSALE_CLUSTER="$work/cluster.properties" FLASHSALE_REDIS_URL=redis://127.0.0.1:16390 FLASHSALE_HTTP_PORT=$port \
        FLASHSALE_READS_PER_SECOND=10000000 FLASHSALE_READ_BURST=10000000 FLASHSALE_WRITES_PER_SECOND=10000000 \
        FLASHSALE_WRITE_BURST=10000000 FLASHSALE_GLOBAL_READS_PER_SECOND=100000000 FLASHSALE_GLOBAL_WRITES_PER_SECOND=100000000 \
        "$JAVA_HOME/bin/java" $FLASHSALE_SERVER_FLAGS -Xms1g -Xmx1g -cp "$edge_cp" io.flashsale.edge.EdgeMain > "$work/edge-$port.log" 2>&1 &
    done
    for _ in $(seq 1 120); do grep -q "edge over" "$work/edge-18091.log" 2>/dev/null && break; sleep 0.5; done
    run_wrk() { # name url [wrk args...] -> "req/s p50 p99"
      wrk -t2 -c64 -d"${WARMUP_SECONDS:-5}s" "${@:2}" > /dev/null 2>&1 || true
      local out; out=$(wrk -t2 -c64 -d"${seconds}s" --latency "${@:2}" 2>&1)
      echo "$out" > "$work/$1.txt"
      echo "$(awk '/Requests\/sec/ {print $2}' <<<"$out") $(awk '$1=="50%" {print $2}' <<<"$out") $(awk '$1=="99%" {print $2}' <<<"$out")"
    }
    read_url=/api/v1/products/BENCH-READ/availability
    wrk -t1 -c16 -d10s "http://127.0.0.1:18090$read_url" > /dev/null 2>&1 || true
    read -r h1 _ _ < <(run_wrk hello-1 http://127.0.0.1:18081/)
    read -r er e50 e99 < <(run_wrk edge-reads "http://127.0.0.1:18090$read_url")
    read -r h2 _ _ < <(run_wrk hello-2 http://127.0.0.1:18081/)
    read -r nr n50 n99 < <(run_wrk node-reads "http://127.0.0.1:18080$read_url")
    read -r h3 _ _ < <(run_wrk hello-3 http://127.0.0.1:18081/)
    # both reservation paths warmed first (the edge's forwarding code is cold until then)
    wrk -t2 -c64 -d15s -s bench/src/main/resources/wrk-reserve.lua http://127.0.0.1:18080 > /dev/null 2>&1 || true
    wrk -t2 -c64 -d15s -s bench/src/main/resources/wrk-reserve.lua http://127.0.0.1:18090 > /dev/null 2>&1 || true
    read -r nw nw50 nw99 < <(run_wrk node-reserve http://127.0.0.1:18080 -s bench/src/main/resources/wrk-reserve.lua)
    read -r ew ew50 ew99 < <(run_wrk edge-reserve http://127.0.0.1:18090 -s bench/src/main/resources/wrk-reserve.lua)
    read -r nw2 _ _ < <(run_wrk node-reserve-2 http://127.0.0.1:18080 -s bench/src/main/resources/wrk-reserve.lua)
    ratio() { awk -v a="$1" -v b="$2" -v c="$3" 'BEGIN { printf "%.2f", 2 * a / (b + c) }'; }
    table="| wrk -t2 -c64, ${seconds} s each after a 5 s warm-up, interleaved | req/s | p50 | p99 | ratio |
|---|---:|---:|---:|---:|
| Netty hello-world (the ceiling): runs 1-3 | ${h1} / ${h2} / ${h3} | | | 1.00 |
| edge: GET availability (the Redis master's copy) | ${er} | ${e50} | ${e99} | $(ratio "$er" "$h1" "$h2") of the hello-world runs around it |
| node: GET availability (its own cells) | ${nr} | ${n50} | ${n99} | $(ratio "$nr" "$h2" "$h3") of the hello-world runs around it |
| node: POST reservation, each a new user (runs before and after) | ${nw} / ${nw2} | ${nw50} | ${nw99} | 1.00 |
| edge: POST reservation forwarded to the node | ${ew} | ${ew50} | ${ew99} | $(ratio "$ew" "$nw" "$nw2") of the node runs around it |"
    echo; echo "$table"; echo
    latency=$("$JAVA_HOME/bin/java" -Xmx1g -cp "$cp" io.flashsale.bench.edge.EdgeBench http://127.0.0.1:18080 http://127.0.0.1:18090 \
      http://127.0.0.1:18091 BENCH-WRITE "$samples" "$streams")
    echo "$latency"
    mkdir -p bench/reports && printf '%s\n\n%s\n' "$table" "$latency" > "bench/reports/edge-$(date -u +%F).md"
    echo "report: bench/reports/edge-$(date -u +%F).md"
    stop_gateway
    ;;
  http)
    # scripts/bench.sh http SCENARIO [rate] [seconds] [connections] [label]
    scenario="${1:?scenario: reads | writes | steady | sale-open | overload}"
    rate="${2:-5000}"; seconds="${3:-15}"; connections="${4:-64}"; label="${5:-$scenario}"
    cp=$(build_classpath)
    work=$(mktemp -d)
    trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
    # overload: the gateway's whole write budget is a tenth of the rate offered
    [ "$scenario" = overload ] && export GLOBAL_WRITES=$(awk -v r="$rate" 'BEGIN { printf "%d", r / 10 }')
    [ -n "${REPLICA_MODE:-}" ] && export FLASHSALE_REPLICATION_PORT=19400 FLASHSALE_REPLICATION_MODE="$REPLICA_MODE"
    # every stop of either JVM (GC or not) is logged, so the tail is put where it belongs
    GATEWAY_JVM_OPTS="${GATEWAY_JVM_OPTS:-} -Xlog:safepoint:file=$work/gateway-safepoints.log" \
      start_gateway 18080 bench/src/main/resources/load-catalogue.json
    if [ -n "${REPLICA_MODE:-}" ]; then # REPLICA_MODE=sync|async: a replica follows the gateway's journal
      # shellcheck disable=SC2086
      "$JAVA_HOME/bin/java" $FLASHSALE_SERVER_FLAGS -XX:+UseZGC -Xms512m -Xmx1g -cp "engine-server/target/classes:$(cat engine-server/target/runtime.classpath)" \
        io.flashsale.server.ReplicaMain --primary 127.0.0.1:19400 --data-dir "$work/replica" --port 18081 > "$work/replica.log" 2>&1 &
      for _ in $(seq 1 60); do grep -q "replica on" "$work/replica.log" && break; sleep 0.5; done
      sleep 2
      echo "replication: $REPLICA_MODE, a replica following on 127.0.0.1:18081"
    fi
    route=$([ "$scenario" = reads ] && echo availability || echo reserve)
    status=$([ "$scenario" = reads ] && echo 200 || echo 201)
    # the generator has a heap and a collector of its own (generational ZGC: sub-millisecond pauses),
    # its pages touched at start as the gateway's are (3,000-11,000 first-touch faults/s otherwise), and
    # Netty's leak sampling off as in the servers (its trace records were 2.8 % of the generator's loop)
    # shellcheck disable=SC2086
    "$JAVA_HOME/bin/java" $FLASHSALE_SERVER_FLAGS -Xms1g -Xmx1g -XX:+UseZGC -XX:+AlwaysPreTouch ${LOAD_JVM_OPTS:-} -Xlog:safepoint:file="$work/load-safepoints.log" \
      -cp "$cp" io.flashsale.bench.load.LoadMain "$scenario" \
      --url http://127.0.0.1:18080 --rate "$rate" --seconds "$seconds" --connections "$connections" --label "$label" \
      --server-side "$route:$status" ${LOAD_FLAGS:-}
    pauses() { # safepoint log -> "count p99 max" of the stops, in ms
      grep -o 'Total: [0-9]*' "$1" | awk '{print $2}' | sort -n | awk '{v[NR]=$1} END {
        if (NR == 0) { print "0 - -"; exit } i = int(NR * 0.99); if (i < 1) i = 1
        printf "%d %.2f %.2f\n", NR, v[i] / 1e6, v[NR] / 1e6 }'
    }
    read -r g_n g_p99 g_max < <(pauses "$work/gateway-safepoints.log")
    read -r l_n l_p99 l_max < <(pauses "$work/load-safepoints.log")
    echo "JVM stops over the run (safepoints, GC or not): gateway ${g_n}, p99 ${g_p99} ms, max ${g_max} ms; load generator ${l_n}, p99 ${l_p99} ms, max ${l_max} ms"
    stop_gateway
    ;;
  peer)
    command -v redis-server >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >&2
    cp=$(build_classpath)
    # shellcheck disable=SC2086
    exec "$JAVA_HOME/bin/java" $FLASHSALE_JVM_FLAGS -Xms4g -Xmx4g -cp "$cp" io.flashsale.bench.peer.PeerReport bench/reports "$@"
    ;;
  all)
    # Every figure in one run, one page: bench/reports/all-<date>.md (each part also keeps its own report).
    day=$(date -u +%F)
    self="scripts/bench.sh"
    build_classpath > /dev/null
    export BENCH_BUILT=1
    "$self" core 2 3 1
    "$self" journal 2000000 3000000
    "$self" peer 64 4000
    "$self" http-ceiling 10
    "$self" http reads 20000 15
    "$self" http writes 5000 15
    "$self" http writes 25000 15 64 writes-25k
    "$self" http steady 11000 15
    "$self" http sale-open 5000 10
    "$self" http overload 20000 15
    if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then "$self" backstop 300000 2000 20; fi
    "$self" page
    ;;
  page)
    # bench/reports/all-<date>.md from today's reports of each part
    day=$(date -u +%F)
    {
      echo "# All figures, $day: the latest report of each part today (scripts/bench.sh all runs them all, then this page)"
      for part in core journal peer http-ceiling http-reads http-writes http-writes-25k http-steady http-sale-open http-overload backstop; do
        f="bench/reports/$part-$day.md"
        [ -f "$f" ] || continue
        echo; echo "## $part"; echo
        cat "$f"
      done
    } > "bench/reports/all-$day.md"
    echo "report: bench/reports/all-$day.md"
    ;;
  *)
    echo "usage: scripts/bench.sh core [warmups] [measurements] [secondsPerIteration]" >&2
    echo "       scripts/bench.sh journal [ringCommands] [restartCommands]" >&2
    echo "       scripts/bench.sh backstop [events] [holdsPerSecond] [seconds]" >&2
    echo "       scripts/bench.sh http-ceiling [seconds]" >&2
    echo "       scripts/bench.sh http SCENARIO [rate] [seconds] [connections] [label]" >&2
    echo "       scripts/bench.sh peer [threads] [millisEach]" >&2
    echo "       scripts/bench.sh edge [seconds] [samples] [streams]" >&2
    echo "       scripts/bench.sh all" >&2
    exit 2
    ;;
esac
