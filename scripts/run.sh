#!/usr/bin/env bash
# Starts the flash-sale server with embedded defaults: bundled demo catalogue (100 SKUs, sale open),
# data under ./data, http://127.0.0.1:8080/. Settings: shared/API.md "Starting a server"
# (defaults < --config FILE < FLASHSALE_* environment < flags). SIGTERM stops it cleanly (exit 0).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
. scripts/classpath.sh
classpath=$(module_classpath engine-server)
# Generational ZGC: at 10,000 and 25,000 reservations/s (scripts/bench.sh http writes, 2026-12-02) the
# gateway's longest stop was 2.5-5.6 ms against 57-81 ms with G1, its stops' p99 0.6-2.3 ms against
# 26-32 ms (docs/PERFORMANCE.md "Tail latency"). FLASHSALE_GC_FLAGS overrides it (e.g. -XX:+UseG1GC).
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" $FLASHSALE_SERVER_FLAGS ${FLASHSALE_GC_FLAGS:--XX:+UseZGC} -Xms1g -Xmx4g -cp "$classpath" io.flashsale.server.NodeMain "$@"
