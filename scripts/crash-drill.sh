#!/usr/bin/env bash
# kill -9 drill: runs the crash test with more rounds (default 50) on one data directory.
# Each round starts a child JVM under load, kills it at a random moment, recovers and checks
# every acknowledged hold. Usage: scripts/crash-drill.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
rounds="${1:-50}"
mvn -B -q -DskipTests install >&2
exec mvn -B -pl engine-journal surefire:test -Dtest=CrashRecoveryTest -Dcrash.rounds="$rounds" -DtrimStackTrace=false \
  | grep -E "crash round|Tests run:|FAIL|BUILD"
