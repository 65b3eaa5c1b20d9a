# Sourced by ./helctic before anything else: the environment exactly as the caller gave it, for
# the guest. bash drops PS1 and PS2 from a non-interactive shell's environment, adds SHLVL, PWD
# and _, and exports in an order of its own; this process's initial environment block
# (/proc/$$/environ) still holds what was given, in order. It goes to the JVM in HELCTIC_ENVIRON:
# one entry per line, backslash and newline escaped as \\ and \n (RunCommand.decodeEnviron).
# Builtins only: no process is started.
if [ -r "/proc/$$/environ" ]; then
  HELCTIC_ENVIRON=
  while IFS= read -r -d '' helctic_kv; do
    helctic_kv=${helctic_kv//\\/\\\\}
    HELCTIC_ENVIRON+=${helctic_kv//$'\n'/\\n}$'\n'
  done < "/proc/$$/environ"
  unset helctic_kv
  export HELCTIC_ENVIRON
fi
