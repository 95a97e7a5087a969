# Sourced by .ci/run, bench/run and reliability/run: exports JAVA_HOME as a JDK 21 or newer, or fails.

# The major version of the JDK whose home is $1 (0 when there is none).
java_major() {
  [ -x "$1/bin/javac" ] || { echo 0; return; }
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ { split($2, v, "."); print v[1]; exit }'
}

pick_jdk() {
  local best="" best_major=0 home major
  # the JDK already chosen, the one on PATH, then the distribution's standard JVM folder
  for home in "${JAVA_HOME:-}" "$(dirname "$(dirname "$(readlink -f "$(command -v javac || true)")")")" /usr/lib/jvm/*; do
    [ -n "$home" ] || continue
    major=$(java_major "$home")
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$home" best_major="$major"
    fi
  done
  echo "$best"
}

if [ "$(java_major "${JAVA_HOME:-/nonexistent}")" -lt 21 ]; then
  JAVA_HOME=$(pick_jdk)
  if [ -z "$JAVA_HOME" ]; then
    echo "No JDK 21 or newer found: install one and set JAVA_HOME." >&2
    exit 1
  fi
  export JAVA_HOME
fi
echo "Using the JDK at $JAVA_HOME ($(java_major "$JAVA_HOME"))"
