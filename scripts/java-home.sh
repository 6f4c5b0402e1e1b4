# Sourced by the other scripts: picks the JDK the project runs on.
# Temurin 25 when present, else any JDK >= 21 (JAVA_HOME, then `java` on the PATH), else a clear error.
flashsale_java_version() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'
}

flashsale_pick_java() {
  local candidate version
  for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 "${JAVA_HOME:-}" \
                   "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")" \
                   /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    version=$(flashsale_java_version "$candidate")
    if [ -n "$version" ] && [ "${version%%.*}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "error: no JDK >= 21 found (looked at /usr/lib/jvm/temurin-25-jdk-amd64, JAVA_HOME, java on PATH, /usr/lib/jvm/*)." >&2
  echo "       install one (e.g. Temurin 25) or set JAVA_HOME to it." >&2
  return 1
}

flashsale_pick_java || exit 1

# Every JVM the project starts: Chronicle's module flags, and its analytics switched off.
FLASHSALE_JVM_FLAGS="-Dchronicle.analytics.disable=true \
--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED \
--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED \
--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED"
# Chronicle's native helpers (JNA, jffi) call System::load, and Chronicle and jffi use sun.misc.Unsafe:
# allowed by name, so the JDK does not print its warnings at every start (an operator's tool prints
# its answer). --enable-native-access exists on every JDK >= 21 picked above; the Unsafe switch only
# from JDK 23 (24 is the first to warn), and an older JDK refuses to start with it.
FLASHSALE_JVM_FLAGS="$FLASHSALE_JVM_FLAGS --enable-native-access=ALL-UNNAMED"
flashsale_java_feature=$(flashsale_java_version "$JAVA_HOME" | cut -d. -f1)
if [ "$flashsale_java_feature" -ge 24 ] 2>/dev/null; then
  FLASHSALE_JVM_FLAGS="$FLASHSALE_JVM_FLAGS --sun-misc-unsafe-memory-access=allow"
fi
export FLASHSALE_JVM_FLAGS
# Servers (node, replica, edge) also: Netty's buffer-leak sampling off. It records a stack trace for
# one buffer in 128 (a Throwable and trace records on the write path, seen in the allocation profile);
# the tests keep it on, where a leak is caught.
FLASHSALE_SERVER_FLAGS="$FLASHSALE_JVM_FLAGS -Dio.netty.leakDetection.level=disabled"
export FLASHSALE_SERVER_FLAGS
# A node's collector and heap (run.sh, and replica.sh: a replica may take over). Generational ZGC:
# at 25,000 reservations/s its stops had a p99 of 0.42-0.49 ms against 18-39 ms young pauses with G1
# (docs/PERFORMANCE.md "Tail latency"). A fixed heap, every page touched at start: ZGC's heap is shared
# memory, and a page's first touch (a fault and a 4 KB clear) was 20 % of the gateway loop's CPU at
# 25,000/s for as long as the heap grew (12,000 faults/s), the server-side p99 2.1-2.4 ms against
# 1.4 ms touched. Costs 0.3 s at start and the heap's RAM up front. FLASHSALE_GC_FLAGS and
# FLASHSALE_HEAP_FLAGS override them.
FLASHSALE_NODE_FLAGS="${FLASHSALE_GC_FLAGS:--XX:+UseZGC} ${FLASHSALE_HEAP_FLAGS:--Xms2g -Xmx2g -XX:+AlwaysPreTouch}"

# Maven itself on JDK 24+: keep Guava's sun.misc.Unsafe warnings out of every build log.
if [ "$flashsale_java_feature" -ge 24 ] 2>/dev/null; then
  case " ${MAVEN_OPTS:-} " in
    *sun-misc-unsafe-memory-access*) ;;
    *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;;
  esac
fi
