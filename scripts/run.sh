#!/usr/bin/env bash
# Starts the flash-sale server with embedded defaults: bundled demo catalogue (100 SKUs, sale open),
# data under ./data, http://127.0.0.1:8080/. Settings: shared/API.md "Starting a server"
# (defaults < --config FILE < FLASHSALE_* environment < flags). SIGTERM stops it cleanly (exit 0).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
. scripts/classpath.sh
classpath=$(module_classpath engine-server)
# Generational ZGC: at 25,000 reservations/s (scripts/bench.sh http writes, 2026-12-03, interleaved)
# the gateway's stops had a p99 of 0.42-0.49 ms against 18-39 ms young pauses with G1, and its
# server-side p99 was the lower (docs/PERFORMANCE.md "Tail latency"). FLASHSALE_GC_FLAGS overrides it.
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" $FLASHSALE_SERVER_FLAGS ${FLASHSALE_GC_FLAGS:--XX:+UseZGC} -Xms1g -Xmx4g -cp "$classpath" io.flashsale.server.NodeMain "$@"
