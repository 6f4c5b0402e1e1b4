#!/usr/bin/env bash
# A real single-node Apache Kafka broker in KRaft mode (broker + controller in one process), run from
# the Maven Central jars that scripts/kafka/pom.xml resolves: no mock, no embedded fake.
#   scripts/kafka.sh start | stop | status
# Listens on 127.0.0.1:${KAFKA_PORT:-9092} (controller ${KAFKA_CONTROLLER_PORT:-9093}); data, config
# and log under ${KAFKA_DIR:-.kafka} (formatted once). Small heap: -Xmx256m.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/java-home.sh"
dir="${KAFKA_DIR:-$root/.kafka}"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
lib="$root/scripts/kafka/target/lib"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
running() { [ -f "$dir/kafka.pid" ] && kill -0 "$(cat "$dir/kafka.pid")" 2>/dev/null; }

resolve_jars() {
  if [ ! -d "$lib" ] || [ "$(find "$lib" -name '*.jar' | wc -l)" -lt 40 ]; then
    echo "kafka.sh: resolving the broker's jars from Maven Central" >&2
    mvn -B -q -f "$root/scripts/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory=target/lib >&2
  fi
}

write_config() {
  mkdir -p "$dir/logs"
  cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/logs
num.partitions=4
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.cleaner.dedupe.buffer.size=33554432
PROPS
}

case "${1:-}" in
  start)
    if running && port_open "$port"; then echo "kafka.sh: already running on 127.0.0.1:$port"; exit 0; fi
    if port_open "$port"; then echo "kafka.sh: a broker already answers on 127.0.0.1:$port (not one of $dir): using it"; exit 0; fi
    resolve_jars
    write_config
    if [ ! -f "$dir/logs/meta.properties" ]; then
      cluster_id=$("$JAVA_HOME/bin/java" -cp "$lib/*" kafka.tools.StorageTool random-uuid)
      "$JAVA_HOME/bin/java" -cp "$lib/*" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" \
        > "$dir/format.log" 2>&1 || { cat "$dir/format.log" >&2; exit 1; }
    fi
    nohup "$JAVA_HOME/bin/java" -Xms256m -Xmx256m -cp "$lib/*" kafka.Kafka "$dir/server.properties" \
      > "$dir/kafka.log" 2>&1 &
    echo $! > "$dir/kafka.pid"
    for _ in $(seq 1 120); do
      if port_open "$port" && grep -q "Kafka Server started" "$dir/kafka.log"; then
        echo "kafka.sh: broker ready on 127.0.0.1:$port (pid $(cat "$dir/kafka.pid"), data in $dir)"
        exit 0
      fi
      running || { echo "kafka.sh: the broker died at start; see $dir/kafka.log" >&2; tail -20 "$dir/kafka.log" >&2; exit 1; }
      sleep 0.5
    done
    echo "kafka.sh: the broker did not become ready in 60 s; see $dir/kafka.log" >&2
    exit 1
    ;;
  stop)
    if running; then
      pid=$(cat "$dir/kafka.pid")
      kill "$pid"
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
      echo "kafka.sh: stopped"
    else
      echo "kafka.sh: not running"
    fi
    rm -f "$dir/kafka.pid"
    ;;
  status)
    if running && port_open "$port"; then echo "kafka.sh: running on 127.0.0.1:$port (pid $(cat "$dir/kafka.pid"))"; exit 0; fi
    echo "kafka.sh: not running"; exit 1
    ;;
  *)
    echo "usage: scripts/kafka.sh start|stop|status" >&2
    exit 2
    ;;
esac
