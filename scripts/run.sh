#!/usr/bin/env bash
# Starts the flash-sale engine with embedded defaults (bundled demo catalogue, sale open).
# Until the HTTP gateway lands this runs the in-process demo sale and prints availability.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
if [ ! -f engine-gateway/target/.classpath ] || [ -n "$(find engine-core/src engine-journal/src engine-gateway/src pom.xml -newer engine-gateway/target/.classpath -print -quit 2>/dev/null)" ]; then
  echo "run.sh: building (first run or sources changed)..." >&2
  mvn -B -q -DskipTests install >&2
  mvn -B -q -pl engine-gateway dependency:build-classpath -Dmdep.outputFile=target/.classpath >&2
  touch engine-gateway/target/.classpath
fi
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" $FLASHSALE_JVM_FLAGS -cp "engine-gateway/target/classes:$(cat engine-gateway/target/.classpath)" \
  io.flashsale.gateway.DemoSale "$@"
