#!/usr/bin/env bash
# Starts a replica that follows a primary's journal and serves read-only availability:
#   scripts/replica.sh --primary 127.0.0.1:9400 [--data-dir ./replica-data] [--port 8081]
# The primary ships its journal when started with FLASHSALE_REPLICATION_PORT (e.g. 9400).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
. scripts/classpath.sh
classpath=$(module_classpath engine-server)
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" $FLASHSALE_SERVER_FLAGS $FLASHSALE_NODE_FLAGS -cp "$classpath" io.flashsale.server.ReplicaMain "$@"
