#!/usr/bin/env bash
# Runs the whole test suite: `mvn -B verify` on the chosen JDK (see java-home.sh).
# What the suites need is installed or started here first, when it is not there:
#   - redis-server (the Redis tests start their own instances on free ports of 127.0.0.1),
#   - the machine's Redis at 127.0.0.1:6379 (for a server started by hand or by scripts/run.sh),
#   - PostgreSQL at 127.0.0.1:5432, trust auth (the backstop tests make their own databases on it;
#     the outage test runs a Postgres server of its own from the same binaries),
#   - a real Kafka broker (KRaft) on 127.0.0.1:9092 by scripts/kafka.sh (the outage test runs its own),
#   - Debian's chromium and playwright-core from the npm registry, for the web pages' browser test.
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

if ! command -v pg_isready >/dev/null && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  echo "test.sh: installing PostgreSQL" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
  # a test machine's Postgres trusts local TCP connections, as this kind of machine's does
  for hba in /etc/postgresql/*/main/pg_hba.conf; do
    sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
  done
fi
pg_ready() { (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; }
if ! pg_ready; then
  echo "test.sh: starting PostgreSQL on 127.0.0.1:5432" >&2
  if command -v pg_ctlcluster >/dev/null && pg_lsclusters -h 2>/dev/null | grep -q .; then
    read -r version cluster _ < <(pg_lsclusters -h | head -1)
    pg_ctlcluster "$version" "$cluster" start || service postgresql start
  else
    service postgresql start
  fi
  for _ in $(seq 1 60); do pg_ready && break; sleep 0.5; done
  pg_ready || { echo "error: PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1; }
fi
scripts/kafka.sh start

# the web pages' browser test: Debian's Chromium and playwright-core (no browser download of its own)
if [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: installing chromium" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2
fi
command -v node >/dev/null || { echo "error: Node.js (node, npm) is needed for the browser test" >&2; exit 1; }
(cd engine-server/src/test/browser && npm ci --no-audit --no-fund >&2)

exec mvn -B verify "$@"
