# Steps shared by the jobs/*.sh scripts; source this file, do not run it. It builds the jar when
# it is missing or older than the sources, keeps the runtime class path (Spark included) in
# target/classpath.txt, rebuilt when pom.xml changes, and starts a main class with the JVM
# options that Spark needs on Java 17. A script in jobs/ uses it like this:
#
#   set -euo pipefail
#   source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
#   sbp_run_main 2g io.github.sparkbackprop.jobs.SomeJob "$@"
#
# A script may fill the array sbp_jvm_options (for example with -Dkey=value) before calling
# sbp_run_main. Environment: SPARK_BACKPROP_JAVA_OPTS, extra JVM options placed after all others
# so that they win (for example -Xmx12g); SPARK_LOCAL_IP, default 127.0.0.1.

sbp_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The name of the script that sourced this file, for its messages.
sbp_script="$(basename "${BASH_SOURCE[1]:-$0}")"
sbp_classpath_file="$sbp_root/target/classpath.txt"
sbp_jvm_options=()

sbp_say() {
  echo "$sbp_script: $*" >&2
}

# The newest project jar under target/, or nothing.
sbp_newest_jar() {
  ls -t "$sbp_root"/target/spark-backprop-*.jar 2>/dev/null \
    | grep -v -e '-sources\.jar$' -e '-tests\.jar$' -e '-javadoc\.jar$' | head -n 1 || true
}

# Succeeds when the jar is missing or a file it is built from changed after it.
sbp_jar_stale() {
  local jar
  jar="$(sbp_newest_jar)"
  [[ -z "$jar" ]] \
    || [[ -n "$(find "$sbp_root/src/main" "$sbp_root/pom.xml" -newer "$jar" -print -quit)" ]]
}

# Builds the jar when it is stale; tests are neither compiled nor run (-Dmaven.test.skip=true
# alone would still run the ScalaTest plugin, which follows -DskipTests). Maven's output goes to
# stderr, so that stdout carries only the job's own output.
sbp_ensure_jar() {
  if sbp_jar_stale; then
    sbp_say "building the jar (mvn package)"
    (cd "$sbp_root" && mvn -q -B -Dstyle.color=never -DskipTests -Dmaven.test.skip=true package >&2)
  fi
}

# Writes the runtime class path to target/classpath.txt when it is missing or older than pom.xml.
sbp_ensure_classpath() {
  if [[ ! -s "$sbp_classpath_file" || "$sbp_root/pom.xml" -nt "$sbp_classpath_file" ]]; then
    sbp_say "resolving the class path (mvn dependency:build-classpath)"
    (cd "$sbp_root" && mvn -q -B -Dstyle.color=never \
      org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
      -Dmdep.includeScope=compile -Dmdep.outputFile="$sbp_classpath_file" >&2)
  fi
}

# Prints the --add-opens flags, kept once in the pom's spark.java.opens property.
sbp_open_flags() {
  local opens
  opens="$(sed -n 's:.*<spark.java.opens>\(.*\)</spark.java.opens>.*:\1:p' "$sbp_root/pom.xml")"
  if [[ -z "$opens" ]]; then
    sbp_say "no <spark.java.opens> property found on one line of $sbp_root/pom.xml"
    return 1
  fi
  echo "$opens"
}

sbp_warn_without_openblas() {
  local libraries
  libraries="$(PATH="$PATH:/sbin:/usr/sbin" ldconfig -p 2>/dev/null || true)"
  if [[ "$libraries" != *libopenblas* ]]; then
    sbp_say "libopenblas not found; Spark falls back to Java BLAS, several times slower" \
      "(sudo apt-get install libopenblas0-pthread)"
  fi
}

# sbp_run_main HEAP MAIN_CLASS [ARGS...]: runs MAIN_CLASS in a JVM and returns its exit code.
# A run can take minutes and the JVM loads classes lazily, so it runs from a private copy of the
# jar: a rebuild of target/ meanwhile (mvn package elsewhere) must not swap classes under it.
sbp_run_main() {
  local heap="$1" main_class="$2"
  shift 2
  sbp_ensure_jar
  sbp_ensure_classpath
  local opens
  opens="$(sbp_open_flags)"
  local open_flags user_options
  read -r -a open_flags <<< "$opens"
  read -r -a user_options <<< "${SPARK_BACKPROP_JAVA_OPTS:-}"
  sbp_warn_without_openblas
  sbp_run_jar="$(mktemp "${TMPDIR:-/tmp}/spark-backprop-run.XXXXXX")"
  trap 'rm -f "$sbp_run_jar"' EXIT
  cp "$(sbp_newest_jar)" "$sbp_run_jar"
  export OPENBLAS_NUM_THREADS=1
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  java "-Xmx$heap" "${open_flags[@]}" \
    -Dlog4j2.configurationFile="$sbp_root/jobs/log4j2.properties" \
    ${sbp_jvm_options[@]+"${sbp_jvm_options[@]}"} \
    ${user_options[@]+"${user_options[@]}"} \
    -cp "$sbp_run_jar:$(cat "$sbp_classpath_file")" "$main_class" "$@"
}
