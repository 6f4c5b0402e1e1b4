#!/usr/bin/env bash
# Benchmarks: figures, not tests.
#   scripts/bench.sh core [warmups] [measurements] [secondsPerIteration]
#       JMH: state machine, one shard's ring vs raw Disruptor, timing wheel vs Agrona; gc profiler.
#   scripts/bench.sh journal [ringCommands] [restartCommands]
#       raw Chronicle append vs engine+journal through the ring, fsync cost, replay rate, restart time.
# Reports land in bench/reports/ (Markdown, dated) and on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh

what="${1:-}"
[ $# -gt 0 ] && shift
build_classpath() {
  mvn -B -q -DskipTests install >&2
  mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >&2
  echo "bench/target/classes:$(cat bench/target/bench.classpath)"
}

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
  *)
    echo "usage: scripts/bench.sh core [warmups] [measurements] [secondsPerIteration]" >&2
    echo "       scripts/bench.sh journal [ringCommands] [restartCommands]" >&2
    exit 2
    ;;
esac
