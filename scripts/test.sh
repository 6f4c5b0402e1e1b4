#!/usr/bin/env bash
# Runs the whole test suite: `mvn -B verify` on the chosen JDK (see java-home.sh).
# Services the suites need are started here first, when they are not up.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/java-home.sh
echo "test.sh: JAVA_HOME=$JAVA_HOME ($(flashsale_java_version "$JAVA_HOME"))"
command -v mvn >/dev/null || { echo "error: Maven (mvn) is not installed" >&2; exit 1; }
exec mvn -B verify "$@"
