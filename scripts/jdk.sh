# Sourced by ./mvnw and ./helctic: sets JAVA_HOME to a JDK whose feature release is at
# least the one .mvn/wrapper/maven.properties asks for, or says clearly there is none.
helctic_find_jdk() {
  local root=$1 min cand v
  min=$(sed -n 's/^java.min=//p' "$root/.mvn/wrapper/maven.properties")
  for cand in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/temurin-*-jdk* /usr/lib/jvm/* /opt/java/* /opt/jdk*; do
    [ -x "$cand/bin/javac" ] || continue
    v=$("$cand/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1)
    if [ -n "$v" ] && [ "${v%%.*}" -ge "$min" ] 2>/dev/null; then
      export JAVA_HOME="$cand"
      return 0
    fi
  done
  echo "helctic: no JDK >= $min found: install Temurin $min (it goes under /usr/lib/jvm) or set JAVA_HOME" >&2
  return 1
}
