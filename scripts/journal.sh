#!/usr/bin/env bash
# Operators' journal tooling: scripts/journal.sh COMMAND --data-dir DIR [options]
#   stats | verify | dump [--from N] [--to N] [--sku S] [--type T] [--json] | replay --to N [--sku S]
#   audit-fifo --sku S | snapshot | truncate --after N
# Exit codes: 0 fine, 1 the journal is damaged, 2 bad usage. `scripts/journal.sh --help` for more.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/scripts/java-home.sh"
cp_file="$root/engine-journal/target/.classpath"
if [ ! -f "$cp_file" ] || [ -n "$(find "$root/engine-core/src" "$root/engine-journal/src" "$root/pom.xml" "$root/engine-core/pom.xml" \
  "$root/engine-journal/pom.xml" -newer "$cp_file" -print -quit 2>/dev/null)" ]; then
  echo "journal.sh: building (first run or sources changed)..." >&2
  # One reactor build, never `install`: engine-core comes from this checkout's target/, and the
  # SNAPSHOT jars in ~/.m2 (another checkout's, maybe) are neither read nor overwritten.
  (cd "$root" && mvn -B -q -DskipTests -pl engine-journal -am package dependency:build-classpath \
    -Dmdep.outputFile=target/.classpath -DincludeScope=runtime >&2 && touch "$cp_file")
fi
# shellcheck disable=SC2086
exec "$JAVA_HOME/bin/java" $FLASHSALE_JVM_FLAGS -cp "$root/engine-journal/target/classes:$(cat "$cp_file")" \
  io.flashsale.journal.cli.JournalCli "$@"
