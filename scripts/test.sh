#!/usr/bin/env bash
# Runs the whole test suite: `mvn -B verify` on the chosen JDK (see java-home.sh).
# What the suites need is installed or started here first, when it is not there:
#   - redis-server (the Redis tests start their own instances on free ports of 127.0.0.1),
#   - the machine's Redis at 127.0.0.1:6379 (for a server started by hand or by scripts/run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
echo "test.sh: JAVA_HOME=$JAVA_HOME ($(flashsale_java_version "$JAVA_HOME"))"
command -v mvn >/dev/null || { echo "error: Maven (mvn) is not installed" >&2; exit 1; }

if ! command -v redis-server >/dev/null; then
  echo "test.sh: installing redis-server" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >&2
fi
if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "test.sh: starting Redis on 127.0.0.1:6379" >&2
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
fi

exec mvn -B verify "$@"
