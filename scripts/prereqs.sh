# Sourced by ./helctic and ./test: makes sure the host tools the build and the tests
# use are installed (Debian packages; installed when missing and we are root).
helctic_prereqs() {
  local missing=() tool pkg
  for pair in gcc:gcc make:make objdump:binutils mkfs.btrfs:btrfs-progs; do
    tool=${pair%%:*}; pkg=${pair#*:}
    command -v "$tool" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "helctic: installing ${missing[*]}" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >&2
  else
    echo "helctic: please install: ${missing[*]}" >&2
    return 1
  fi
}
