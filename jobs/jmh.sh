#!/usr/bin/env bash
# Kernel micro-benchmarks with JMH: the dense layer's forward and backward passes at batch sizes
# 32 to 512, on one thread with one OpenBLAS thread.
#   jobs/jmh.sh [JMH options]     e.g. jobs/jmh.sh -p rows=128 -rf json -rff output/jmh.json
# Compiles the tests (which generates the benchmarks), then runs org.openjdk.jmh.Main on the
# test class path; with no options it runs every benchmark in io.github.sparkbackprop.bench.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
classpath_file="$root/target/test-classpath.txt"
(cd "$root" && mvn -q -B -Dstyle.color=never test-compile >&2)
if [[ ! -s "$classpath_file" || "$root/pom.xml" -nt "$classpath_file" ]]; then
  (cd "$root" && mvn -q -B -Dstyle.color=never \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file" >&2)
fi
if [[ $# -eq 0 ]]; then
  set -- 'io.github.sparkbackprop.bench.*'
fi
export OPENBLAS_NUM_THREADS=1
exec java -cp "$root/target/test-classes:$root/target/classes:$(cat "$classpath_file")" \
  org.openjdk.jmh.Main "$@"
