# Sourced by run.sh, replica.sh and edge.sh: module_classpath MODULE prints the module's runtime classpath,
# building the project first when it has never been built or a source changed since. Processes
# started at once (a group, a cluster) build one at a time: the first builds, the others wait and reuse it.
module_classpath() {
  local module="$1" cp_file="$1/target/.classpath"
  mkdir -p "$module/target"
  (
    flock 9
    if [ ! -f "$cp_file" ] || [ -n "$(find engine-*/src pom.xml -newer "$cp_file" -print -quit 2>/dev/null)" ]; then
      echo "$(basename "$0"): building (first run or sources changed)..." >&2
      mvn -B -q -DskipTests install >&2
      mvn -B -q -pl "$module" dependency:build-classpath -Dmdep.outputFile=target/.classpath >&2
      touch "$cp_file"
    fi
  ) 9>.build.lock
  echo "$module/target/classes:$(cat "$cp_file")"
}

# Sourced right after the script's cd to the repository: a cluster file named relative to where the
# script was started from (OLDPWD, which that cd set) still names that file.
if [ -n "${FLASHSALE_CLUSTER:-}" ] && [ "${FLASHSALE_CLUSTER#/}" = "$FLASHSALE_CLUSTER" ]; then
  export FLASHSALE_CLUSTER="$OLDPWD/$FLASHSALE_CLUSTER"
fi
