#!/usr/bin/env bash
# Starts a stateless edge over a cluster of groups (shared/API.md "Several machines"):
#   FLASHSALE_CLUSTER=cluster.properties FLASHSALE_REDIS_URL=redis://127.0.0.1:6379 FLASHSALE_HTTP_PORT=8090 scripts/edge.sh
# It serves every SKU of every group: reads from the Redis master's copy, writes forwarded to the
# owning group's primary. It keeps no state: run as many as you like, kill any of them.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
. scripts/classpath.sh
classpath=$(module_classpath engine-edge)
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" $FLASHSALE_SERVER_FLAGS ${FLASHSALE_EDGE_HEAP:--Xms256m -Xmx1g} -cp "$classpath" io.flashsale.edge.EdgeMain "$@"
