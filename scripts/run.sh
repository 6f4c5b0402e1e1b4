#!/usr/bin/env bash
# Starts the flash-sale server with embedded defaults: bundled demo catalogue (100 SKUs, sale open),
# data under ./data, http://127.0.0.1:8080/. Settings: shared/API.md "Starting a server"
# (defaults < --config FILE < FLASHSALE_* environment < flags). SIGTERM stops it cleanly (exit 0).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
cp_file=engine-gateway/target/.classpath
if [ ! -f "$cp_file" ] || [ -n "$(find engine-core/src engine-journal/src engine-backstop/src engine-gateway/src pom.xml -newer "$cp_file" -print -quit 2>/dev/null)" ]; then
  echo "run.sh: building (first run or sources changed)..." >&2
  mvn -B -q -DskipTests install >&2
  mvn -B -q -pl engine-gateway dependency:build-classpath -Dmdep.outputFile=target/.classpath >&2
  touch "$cp_file"
fi
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" $FLASHSALE_JVM_FLAGS -Xms1g -Xmx4g -cp "engine-gateway/target/classes:$(cat "$cp_file")" \
  io.flashsale.gateway.GatewayMain "$@"
