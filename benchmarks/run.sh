#!/usr/bin/env bash
# Builds the agent and the benchmarks, runs every JMH row on JDK 17 and JDK 25 (the real agent jar
# attached to the forks), measures start-up with and without the agent, and writes
# benchmarks/results.md. About 11 minutes on 2 cores (540 s measured, plus ~85 s for family l2,
# which runs against a redis-server the harness starts and stops).
#
#   benchmarks/run.sh              build + benchmarks + start-up + results.md
#   benchmarks/run.sh bench        benchmarks only (then: report)
#   benchmarks/run.sh startup      start-up only (then: report)
#   benchmarks/run.sh report       results.md from what the last runs left in benchmarks/target/bench
#
# Environment:
#   SKIP_BUILD=1       use the jars already built
#   QUICK=1            2 warm-up + 3 measured iterations of 1 s instead of 3 + 5 (for development)
#   JDK17_HOME, JDK25_HOME   the JDKs to run on (default: found under /usr/lib/jvm); JDKS overrides
#                      both, e.g. JDKS="17=/opt/jdk17,21=/opt/jdk21"
#   BENCH_INCLUDE      regex: run only the matching benchmarks, e.g. 'AgentBench|caffeineFloor$'
#   BENCH_FAMILIES     e.g. "l1", "control" or "l2" (default: all, see Family.java); a run of some
#                      families replaces only their figures, the report keeps the others'
#   REDIS_URL          family l2: use this Redis instead of starting one (default: the harness
#                      starts redis-server from PATH, else the binary in the embedded-redis jar,
#                      on a free loopback port, and stops it at the end)
#   BENCH_PROF         extra JMH profilers, e.g. "stack" (-prof gc is always on)
#   STARTUP_RUNS       runs per variant and JDK for the start-up median (default 15)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
what=${1:-all}
out=$root/benchmarks/target/bench
agent=$root/agent/target/methodcache-agent.jar
jar=$root/benchmarks/target/benchmarks.jar
started=$(date +%s)

has_premain() { # the jar's manifest names a Premain-Class (a complete, shaded agent jar)
  local tmp; tmp=$(mktemp -d)
  (cd "$tmp" && "$jar_tool" xf "$1" META-INF/MANIFEST.MF 2>/dev/null && grep -q '^Premain-Class' META-INF/MANIFEST.MF)
  local rc=$?; rm -rf "$tmp"; return $rc
}

find_jdk() { # first directory among the arguments that holds bin/java
  for d in "$@"; do
    if [ -x "$d/bin/java" ]; then echo "$d"; return; fi
  done
}

if [ -z "${JDKS:-}" ]; then
  jdk17=${JDK17_HOME:-$(find_jdk /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-17-jdk-amd64 /usr/lib/jvm/*17*)}
  jdk25=${JDK25_HOME:-$(find_jdk /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/*25*)}
  JDKS=""
  [ -n "$jdk17" ] && JDKS="17=$jdk17"
  [ -n "$jdk25" ] && JDKS="${JDKS:+$JDKS,}25=$jdk25"
  if [ -z "$JDKS" ]; then echo "no JDK 17 or 25 found; set JDK17_HOME / JDK25_HOME or JDKS" >&2; exit 2; fi
  case "$JDKS" in *25=*) ;; *) echo "warning: no JDK 25 found, running on $JDKS only" >&2 ;; esac
fi
# The harness itself runs on JDK 17 (the benchmarks are compiled for release 17).
host_java=${jdk17:+$jdk17/bin/java}
host_java=${host_java:-java}
jar_tool=$(dirname "$(command -v "$host_java")")/jar

if [ "$what" = all ] && [ -z "${SKIP_BUILD:-}" ]; then
  echo "== build"
  mvn -B -q -DskipTests install
  mvn -B -q -DskipTests -f benchmarks/pom.xml package
fi
for f in "$agent" "$jar"; do
  [ -f "$f" ] || { echo "missing $f; run without SKIP_BUILD" >&2; exit 2; }
done
mkdir -p "$out"
# Measure a snapshot of the agent jar: others may rebuild agent/target while this runs.
if [ "$what" != report ]; then
  for attempt in 1 2 3 4 5 6; do
    cp "$agent" "$out/methodcache-agent.jar"
    if has_premain "$out/methodcache-agent.jar"; then break; fi
    [ "$attempt" -lt 6 ] || { echo "$agent is not an agent jar (no Premain-Class)" >&2; exit 2; }
    echo "the agent jar is being rebuilt; waiting" >&2; sleep 20
  done
fi
agent=$out/methodcache-agent.jar

common=(-Dbench.agent="$agent" -Dbench.jdks="$JDKS" -Dbench.out="$out")
status=0

if [ "$what" = all ] || [ "$what" = bench ]; then
  echo "== benchmarks on $JDKS (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  if [ -z "${BENCH_FAMILIES:-}" ] && [ -z "${BENCH_INCLUDE:-}" ]; then
    rm -f "$out"/jdk*.tsv "$out"/jmh-*.json "$out"/*-jdk*.tsv
  fi
  "$host_java" "${common[@]}" \
    -Dbench.rules="$root/benchmarks/rules" \
    -Dbench.quick="${QUICK:-false}" \
    -Dbench.include="${BENCH_INCLUDE:-}" \
    -Dbench.families="${BENCH_FAMILIES:-}" \
    -Dbench.prof="${BENCH_PROF:-}" \
    -cp "$jar" io.methodcache.bench.run.Suite 2>&1 \
    | tee "$out/suite${BENCH_FAMILIES:+-${BENCH_FAMILIES//,/-}}.log" || status=1
fi

if [ "$what" = all ] || [ "$what" = startup ]; then
  echo "== start-up on $JDKS"
  "$host_java" "${common[@]}" \
    -Dbench.startupRules="$root/benchmarks/rules/startup.yaml" \
    -Dbench.appcp="$root/benchmarks/target/classes" \
    -Dbench.runs="${STARTUP_RUNS:-15}" \
    -cp "$jar" io.methodcache.bench.startup.StartupMeasure || status=1
fi

echo "== report"
"$host_java" -Dbench.out="$out" -Dbench.results="$root/benchmarks/results.md" \
  -cp "$jar" io.methodcache.bench.run.Report
echo "== done in $(( $(date +%s) - started )) s (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
exit $status
