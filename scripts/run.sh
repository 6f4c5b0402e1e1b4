#!/usr/bin/env bash
# Starts the flash-sale server with embedded defaults: bundled demo catalogue (100 SKUs, sale open),
# data under ./data, http://127.0.0.1:8080/. Settings: shared/API.md "Starting a server"
# (defaults < --config FILE < FLASHSALE_* environment < flags). SIGTERM stops it cleanly (exit 0).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
. scripts/classpath.sh
classpath=$(module_classpath engine-server)
# The collector and heap: FLASHSALE_NODE_FLAGS (scripts/java-home.sh).
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" $FLASHSALE_SERVER_FLAGS $FLASHSALE_NODE_FLAGS -cp "$classpath" io.flashsale.server.NodeMain "$@"
