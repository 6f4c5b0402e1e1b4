#!/usr/bin/env bash
# Starts a replica that follows a primary's journal and serves read-only availability:
#   scripts/replica.sh --primary 127.0.0.1:9400 [--data-dir ./replica-data] [--port 8081]
# The primary ships its journal when started with FLASHSALE_REPLICATION_PORT (e.g. 9400).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
cp_file=engine-replica/target/.classpath
if [ ! -f "$cp_file" ] || [ -n "$(find engine-core/src engine-journal/src engine-backstop/src engine-gateway/src engine-replica/src pom.xml -newer "$cp_file" -print -quit 2>/dev/null)" ]; then
  echo "replica.sh: building (first run or sources changed)..." >&2
  mvn -B -q -DskipTests install >&2
  mvn -B -q -pl engine-replica dependency:build-classpath -Dmdep.outputFile=target/.classpath >&2
  touch "$cp_file"
fi
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" $FLASHSALE_JVM_FLAGS -Xms512m -Xmx2g -cp "engine-replica/target/classes:$(cat "$cp_file")" \
  io.flashsale.replica.ReplicaMain "$@"
