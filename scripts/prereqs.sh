# Sourced by ./helctic and ./test: makes sure the host packages the build and the tests
# use are installed (Debian's; installed when missing and we are root):
#   gcc, make, binutils (objdump) build the guests and run the decoder oracle;
#   busybox-static and bash-static are real programs the tests run and decode;
#   btrfs-progs makes the btrfs test images;
#   musl-tools (musl-gcc) builds the musl flavours of the pthread guest and the C conformance programs.
HELCTIC_PACKAGES="gcc make binutils busybox-static bash-static btrfs-progs python3-minimal musl-tools"

# Extra packages may be named as arguments: ./test adds qemu-user (the benchmark's smoke check) and
# gcc-aarch64-linux-gnu and gcc-riscv64-linux-gnu (the layouts of the structures that cross boundary
# 2 are compiled against those ISAs' kernel headers).
helctic_prereqs() {
  local missing=() pkg
  if command -v dpkg-query >/dev/null 2>&1; then
    for pkg in $HELCTIC_PACKAGES "$@"; do
      dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
    done
  else
    for pkg in gcc make objdump; do command -v "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "helctic: installing ${missing[*]}" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >&2
  else
    echo "helctic: please install: ${missing[*]}" >&2
    return 1
  fi
}
